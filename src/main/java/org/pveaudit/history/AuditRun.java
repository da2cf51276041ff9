package org.pveaudit.history;

import java.time.Instant;

/**
 * One audit run as the history records it. {@code replayOf} is the run whose stored snapshots it
 * re-evaluated (null for a live run); {@code pid} and {@code host} are the process that ran it.
 */
public record AuditRun(long id, Instant startedAt, Instant finishedAt, String status, String toolVersion,
                       String configHash, String rulePacks, String failOn, String reportDir, Integer exitCode,
                       Long replayOf, Long pid, String host, boolean failOnNew, int restarts) {

    public AuditRun(long id, Instant startedAt, Instant finishedAt, String status, String toolVersion,
                    String configHash, String rulePacks, String failOn, String reportDir, Integer exitCode) {
        this(id, startedAt, finishedAt, status, toolVersion, configHash, rulePacks, failOn, reportDir, exitCode,
                null, null, null, false, 0);
    }

    /** The statuses of a run. */
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    /** A run left RUNNING by a process that died (found by the next run, which holds the run lock). */
    public static final String ABANDONED = "ABANDONED";
    /** A run whose process was stopped (SIGTERM, Ctrl-C) before it ended; marked by that process as it stopped. */
    public static final String INTERRUPTED = "INTERRUPTED";
}
