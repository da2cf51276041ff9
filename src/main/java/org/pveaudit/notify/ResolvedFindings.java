package org.pveaudit.notify;

import java.util.OptionalInt;

/**
 * How many findings of the run's previous runs are gone in this run, as the history counts them (the runner
 * passes {@code history.resolved(runId).size()}). With {@link #UNKNOWN} the subject and body leave the
 * "resolved" figure out rather than guess it.
 */
@FunctionalInterface
public interface ResolvedFindings {

    /** No count to give (a notifier built without the history's). */
    ResolvedFindings UNKNOWN = runId -> OptionalInt.empty();

    OptionalInt count(long runId);
}
