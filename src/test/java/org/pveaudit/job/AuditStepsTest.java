package org.pveaudit.job;

import org.pveaudit.history.SqlDialect;
import org.pveaudit.history.FailurePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterCounts;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.report.CsvReport;
import org.pveaudit.report.JsonReport;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.Severity;
import org.springframework.util.FileSystemUtils;

/**
 * Each step of the {@code audit} job on its own, on a migrated temporary SQLite history and without Spring
 * Batch: every step reads only what the previous one stored for the run id.
 */
class AuditStepsTest {

    @TempDir
    Path dir;

    private AuditHistory history;

    /** A request for {@code clusters} (YAML list items) with the baseline pack, its history migrated. */
    private AuditRequest request(String clusters, Path out, ReportConfig.ReportFormat... formats) throws IOException {
        Path file = Files.writeString(dir.resolve("pve-audit.yml"), """
                clusters:
                %s
                rules: [%s]
                history:
                  database: %s
                """.formatted(clusters.indent(2).stripTrailing(), Path.of("rules", "baseline.yml").toAbsolutePath(),
                dir.resolve("history.db")));
        AuditConfig config = AuditConfigLoader.load(file);
        AuditRequest request = AuditRequest.of(config, file.toString(), config.clusters(),
                new RulePackLoader(new RuleExpressions()).load(config.rules()), List.of(), FailurePolicy.DEFAULT, out,
                "hash", List.of(formats));
        Flyway.configure().dataSource(config.history().jdbcUrl(), null, null)
                .locations(SqlDialect.SQLITE.migrations().toArray(String[]::new))
                .load().migrate();
        history = SampleAudit.history(request);
        return request;
    }

    private static AuditSteps steps(AuditRequest request, AuditHistory history) {
        return new AuditSteps(request, history, new RuleEngine(new RuleExpressions()));
    }

    private ClusterRun cluster(long runId, String name) {
        return history.clusters().of(runId).stream().filter(c -> c.cluster().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void clustersEvaluatedInParallelGiveWhatOneAtATimeGives() throws Exception {
        List<List<String>> perRun = new java.util.ArrayList<>();
        for (int parallel : new int[] {1, 3}) {
            Path file = Files.writeString(dir.resolve("parallel-" + parallel + ".yml"), """
                    clusters:
                      - {name: prod, source: snapshot, path: %s}
                      - {name: lab, source: snapshot, path: %s}
                      - {name: branch, source: snapshot, path: %s}
                    rules: [%s]
                    history:
                      database: %s
                    parallel: {evaluate: %d}
                    """.formatted(Path.of("sample-data", "prod").toAbsolutePath(),
                    Path.of("sample-data", "lab").toAbsolutePath(), Path.of("sample-data", "branch").toAbsolutePath(),
                    Path.of("rules", "baseline.yml").toAbsolutePath(), dir.resolve("history.db"), parallel));
            AuditConfig config = AuditConfigLoader.load(file);
            AuditRequest request = AuditRequest.of(config, file.toString(), config.clusters(),
                    new RulePackLoader(new RuleExpressions()).load(config.rules()), List.of(), FailurePolicy.DEFAULT,
                    dir.resolve("out"), "hash", List.of());
            assertThat(request.parallelism()).isEqualTo(parallel);
            assertThat(request.showsAccess()).as("no html, no xlsx: no access analysis").isFalse();
            Flyway.configure().dataSource(config.history().jdbcUrl(), null, null)
                .locations(SqlDialect.SQLITE.migrations().toArray(String[]::new))
                    .load().migrate();
            history = SampleAudit.history(request);
            AuditSteps steps = steps(request, history);
            long run = history.runs().start("test", "hash", request.packNames(), "high");
            for (String c : List.of("prod", "lab", "branch")) {
                steps.collect(run, c);
            }
            steps.evaluate(run);
            assertThat(history.clusters().of(run)).allMatch(c -> c.status() == ClusterRun.Status.EVALUATED);
            perRun.add(history.findings().of(run).stream().map(f -> f.finding().fingerprint() + " "
                    + f.finding().message()).sorted().toList());
        }
        assertThat(perRun.get(0)).hasSizeGreaterThan(150).isEqualTo(perRun.get(1));
    }

    @Test
    void collectEvaluateCompareAndReportEachStoreWhatTheNextReads() throws Exception {
        Path prod = Path.of("sample-data", "prod").toAbsolutePath();
        AuditRequest request = request("- {name: prod, source: snapshot, path: " + prod + "}", dir.resolve("out"),
                ReportConfig.ReportFormat.JSON, ReportConfig.ReportFormat.CSV);
        AuditSteps steps = steps(request, history);
        long run = history.runs().start("test", "hash", request.packNames(), "high");

        String contents = steps.collect(run, "prod");
        ClusterSnapshot stored = history.snapshots().snapshot(run, "prod");
        assertThat(contents).as("what the progress line shows").isEqualTo(stored.users().size() + " users, "
                + stored.tokens().size() + " tokens, " + stored.groups().size() + " groups, " + stored.acl().size()
                + " ACL entries, " + stored.pools().size() + " pools");
        assertThat(cluster(run, "prod").status()).isEqualTo(ClusterRun.Status.COLLECTED);
        assertThat(cluster(run, "prod").pveVersion()).isEqualTo("9.1.4");
        assertThat(history.findings().of(run)).isEmpty();

        steps.evaluate(run);
        assertThat(cluster(run, "prod").status()).isEqualTo(ClusterRun.Status.EVALUATED);
        int rules = request.packs().stream().mapToInt(p -> p.rules().size()).sum();
        assertThat(history.findings().outcomes(run)).hasSize(rules).noneMatch(o -> o.status() == RuleOutcome.Status.ERROR);
        int[] fixed = SampleAudit.FIXED_COUNTS.get("prod");
        assertThat(history.findings().of(run).stream().filter(f -> f.finding().severity() == Severity.CRITICAL))
                .hasSize(fixed[0]);
        assertThat(history.clusters().counts(run).get(0).critical()).as("counted by the history step").isNull();

        steps.compare(run);
        ClusterCounts counts = history.clusters().counts(run).get(0);
        assertThat(counts.critical()).isEqualTo(fixed[0]);
        assertThat(counts.high()).isEqualTo(fixed[1]);
        assertThat(counts.newFindings()).isEqualTo(history.findings().of(run).size());

        Path reports = steps.report(run);
        assertThat(reports.getParent()).isEqualTo(dir.resolve("out"));
        assertThat(reports.getFileName().toString()).matches("\\d{8}-\\d{6}-r" + run);
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(JsonReport.FILE,
                    CsvReport.FILE);
        }
        assertThat(history.runs().run(run).orElseThrow().reportDir()).isEqualTo(reports.toString());
    }

    @Test
    void aClusterThatCannotBeReadIsRecordedAsNotAuditedWithPathsRelativeToTheConfiguration() throws Exception {
        AuditRequest request = request("- {name: gone, source: snapshot, path: nowhere}", dir.resolve("out"));
        long run = history.runs().start("test", "hash", request.packNames(), "high");

        assertThat(steps(request, history).collect(run, "gone")).as("nothing collected").isNull();

        ClusterRun gone = cluster(run, "gone");
        assertThat(gone.audited()).isFalse();
        assertThat(gone.error()).contains("nowhere").doesNotContain(dir.toString());
    }

    @Test
    void aReplayReadsTheSnapshotsTheReplayedRunStoredNotTheSource() throws Exception {
        Path copy = dir.resolve("prod");
        FileSystemUtils.copyRecursively(Path.of("sample-data", "prod"), copy);
        AuditRequest request = request("""
                - {name: prod, source: snapshot, path: prod}
                - {name: edge, source: snapshot, path: edge-not-there}""", dir.resolve("out"));
        AuditSteps steps = steps(request, history);
        long first = history.runs().start("test", "hash", request.packNames(), "high");
        steps.collect(first, "prod");
        steps.collect(first, "edge");
        FileSystemUtils.deleteRecursively(copy);

        long replay = history.runs().start("test", "hash", request.packNames(), FailurePolicy.DEFAULT, first);
        steps.collect(replay, "prod");
        steps.collect(replay, "edge");

        assertThat(cluster(replay, "prod").status()).isEqualTo(ClusterRun.Status.COLLECTED);
        assertThat(history.snapshots().snapshot(replay, "prod")).isEqualTo(history.snapshots().snapshot(first, "prod"));
        assertThat(cluster(replay, "edge").audited()).isFalse();
        assertThat(cluster(replay, "edge").error()).startsWith("not audited in run " + first + ": ");
    }

    @Test
    void aReportFolderThatCannotBeCreatedFailsTheStepInOneLineNamingIt() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("out"), "a file where the reports should go");
        AuditRequest request = request("- {name: prod, source: snapshot, path: "
                + Path.of("sample-data", "prod").toAbsolutePath() + "}", notAFolder, ReportConfig.ReportFormat.JSON);
        AuditSteps steps = steps(request, history);
        long run = history.runs().start("test", "hash", request.packNames(), "high");
        steps.collect(run, "prod");
        steps.evaluate(run);

        assertThatThrownBy(() -> steps.report(run))
                .isInstanceOf(AuditSteps.ReportFailure.class)
                .hasMessageStartingWith("cannot write reports to " + notAFolder.toString())
                .hasMessageNotContaining("\n");
        assertThat(history.runs().run(run).orElseThrow().reportDir()).isNull();
    }
}
