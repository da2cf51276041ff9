package org.pveaudit.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.report.MetricFamily.Sample;
import org.pveaudit.report.MetricFamily.Type;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/**
 * What the Prometheus metrics say about a run, read back from the history once the run is recorded as ended:
 * its clusters, rule outcomes and findings, the latest completed live run ({@code lastSuccess}, null when there
 * is none) and how long each step of the job took ({@code steps}, in the order they ran).
 */
public record RunMetrics(AuditRun run, List<ClusterRun> clusters, List<RuleOutcome> outcomes,
                         List<StoredFinding> findings, AuditRun lastSuccess, Map<String, Duration> steps,
                         Duration total) {

    /** The {@code state} label of a waived finding (the others are the finding's state in lower case). */
    public static final String WAIVED = "waived";

    /** The family that keeps the latest success across failed runs. */
    public static final String LAST_SUCCESS = "pve_audit_last_success_timestamp_seconds";

    public RunMetrics {
        clusters = List.copyOf(clusters);
        outcomes = List.copyOf(outcomes);
        findings = List.copyOf(findings);
        steps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** Reads the run, which must be recorded as ended (its status, exit code and end time set). */
    public static RunMetrics read(AuditHistory history, long runId, Map<String, Duration> steps, Duration total) {
        AuditRun run = history.runs().run(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
        return new RunMetrics(run, history.clusters().of(runId), history.findings().outcomes(runId),
                history.findings().of(runId), history.runs().latestCompleted().orElse(null), steps, total);
    }

    /** The metric families, each with a sample for every cluster and label value, zero where nothing counted. */
    public List<MetricFamily> families() {
        List<MetricFamily> out = new ArrayList<>();
        Instant ended = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
        Double success = lastSuccess == null ? null
                : seconds(lastSuccess.finishedAt() != null ? lastSuccess.finishedAt() : lastSuccess.startedAt());
        // a run recorded as ended always has an exit code; were it missing, 3 (could not be done) is the honest one
        out.addAll(lastRun(ended, AuditRun.COMPLETED.equals(run.status()), run.exitCode() == null ? 3
                : run.exitCode(), success));
        out.add(MetricFamily.single("pve_audit_run_duration_seconds", Type.GAUGE,
                "How long the latest audit run took, from the start of its job to its end in the history.",
                seconds(total)));
        List<Sample> stepSamples = new ArrayList<>();
        steps.forEach((step, d) -> stepSamples.add(new Sample(Map.of("step", step), seconds(d))));
        out.add(new MetricFamily("pve_audit_step_duration_seconds", Type.GAUGE,
                "How long each step of the latest audit run took (a restarted run: the steps it ran again).",
                stepSamples));
        out.add(new MetricFamily("pve_audit_cluster_audited", Type.GAUGE,
                "1 when the cluster's data was read in the latest run, 0 when it could not be read or was invalid.",
                clusters.stream().map(c -> new Sample(Map.of("cluster", c.cluster()), c.audited() ? 1 : 0)).toList()));
        out.add(new MetricFamily("pve_audit_rules", Type.GAUGE,
                "Rules of the latest run per cluster by outcome (error: the rule's condition failed; not_evaluated: "
                        + "data it needs was not read); only clusters whose rules were evaluated.",
                ruleSamples()));
        out.add(new MetricFamily("pve_audit_findings", Type.GAUGE,
                "Findings of the latest completed run per cluster, severity and state against the cluster's previous "
                        + "completed run (new, open, regressed; waived: covered by a waiver, whatever its state).",
                findingSamples()));
        return out;
    }

    /**
     * The families of a run the history could not record (its database not writable or damaged): only when it
     * ended and how, with the last success as the metrics file said before ({@code lastSuccess}, null if unknown),
     * since the history cannot be read for it.
     */
    public static List<MetricFamily> unrecorded(Instant ended, int exitCode, Double lastSuccess) {
        return lastRun(ended, false, exitCode, lastSuccess);
    }

    private static List<MetricFamily> lastRun(Instant ended, boolean completed, int exitCode, Double lastSuccess) {
        List<MetricFamily> out = new ArrayList<>();
        out.add(MetricFamily.single("pve_audit_last_run_timestamp_seconds", Type.GAUGE,
                "When the latest audit run ended (completed or not), in seconds since the epoch.", seconds(ended)));
        out.add(MetricFamily.single("pve_audit_last_run_success", Type.GAUGE,
                "1 when the latest audit run completed, 0 when it failed.", completed ? 1 : 0));
        out.add(MetricFamily.single("pve_audit_last_run_exit_code", Type.GAUGE,
                "Exit code of the latest audit run: 0 clean, 1 findings at the threshold, 2 input or rule error, "
                        + "3 a cluster not audited or the run failed.", exitCode));
        if (lastSuccess != null) {
            // a failed run keeps reporting the latest completed one, so "no success for a day" stays visible
            out.add(MetricFamily.single(LAST_SUCCESS, Type.GAUGE,
                    "When the latest completed audit run (not a replay) ended, in seconds since the epoch.",
                    lastSuccess));
        }
        return out;
    }

    private List<String> evaluated() {
        return clusters.stream().filter(c -> c.status() == ClusterRun.Status.EVALUATED).map(ClusterRun::cluster)
                .toList();
    }

    private List<Sample> ruleSamples() {
        List<Sample> out = new ArrayList<>();
        for (String cluster : evaluated()) {
            Map<RuleOutcome.Status, Long> counts = new EnumMap<>(RuleOutcome.Status.class);
            outcomes.stream().filter(o -> o.cluster().equals(cluster)).forEach(o -> counts.merge(o.status(), 1L,
                    Long::sum));
            for (RuleOutcome.Status s : RuleOutcome.Status.values()) {
                out.add(new Sample(labels("cluster", cluster, "status", s.name().toLowerCase(Locale.ROOT)),
                        counts.getOrDefault(s, 0L)));
            }
        }
        return out;
    }

    /**
     * Only for a completed run: the states are worked out by the history step, so a run that failed before or in
     * it would show every finding as new; its findings are left out rather than told wrong.
     */
    private List<Sample> findingSamples() {
        List<Sample> out = new ArrayList<>();
        if (!AuditRun.COMPLETED.equals(run.status())) {
            return out;
        }
        List<String> states = new ArrayList<>();
        for (StoredFinding.State s : StoredFinding.State.values()) {
            states.add(s.name().toLowerCase(Locale.ROOT));
        }
        states.add(WAIVED);
        for (String cluster : evaluated()) {
            Map<String, Long> counts = new java.util.HashMap<>();
            findings.stream().filter(f -> f.finding().cluster().equals(cluster)).forEach(f -> counts.merge(
                    f.finding().severity().key() + "|" + state(f), 1L, Long::sum));
            for (Severity severity : Severity.values()) {
                for (String state : states) {
                    out.add(new Sample(labels("cluster", cluster, "severity", severity.key(), "state", state),
                            counts.getOrDefault(severity.key() + "|" + state, 0L)));
                }
            }
        }
        return out;
    }

    /** The {@code state} label of a finding. */
    public static String state(StoredFinding f) {
        return f.waived() ? WAIVED : f.state().name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> labels(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
