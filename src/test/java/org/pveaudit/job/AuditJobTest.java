package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterCounts;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.report.CsvReport;
import org.pveaudit.report.HtmlReport;
import org.pveaudit.report.JsonReport;
import org.pveaudit.report.JunitReport;
import org.pveaudit.report.SarifReport;
import org.pveaudit.report.XlsxReport;
import org.pveaudit.rules.Severity;

/**
 * The Spring Batch {@code audit} job run through {@link AuditRunner} without the command line, on the sample
 * clusters and a new SQLite history: what the run row, the stored counts, the exit code and the report folder
 * say, first run and second.
 */
@Tag("e2e")
class AuditJobTest {

    @TempDir
    Path dir;

    @Test
    void auditsTheSamplesIntoACompletedRunWithCountsReportsAndExitCode() throws Exception {
        AuditRequest request = SampleAudit.request(dir, List.of(ReportConfig.ReportFormat.values()));

        AuditResult first = AuditRunner.run(request, "test", false);

        assertThat(first.failure()).isNull();
        assertThat(first.exitCode()).as("high findings, --fail-on high").isEqualTo(ExitCode.FINDINGS);
        AuditHistory history = SampleAudit.history(request);
        AuditRun run = history.runs().run(first.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(AuditRun.COMPLETED);
        assertThat(run.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(run.failOn()).isEqualTo("high");
        assertThat(run.rulePacks()).startsWith("baseline@");
        assertThat(first.clusters()).extracting(ClusterRun::cluster, ClusterRun::status, ClusterRun::pveVersion)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("prod", ClusterRun.Status.EVALUATED, "9.1.4"),
                        org.assertj.core.groups.Tuple.tuple("lab", ClusterRun.Status.EVALUATED, "8.4.14"),
                        org.assertj.core.groups.Tuple.tuple("branch", ClusterRun.Status.EVALUATED, "9.1"));
        for (String cluster : SampleAudit.FIXED_COUNTS.keySet()) {
            assertThat(undated(first.findings(), cluster)).as("findings of %s by severity", cluster)
                    .containsExactly(SampleAudit.FIXED_COUNTS.get(cluster));
        }
        Map<String, ClusterCounts> counts = byCluster(history.clusters().counts(first.runId()));
        for (String cluster : SampleAudit.FIXED_COUNTS.keySet()) {
            ClusterCounts c = counts.get(cluster);
            long all = first.findings().stream().filter(f -> f.finding().cluster().equals(cluster)).count();
            assertThat(new int[] {c.critical(), c.high(), c.medium(), c.low(), c.info()}).as(cluster)
                    .containsExactly(severities(first.findings(), cluster, false));
            assertThat(c.newFindings()).as("%s: every finding of a first run is new", cluster).isEqualTo((int) all);
            assertThat(c.baselineRun()).isNull();
        }

        Path reports = first.reportDir();
        assertThat(reports.getParent()).isEqualTo(dir.resolve("reports"));
        assertThat(reports.getFileName().toString()).matches("\\d{8}-\\d{6}-r" + first.runId());
        assertThat(run.reportDir()).isEqualTo(reports.toString());
        for (String file : List.of(HtmlReport.FILE, XlsxReport.FILE, JsonReport.FILE, CsvReport.FILE,
                SarifReport.FILE, JunitReport.FILE)) {
            assertThat(reports.resolve(file)).as(file).isNotEmptyFile();
        }

        // the same clusters again: nothing new, so --fail-on-new passes where --fail-on high fails
        AuditRequest failOnNew = SampleAudit.request(dir, List.of(ReportConfig.ReportFormat.values()),
                new FailurePolicy(Severity.HIGH, true));
        AuditResult second = AuditRunner.run(failOnNew, "test", false, RunOptions.DEFAULT, false);

        assertThat(second.runId()).isGreaterThan(first.runId());
        assertThat(second.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(second.findings()).hasSameSizeAs(first.findings())
                .allMatch(f -> f.state() == StoredFinding.State.OPEN);
        ClusterCounts prod = byCluster(history.clusters().counts(second.runId())).get("prod");
        assertThat(prod.baselineRun()).isEqualTo(first.runId());
        assertThat(prod.newFindings()).isZero();
        assertThat(history.runs().run(second.runId()).orElseThrow().status()).isEqualTo(AuditRun.COMPLETED);
        assertThat(new org.pveaudit.report.ReportFolders(dir.resolve("reports")).list()).hasSize(2);
    }

    private static Map<String, ClusterCounts> byCluster(List<ClusterCounts> counts) {
        Map<String, ClusterCounts> m = new java.util.HashMap<>();
        counts.forEach(c -> m.put(c.cluster(), c));
        return m;
    }

    private static int[] undated(List<StoredFinding> findings, String cluster) {
        return severities(findings, cluster, true);
    }

    /** Unwaived findings of the cluster per severity, critical first; {@code undated} leaves out the dated rule. */
    private static int[] severities(List<StoredFinding> findings, String cluster, boolean undated) {
        List<Severity> order = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO);
        int[] n = new int[order.size()];
        findings.stream().filter(f -> !f.waived() && f.finding().cluster().equals(cluster))
                .filter(f -> !undated || !f.finding().ruleId().equals(SampleAudit.DATED_RULE))
                .forEach(f -> n[order.indexOf(f.finding().severity())]++);
        return n;
    }
}
