package org.pveaudit.history;

import org.pveaudit.rules.Finding;

/**
 * A finding of the cluster's previous completed run that a run no longer has. {@code lastSeenRun}
 * is that previous run; {@code waiver} says whether it was waived there.
 */
public record ResolvedFinding(Finding finding, long firstSeenRun, String firstSeenAt, long lastSeenRun,
                              Integer waiver) {
}
