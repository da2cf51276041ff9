package org.pveaudit.history;

import org.pveaudit.rules.Finding;

/**
 * A finding of an earlier run that a run does not have: resolved (its rule was evaluated and did
 * not find it) or not evaluated (its rule could not be evaluated, so its state is unknown).
 * {@code lastSeenRun} is the run that last found it; {@code waiver} says whether it was waived there.
 */
public record EarlierFinding(Finding finding, long firstSeenRun, String firstSeenAt, long lastSeenRun,
                             Integer waiver) {
}
