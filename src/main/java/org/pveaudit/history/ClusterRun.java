package org.pveaudit.history;

import java.time.Instant;

/** One cluster within a run: whether it was audited, and if not, why. */
public record ClusterRun(long runId, String cluster, Status status, String pveVersion, String error,
                         Instant collectedAt) {

    /** How far the cluster got. */
    public enum Status {
        /** Data read; waiting for evaluation. */
        COLLECTED,
        /** Rules evaluated. */
        EVALUATED,
        /** The cluster could not be reached or read. */
        NOT_AUDITED,
        /** The input was malformed (a bad snapshot file or user.cfg line). */
        INVALID_INPUT
    }

    public boolean audited() {
        return status == Status.EVALUATED || status == Status.COLLECTED;
    }
}
