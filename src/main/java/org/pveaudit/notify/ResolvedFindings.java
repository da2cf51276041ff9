package org.pveaudit.notify;

import java.util.OptionalInt;

/**
 * HOOK for the history work: how many findings of the cluster's previous run are gone in this run.
 * Until the history package records resolved findings, {@link #UNKNOWN} is used and the subject and
 * body leave the "resolved" figure out rather than guess it. Wire the history's count in
 * {@link MailNotifier#MailNotifier(javax.sql.DataSource, ResolvedFindings)}.
 */
@FunctionalInterface
public interface ResolvedFindings {

    /** No resolved data yet. */
    ResolvedFindings UNKNOWN = runId -> OptionalInt.empty();

    OptionalInt count(long runId);
}
