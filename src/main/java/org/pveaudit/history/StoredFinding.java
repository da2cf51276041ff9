package org.pveaudit.history;

import org.pveaudit.rules.Finding;

/**
 * A finding as stored for a run, with whether it is new since the cluster's previous run, and the
 * position of the run's waiver that covers it (null when it is not waived).
 */
public record StoredFinding(Finding finding, State state, long firstSeenRun, String firstSeenAt, Integer waiver) {

    public boolean waived() {
        return waiver != null;
    }

    /** New in this run, or still open from an earlier one. */
    public enum State { NEW, OPEN }
}
