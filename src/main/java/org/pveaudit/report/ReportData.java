package org.pveaudit.report;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.Waiver;

/** Everything a report shows about one run, read from the history so every format says the same. */
public record ReportData(AuditRun run, List<ClusterRun> clusters, List<RuleOutcome> outcomes,
                         List<StoredFinding> findings, List<StoredWaiver> waivers, LocalDate today,
                         List<ClusterView> views, List<String> warnings, List<EarlierFinding> resolved,
                         List<DriftEntry> drift, Map<String, List<TrendPoint>> trend,
                         List<EarlierFinding> unevaluated, Map<String, List<String>> accessNotCompared) {

    /** How many runs the trend chart covers. */
    public static final int TREND_RUNS = 12;

    /** A report without history comparison (tests, or a run whose history step did not run). */
    public ReportData(AuditRun run, List<ClusterRun> clusters, List<RuleOutcome> outcomes,
                      List<StoredFinding> findings, List<StoredWaiver> waivers, LocalDate today,
                      List<ClusterView> views, List<String> warnings) {
        this(run, clusters, outcomes, findings, waivers, today, views, warnings, List.of(), List.of(), Map.of(),
                List.of(), Map.of());
    }

    public ReportData {
        clusters = List.copyOf(clusters);
        outcomes = List.copyOf(outcomes);
        findings = List.copyOf(findings);
        waivers = List.copyOf(waivers);
        views = List.copyOf(views);
        resolved = List.copyOf(resolved);
        drift = List.copyOf(drift);
        trend = Map.copyOf(trend);
        unevaluated = List.copyOf(unevaluated);
        accessNotCompared = Map.copyOf(accessNotCompared);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads a run back from the history; warnings are the coverage gaps and source warnings of its
     * clusters, the rules that failed (outcome ERROR) and waivers that need attention.
     */
    public static ReportData of(AuditHistory history, long runId) {
        AuditRun run = history.runs().run(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
        List<ClusterRun> clusters = history.clusters().of(runId);
        List<ClusterView> views = new ArrayList<>();
        long now = run.startedAt().getEpochSecond();
        List<String> warnings = new ArrayList<>();
        for (ClusterRun c : clusters) {
            if (c.audited()) {
                ClusterSnapshot s = history.snapshots().snapshot(runId, c.cluster());
                views.add(new ClusterView(s, now));
                s.gaps().forEach(g -> warnings.add(c.cluster() + ": " + g.dataset().key() + " not read from "
                        + g.source() + ": " + g.reason()));
                s.warnings().forEach(w -> warnings.add(c.cluster() + ": " + w));
            }
        }
        List<RuleOutcome> outcomes = history.findings().outcomes(runId);
        outcomes.stream().filter(o -> o.status() == RuleOutcome.Status.ERROR).forEach(o -> warnings.add(o.cluster()
                + ": rule " + o.ruleId() + " failed (ERROR): " + o.reason() + "; its findings on this cluster are not"
                + " reported and earlier ones keep their last known state"));
        LocalDate today = LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC);
        List<StoredWaiver> waivers = history.findings().waivers(runId);
        for (StoredWaiver w : waivers) {
            Waiver.Status status = w.status(today);
            if (status != Waiver.Status.ACTIVE) {
                warnings.add("waiver " + w.waiver().source() + " (" + w.waiver().rule() + ", owner "
                        + w.waiver().owner() + ") is " + status.name().toLowerCase()
                        + (status == Waiver.Status.STALE ? ": it matched no finding" : status == Waiver.Status.EXPIRED
                        ? " since " + w.waiver().expires() + " and no longer applies" : ": expires " + w.waiver().expires()));
            }
        }
        Map<String, List<TrendPoint>> trend = new java.util.LinkedHashMap<>();
        clusters.forEach(c -> trend.put(c.cluster(), history.clusters().trend(c.cluster(), TREND_RUNS).stream()
                .filter(p -> p.runId() <= runId).toList()));
        Map<String, List<String>> notCompared = new java.util.TreeMap<>();
        history.clusters().counts(runId).stream().filter(c -> c.notCompared() != null)
                .forEach(c -> notCompared.put(c.cluster(), List.of(c.notCompared().split(","))));
        return new ReportData(run, clusters, outcomes, history.findings().of(runId), waivers, today,
                views, warnings, history.comparison().resolved(runId), history.comparison().drift(runId), trend, history.comparison().unevaluated(runId),
                notCompared);
    }

    /** The run's facts as the HTML template and findings.json show them. */
    public Map<String, Object> runFacts() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", run.id());
        m.put("startedAt", String.valueOf(run.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        m.put("toolVersion", run.toolVersion());
        m.put("rulePacks", run.rulePacks());
        m.put("failOn", run.failOn());
        return m;
    }

    /** The audited clusters' snapshots, in cluster order. */
    public List<ClusterSnapshot> snapshots() {
        return views.stream().map(ClusterView::snapshot).toList();
    }

    /** The view (snapshot and effective privileges) of an audited cluster, or null. */
    public ClusterView view(String cluster) {
        return views.stream().filter(v -> v.snapshot().cluster().equals(cluster)).findFirst().orElse(null);
    }

    /** The waiver covering a finding, or null. */
    public StoredWaiver waiverOf(StoredFinding f) {
        return f.waiver() == null || f.waiver() >= waivers.size() ? null : waivers.get(f.waiver());
    }

    /** Unwaived findings per severity (critical first) for one cluster, or for all when cluster is null. */
    public Map<Severity, Integer> countBySeverity(String cluster) {
        Map<Severity, Integer> counts = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        findings.stream().filter(f -> !f.waived())
                .filter(f -> cluster == null || f.finding().cluster().equals(cluster))
                .forEach(f -> counts.merge(f.finding().severity(), 1, Integer::sum));
        return counts;
    }

    public long waived(String cluster) {
        return findings.stream().filter(f -> f.waived() && f.finding().cluster().equals(cluster)).count();
    }

    public long resolvedFindings(String cluster) {
        return resolved.stream().filter(r -> r.finding().cluster().equals(cluster)).count();
    }

    /** Earlier findings of the cluster whose rule this run could not evaluate (state unknown). */
    public long unevaluatedFindings(String cluster) {
        return unevaluated.stream().filter(r -> r.finding().cluster().equals(cluster)).count();
    }

    public long driftEntries(String cluster) {
        return drift.stream().filter(d -> d.cluster().equals(cluster)).count();
    }

    public long newFindings(String cluster) {
        return findings.stream().filter(f -> !f.waived())
                .filter(f -> cluster == null || f.finding().cluster().equals(cluster))
                .filter(f -> f.state() == StoredFinding.State.NEW).count();
    }

    /** The rules whose condition failed on some cluster (outcome ERROR), in cluster and rule order. */
    public List<RuleOutcome> ruleErrors() {
        return outcomes.stream().filter(o -> o.status() == RuleOutcome.Status.ERROR).toList();
    }

    public long outcomes(String cluster, RuleOutcome.Status status) {
        return outcomes.stream().filter(o -> o.cluster().equals(cluster) && o.status() == status).count();
    }
}
