package org.pveaudit.job;

import java.nio.file.Path;
import java.util.List;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.notify.MailResult;

/**
 * What an audit run ended with: its id, report folder, clusters, findings, the exit code, and what became
 * of its e-mail ({@code mail} null when no {@code mail:} section is configured).
 */
public record AuditResult(long runId, Path reportDir, List<ClusterRun> clusters, List<StoredFinding> findings,
                          int exitCode, String failure, MailResult mail) {

    public AuditResult(long runId, Path reportDir, List<ClusterRun> clusters, List<StoredFinding> findings,
                       int exitCode, String failure) {
        this(runId, reportDir, clusters, findings, exitCode, failure, null);
    }
}
