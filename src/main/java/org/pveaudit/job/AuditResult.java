package org.pveaudit.job;

import java.nio.file.Path;
import java.util.List;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;

/** What an audit run ended with: its id, report folder, clusters, findings and the exit code. */
public record AuditResult(long runId, Path reportDir, List<ClusterRun> clusters, List<StoredFinding> findings,
                          int exitCode, String failure) {
}
