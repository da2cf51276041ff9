package org.pveaudit.history;

import java.time.Instant;

/** One audit run as the history records it. */
public record AuditRun(long id, Instant startedAt, Instant finishedAt, String status, String toolVersion,
                       String configHash, String rulePacks, String failOn, String reportDir, Integer exitCode) {
}
