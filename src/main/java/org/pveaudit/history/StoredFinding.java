package org.pveaudit.history;

import java.time.Duration;
import java.time.Instant;
import org.pveaudit.rules.Finding;

/**
 * A finding as stored for a run, with how it compares with the cluster's previous completed run,
 * when it was first seen, and the position of the run's waiver that covers it (null when it is not waived).
 */
public record StoredFinding(Finding finding, State state, long firstSeenRun, String firstSeenAt, Integer waiver) {

    public boolean waived() {
        return waiver != null;
    }

    /** Whole days from first seen to {@code asOf} (the run's start), 0 when not known. */
    public long ageDays(Instant asOf) {
        if (firstSeenAt == null || asOf == null) {
            return 0;
        }
        return Math.max(0, Duration.between(Instant.parse(firstSeenAt), asOf).toDays());
    }

    /** New or regressed: what {@code --fail-on-new} looks at. */
    public boolean fresh() {
        return state == State.NEW || state == State.REGRESSED;
    }

    /**
     * NEW: not in the cluster's previous completed run and never before; OPEN: also in the previous
     * run; REGRESSED: not in the previous run, but in an earlier one (it was resolved and came back).
     */
    public enum State { NEW, OPEN, REGRESSED }
}
