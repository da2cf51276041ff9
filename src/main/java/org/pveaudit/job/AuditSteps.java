package org.pveaudit.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.report.HtmlReport;
import org.pveaudit.report.JsonReport;
import org.pveaudit.report.ReportData;
import org.pveaudit.report.XlsxReport;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of each step of the {@code audit} job. Steps share nothing in memory: each reads what
 * the previous one stored for the run id, so any step can be restarted on its own.
 */
public class AuditSteps {

    private static final Logger log = LoggerFactory.getLogger(AuditSteps.class);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final AuditRequest request;
    private final AuditHistory history;
    private final RuleEngine rules;

    public AuditSteps(AuditRequest request, AuditHistory history, RuleEngine rules) {
        this.request = request;
        this.history = history;
        this.rules = rules;
    }

    /** Reads one cluster; a cluster that cannot be read is recorded as not audited, not thrown. */
    public void collect(long runId, String cluster) {
        long start = System.nanoTime();
        try {
            ClusterSnapshot snapshot = ClusterSources.of(request.cluster(cluster)).collect();
            history.saveCollected(runId, snapshot);
            log.info("{}: collected {} users, {} tokens, {} groups, {} ACL entries, {} pools in {} ms", cluster,
                    snapshot.users().size(), snapshot.tokens().size(), snapshot.groups().size(),
                    snapshot.acl().size(), snapshot.pools().size(), (System.nanoTime() - start) / 1_000_000);
        } catch (SourceException e) {
            log.warn("{}: not audited: {}", cluster, e.getMessage());
            history.saveFailed(runId, cluster, ClusterRun.Status.INVALID_INPUT, e.getMessage());
        } catch (SourceUnavailableException e) {
            log.warn("{}: not audited: {}", cluster, e.getMessage());
            history.saveFailed(runId, cluster, ClusterRun.Status.NOT_AUDITED, e.getMessage());
        }
    }

    public void evaluate(long runId) {
        long now = System.currentTimeMillis() / 1000;
        for (ClusterRun c : history.clusters(runId)) {
            if (c.status() == ClusterRun.Status.COLLECTED) {
                ClusterSnapshot snapshot = history.snapshot(runId, c.cluster());
                RuleEngine.Evaluation result = rules.evaluate(request.packs(), snapshot, now);
                history.saveEvaluation(runId, c.cluster(), result.outcomes(), result.findings());
                log.info("{}: {} rules evaluated, {} findings", c.cluster(), result.outcomes().size(),
                        result.findings().size());
            }
        }
    }

    public void compare(long runId) {
        history.compareWithPrevious(runId);
    }

    /** Writes the configured formats into {@code <out>/<run timestamp>-r<run id>/}. */
    public Path report(long runId) {
        ReportData data = ReportData.of(history, runId, warnings(runId));
        Path dir = request.outDir().resolve(FOLDER.format(data.run().startedAt()) + "-r" + runId);
        try {
            Files.createDirectories(dir);
            Path templates = request.config().report().templates() == null ? null
                    : Path.of(request.config().report().templates());
            for (ReportConfig.ReportFormat format : request.formats()) {
                switch (format) {
                    case HTML -> new HtmlReport(templates).write(data, dir);
                    case XLSX -> new XlsxReport().write(data, dir);
                    case JSON -> new JsonReport().write(data, dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reports to " + dir + ": " + e.getMessage(), e);
        }
        history.setReportDir(runId, dir.toString());
        return dir;
    }

    private List<String> warnings(long runId) {
        List<String> warnings = new ArrayList<>();
        for (ClusterRun c : history.clusters(runId)) {
            if (c.status() == ClusterRun.Status.EVALUATED) {
                ClusterSnapshot s = history.snapshot(runId, c.cluster());
                s.gaps().forEach(g -> warnings.add(c.cluster() + ": " + g.dataset().key() + " not read from "
                        + g.source() + ": " + g.reason()));
                s.warnings().forEach(w -> warnings.add(c.cluster() + ": " + w));
            }
        }
        return warnings;
    }
}
