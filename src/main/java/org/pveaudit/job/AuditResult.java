package org.pveaudit.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.notify.MailResult;

/**
 * What an audit run ended with: its id, report folder, clusters, findings, how many findings of each
 * cluster's previous run are resolved, the exit code, what became of its e-mail ({@code mail}
 * null when no {@code mail:} section is configured), and what the operator must see at the end.
 */
public record AuditResult(long runId, Path reportDir, List<ClusterRun> clusters, List<StoredFinding> findings,
                          Map<String, Integer> resolved, int exitCode, String failure, MailResult mail,
                          RunNotices notices) {

    public AuditResult {
        resolved = Map.copyOf(resolved);
    }
}
