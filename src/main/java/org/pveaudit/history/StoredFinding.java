package org.pveaudit.history;

import org.pveaudit.rules.Finding;

/** A finding as stored for a run, with whether it is new since the cluster's previous run. */
public record StoredFinding(Finding finding, State state, long firstSeenRun, String firstSeenAt) {

    /** New in this run, or still open from an earlier one. */
    public enum State { NEW, OPEN }
}
