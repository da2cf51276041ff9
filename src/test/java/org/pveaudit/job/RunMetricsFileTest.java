package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.report.ExpositionParser;
import org.pveaudit.report.RunMetrics;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.Severity;

/**
 * The metrics file of real sample audits through {@link AuditRunner}, read back with a strict parser and
 * compared with what the history holds for the run.
 */
@Tag("e2e")
class RunMetricsFileTest {

    @TempDir
    Path dir;

    private static final List<ReportConfig.ReportFormat> JSON = List.of(ReportConfig.ReportFormat.JSON);

    @Test
    void theFileCountsExactlyTheFindingsAndRuleOutcomesTheHistoryHolds() throws Exception {
        AuditRequest request = SampleAudit.request(dir, JSON);
        Path metrics = dir.resolve("textfile").resolve("pve_audit.prom");
        Files.createDirectories(metrics.getParent());
        AuditRunner.run(request, "test", false);

        AuditResult second = AuditRunner.run(request, "test", false, RunOptions.DEFAULT.withMetricsFile(metrics),
                false);

        List<ExpositionParser.Sample> samples = ExpositionParser.parse(Files.readString(metrics));
        AuditHistory history = SampleAudit.history(request);
        Map<String, Double> expected = new HashMap<>();
        for (String cluster : List.of("prod", "lab", "branch")) {
            for (Severity s : Severity.values()) {
                for (String state : List.of("new", "open", "regressed", "waived")) {
                    expected.put(cluster + "|" + s.key() + "|" + state, 0.0);
                }
            }
        }
        List<StoredFinding> stored = history.findings().of(second.runId());
        assertThat(stored).isNotEmpty();
        stored.forEach(f -> expected.merge(f.finding().cluster() + "|" + f.finding().severity().key() + "|"
                + RunMetrics.state(f), 1.0, Double::sum));
        Map<String, Double> written = new HashMap<>();
        samples.stream().filter(s -> s.name().equals("pve_audit_findings")).forEach(s -> written.put(
                s.labels().get("cluster") + "|" + s.labels().get("severity") + "|" + s.labels().get("state"),
                s.value()));
        assertThat(written).isEqualTo(expected);
        assertThat(written.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(stored.size());
        assertThat(written.keySet().stream().filter(k -> k.endsWith("|open") && written.get(k) > 0))
                .as("a second run over the same data: findings are open").isNotEmpty();

        Map<String, Double> rules = new HashMap<>();
        for (String cluster : List.of("prod", "lab", "branch")) {
            for (RuleOutcome.Status s : RuleOutcome.Status.values()) {
                rules.put(cluster + "|" + s.name().toLowerCase(Locale.ROOT), 0.0);
            }
        }
        history.findings().outcomes(second.runId()).forEach(o -> rules.merge(o.cluster() + "|"
                + o.status().name().toLowerCase(Locale.ROOT), 1.0, Double::sum));
        Map<String, Double> writtenRules = new HashMap<>();
        samples.stream().filter(s -> s.name().equals("pve_audit_rules")).forEach(s -> writtenRules.put(
                s.labels().get("cluster") + "|" + s.labels().get("status"), s.value()));
        assertThat(writtenRules).isEqualTo(rules);

        AuditRun run = history.runs().run(second.runId()).orElseThrow();
        assertThat(value(samples, "pve_audit_last_run_exit_code")).isEqualTo(second.exitCode());
        assertThat(value(samples, "pve_audit_last_run_success")).isEqualTo(1);
        assertThat(value(samples, "pve_audit_last_run_timestamp_seconds"))
                .isEqualTo(run.finishedAt().toEpochMilli() / 1000.0);
        assertThat(value(samples, "pve_audit_last_success_timestamp_seconds"))
                .isEqualTo(run.finishedAt().toEpochMilli() / 1000.0);
        assertThat(samples.stream().filter(s -> s.name().equals("pve_audit_cluster_audited")))
                .extracting(s -> s.labels().get("cluster"), ExpositionParser.Sample::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("prod", 1.0),
                        org.assertj.core.groups.Tuple.tuple("lab", 1.0),
                        org.assertj.core.groups.Tuple.tuple("branch", 1.0));
        List<ExpositionParser.Sample> steps = samples.stream()
                .filter(s -> s.name().equals("pve_audit_step_duration_seconds")).toList();
        assertThat(steps).extracting(s -> s.labels().get("step"))
                .containsExactly("collect", "evaluate", "history", "report");
        double stepSum = steps.stream().mapToDouble(ExpositionParser.Sample::value).sum();
        assertThat(value(samples, "pve_audit_run_duration_seconds")).isPositive().isGreaterThanOrEqualTo(stepSum);
        try (var files = Files.list(metrics.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(metrics);
        }
    }

    @Test
    void aClusterThatCannotBeReadIsNotAuditedAndHasNoFindingCounts() throws Exception {
        AuditRequest request = withClusters(SampleAudit.request(dir, JSON), new ClusterConfig("gone",
                ClusterConfig.SourceKind.SNAPSHOT, dir.resolve("no-such-folder").toString(), null, null, null),
                dir.resolve("reports"));
        Path metrics = dir.resolve("pve_audit.prom");

        AuditResult result = AuditRunner.run(request, "test", false, RunOptions.DEFAULT.withMetricsFile(metrics),
                false);

        assertThat(result.clusters()).filteredOn(c -> c.cluster().equals("gone"))
                .singleElement().satisfies(c -> assertThat(c.audited()).isFalse());
        String text = Files.readString(metrics);
        assertThat(text).contains("pve_audit_cluster_audited{cluster=\"gone\"} 0\n")
                .contains("pve_audit_cluster_audited{cluster=\"prod\"} 1\n")
                .doesNotContain("pve_audit_findings{cluster=\"gone\"")
                .doesNotContain("pve_audit_rules{cluster=\"gone\"")
                .contains("pve_audit_last_run_exit_code " + result.exitCode() + "\n");
        assertThat(result.exitCode()).isIn(ExitCode.NOT_AUDITED, ExitCode.INPUT_ERROR);
        ExpositionParser.parse(text);
    }

    @Test
    void aFailedRunUpdatesItsStatusAndTimeAndKeepsTheLastSuccessTimestamp() throws Exception {
        AuditRequest request = SampleAudit.request(dir, JSON);
        Path metrics = dir.resolve("pve_audit.prom");
        AuditResult first = AuditRunner.run(request, "test", false, RunOptions.DEFAULT.withMetricsFile(metrics),
                false);
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");

        AuditResult failed = AuditRunner.run(withClusters(request, null, notAFolder), "test", false,
                RunOptions.DEFAULT.withMetricsFile(metrics), false);

        assertThat(failed.failure()).contains("cannot write reports");
        AuditHistory history = SampleAudit.history(request);
        AuditRun good = history.runs().run(first.runId()).orElseThrow();
        AuditRun bad = history.runs().run(failed.runId()).orElseThrow();
        assertThat(bad.status()).isEqualTo(AuditRun.FAILED);
        List<ExpositionParser.Sample> samples = ExpositionParser.parse(Files.readString(metrics));
        assertThat(value(samples, "pve_audit_last_success_timestamp_seconds"))
                .isEqualTo(good.finishedAt().toEpochMilli() / 1000.0);
        assertThat(value(samples, "pve_audit_last_run_timestamp_seconds"))
                .isEqualTo(bad.finishedAt().toEpochMilli() / 1000.0)
                .isGreaterThan(value(samples, "pve_audit_last_success_timestamp_seconds"));
        assertThat(value(samples, "pve_audit_last_run_success")).isZero();
        assertThat(value(samples, "pve_audit_last_run_exit_code")).isEqualTo(failed.exitCode())
                .isEqualTo(ExitCode.NOT_AUDITED);
        assertThat(samples).as("the states of a failed run are not told").noneMatch(s -> s.name()
                .equals("pve_audit_findings"));
    }

    @Test
    void aRunTheHistoryCannotRecordStillSaysItFailedAndKeepsTheLastSuccess() throws Exception {
        AuditRequest request = SampleAudit.request(dir, JSON);
        Path metrics = dir.resolve("pve_audit.prom");
        AuditRunner.run(request, "test", false, RunOptions.DEFAULT.withMetricsFile(metrics), false);
        double success = value(ExpositionParser.parse(Files.readString(metrics)),
                "pve_audit_last_success_timestamp_seconds");
        AuditConfig c = request.config();
        AuditConfig readOnly = new AuditConfig(c.clusters(), c.rules(), c.waivers(), c.policy(), c.report(),
                new org.pveaudit.config.HistoryConfig("jdbc:sqlite:file:" + dir.resolve("history.db") + "?mode=ro",
                        null, null), c.mail(), c.parallel(), c.people());
        AuditRequest unrecorded = AuditRequest.of(readOnly, SampleAudit.CONFIG.toString(), readOnly.clusters(),
                request.packs(), List.of(), FailurePolicy.DEFAULT, dir.resolve("reports"), "sample-hash", JSON);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditRunner.run(unrecorded, "test", false,
                RunOptions.DEFAULT.withMetricsFile(metrics), false))
                .isInstanceOf(org.pveaudit.history.HistoryStorageException.class);

        List<ExpositionParser.Sample> samples = ExpositionParser.parse(Files.readString(metrics));
        assertThat(value(samples, "pve_audit_last_success_timestamp_seconds")).isEqualTo(success);
        assertThat(value(samples, "pve_audit_last_run_success")).isZero();
        assertThat(value(samples, "pve_audit_last_run_exit_code")).isEqualTo(ExitCode.NOT_AUDITED);
        assertThat(value(samples, "pve_audit_last_run_timestamp_seconds")).isGreaterThan(success);
    }

    @Test
    void anUnwritableMetricsFileLeavesTheRunAndItsExitCodeAsTheyWere() throws Exception {
        AuditRequest request = SampleAudit.request(dir, JSON);
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");

        AuditResult result = AuditRunner.run(request, "test", false,
                RunOptions.DEFAULT.withMetricsFile(notAFolder.resolve("pve_audit.prom")), false);

        assertThat(result.failure()).isNull();
        assertThat(result.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(result.notices().lines()).containsOnlyOnce("cannot write metrics to "
                + notAFolder.resolve("pve_audit.prom") + ": not a directory");
        assertThat(SampleAudit.history(request).runs().run(result.runId()).orElseThrow().status())
                .isEqualTo(AuditRun.COMPLETED);
    }

    @Test
    void theConfigurationsReportMetricsIsUsedWhenNoOptionIsGivenAndTheOptionWins() throws Exception {
        Path metrics = dir.resolve("from-config.prom");
        AuditRequest sample = SampleAudit.request(dir, JSON);
        ReportConfig r = sample.config().report();
        AuditConfig c = sample.config();
        AuditConfig config = new AuditConfig(c.clusters(), c.rules(), c.waivers(), c.policy(),
                new ReportConfig(r.out(), r.formats(), r.templates(), r.baseUrl(), r.keepRuns(), r.keepDays(),
                        metrics.toString()), c.history(), c.mail(), c.parallel(), c.people());
        AuditRequest request = AuditRequest.of(config, SampleAudit.CONFIG.toString(), config.clusters(),
                sample.packs(), List.of(), FailurePolicy.DEFAULT, dir.resolve("reports"), "sample-hash", JSON);

        AuditRunner.run(request, "test", false);

        String fromConfig = Files.readString(metrics);
        assertThat(ExpositionParser.parse(fromConfig)).isNotEmpty();
        Path option = dir.resolve("from-option.prom");
        AuditRunner.run(request, "test", false, RunOptions.DEFAULT.withMetricsFile(option), false);
        assertThat(option).as("--metrics-file wins").isNotEmptyFile();
        assertThat(metrics).hasContent(fromConfig);
    }

    /** The request with one more cluster (when not null) and another report folder. */
    private static AuditRequest withClusters(AuditRequest sample, ClusterConfig extra, Path out) {
        AuditConfig c = sample.config();
        List<ClusterConfig> clusters = new ArrayList<>(c.clusters());
        if (extra != null) {
            clusters.add(extra);
        }
        AuditConfig config = new AuditConfig(clusters, c.rules(), c.waivers(), c.policy(), c.report(), c.history(),
                c.mail(), c.parallel(), c.people());
        return AuditRequest.of(config, SampleAudit.CONFIG.toString(), clusters,
                new RulePackLoader(new RuleExpressions()).load(config.rules()), List.of(), FailurePolicy.DEFAULT,
                out, "sample-hash", JSON);
    }

    private static double value(List<ExpositionParser.Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }
}
