package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** The families of a run as values: hostile names, states, a failed run, the last success. */
class RunMetricsTest {

    private static final String HOSTILE = "evil\"} pve_audit_cluster_audited{cluster=\"x\\\n";
    private static final Instant START = Instant.parse("2026-12-05T02:00:00Z");

    private static AuditRun run(long id, String status, int exit, Instant end) {
        return new AuditRun(id, START, end, status, "test", "hash", "baseline@1", "high", null, exit);
    }

    private static StoredFinding finding(String cluster, Severity severity, StoredFinding.State state,
                                         Integer waiver) {
        return new StoredFinding(new Finding(cluster, "PVE-X-001", severity, "t", SubjectKind.USER, "u@pve",
                "u@pve", "/", "m"), state, 1, null, waiver);
    }

    private static RunMetrics metrics(AuditRun run, AuditRun lastSuccess) {
        Map<String, Duration> steps = new LinkedHashMap<>();
        steps.put("collect", Duration.ofMillis(1500));
        steps.put("evaluate", Duration.ofMillis(250));
        return new RunMetrics(run, List.of(
                new ClusterRun(run.id(), "prod", ClusterRun.Status.EVALUATED, "9.1", null, START),
                new ClusterRun(run.id(), HOSTILE, ClusterRun.Status.NOT_AUDITED, null, "connection refused", null)),
                List.of(new RuleOutcome("prod", "PVE-X-001", Severity.HIGH, "t", RuleOutcome.Status.FAILED, 3, null),
                        new RuleOutcome("prod", "PVE-X-002", Severity.LOW, "t", RuleOutcome.Status.NOT_EVALUATED, 0,
                                "tfa not read")),
                List.of(finding("prod", Severity.HIGH, StoredFinding.State.NEW, null),
                        finding("prod", Severity.HIGH, StoredFinding.State.NEW, null),
                        finding("prod", Severity.HIGH, StoredFinding.State.OPEN, 0),
                        finding("prod", Severity.CRITICAL, StoredFinding.State.REGRESSED, null)),
                lastSuccess, steps, Duration.ofSeconds(2));
    }

    @Test
    void aHostileClusterNameStaysOneEscapedLabelValue() {
        AuditRun run = run(7, AuditRun.COMPLETED, 3, START.plusSeconds(2));
        String text = PrometheusText.render(metrics(run, run).families());

        assertThat(text).contains("pve_audit_cluster_audited{cluster=\"evil\\\"} pve_audit_cluster_audited"
                + "{cluster=\\\"x\\\\\\n\"} 0\n");
        List<ExpositionParser.Sample> samples = ExpositionParser.parse(text);
        assertThat(samples).filteredOn(s -> s.name().equals("pve_audit_cluster_audited"))
                .extracting(s -> s.labels().get("cluster"), ExpositionParser.Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", 1.0),
                        org.assertj.core.groups.Tuple.tuple(HOSTILE, 0.0));
    }

    @Test
    void countsFindingsByClusterSeverityAndStateWithWaivedApart() {
        AuditRun run = run(7, AuditRun.COMPLETED, 1, START.plusSeconds(2));
        String text = PrometheusText.render(metrics(run, run).families());

        assertThat(text).contains("pve_audit_findings{cluster=\"prod\",severity=\"high\",state=\"new\"} 2\n",
                "pve_audit_findings{cluster=\"prod\",severity=\"high\",state=\"waived\"} 1\n",
                "pve_audit_findings{cluster=\"prod\",severity=\"high\",state=\"open\"} 0\n",
                "pve_audit_findings{cluster=\"prod\",severity=\"critical\",state=\"regressed\"} 1\n",
                "pve_audit_rules{cluster=\"prod\",status=\"not_evaluated\"} 1\n",
                "pve_audit_rules{cluster=\"prod\",status=\"error\"} 0\n",
                "pve_audit_step_duration_seconds{step=\"collect\"} 1.5\n",
                "pve_audit_run_duration_seconds 2\n",
                "pve_audit_last_run_exit_code 1\n");
        assertThat(text).as("no counts for a cluster that was not read").doesNotContain("findings{cluster=\"evil");
        assertThat(ExpositionParser.parse(text)).filteredOn(s -> s.name().equals("pve_audit_findings"))
                .hasSize(Severity.values().length * 4);
    }

    @Test
    void aFailedRunReportsTheEarlierSuccessAndNoFindingStates() {
        AuditRun good = run(6, AuditRun.COMPLETED, 0, Instant.parse("2026-12-04T02:00:01.5Z"));
        AuditRun failed = run(7, AuditRun.FAILED, 3, START.plusSeconds(2));
        String text = PrometheusText.render(metrics(failed, good).families());

        assertThat(text).contains("pve_audit_last_success_timestamp_seconds 1796349601.5\n",
                "pve_audit_last_run_timestamp_seconds " + START.plusSeconds(2).getEpochSecond() + "\n",
                "pve_audit_last_run_success 0\n").doesNotContain("pve_audit_findings{");
        assertThat(ExpositionParser.parse(text)).isNotEmpty();
    }

    @Test
    void withoutAnyCompletedRunTheLastSuccessIsLeftOut() {
        String text = PrometheusText.render(metrics(run(1, AuditRun.FAILED, 3, START), null).families());

        assertThat(text).doesNotContain("pve_audit_last_success_timestamp_seconds");
        ExpositionParser.parse(text);
    }
}
