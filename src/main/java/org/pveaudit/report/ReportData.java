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
import org.pveaudit.history.LastAccessChanges;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.CampaignProgress;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.work.ClusterWork;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.people.Identities;
import org.pveaudit.rules.Waiver;

/**
 * Everything a report shows about one run, read from the history so every format says the same.
 * {@code access} holds, per audited cluster, what the reports show of its effective privileges
 * ({@link #withAccess}); it is empty where only counts and findings are needed (the mail). {@code lastChanges}
 * holds, per audited cluster, the latest run whose access drift concerned each principal (empty without history);
 * {@code identities} the links between accounts the run's configuration adds ({@code people.identities}).
 */
public record ReportData(AuditRun run, List<ClusterRun> clusters, List<RuleOutcome> outcomes,
                         List<StoredFinding> findings, List<StoredWaiver> waivers, LocalDate today,
                         List<ClusterSnapshot> snapshots, Map<String, ClusterAccess> access, List<String> warnings,
                         List<EarlierFinding> resolved, List<DriftEntry> drift, Map<String, List<TrendPoint>> trend,
                         List<EarlierFinding> unevaluated, Map<String, List<String>> accessNotCompared,
                         Map<String, LastAccessChanges> lastChanges, List<CampaignProgress> campaigns,
                         Identities identities) {

    /** How many runs the trend chart covers. */
    public static final int TREND_RUNS = 12;

    /** A report without history comparison (tests, or a run whose history step did not run). */
    public ReportData(AuditRun run, List<ClusterRun> clusters, List<RuleOutcome> outcomes,
                      List<StoredFinding> findings, List<StoredWaiver> waivers, LocalDate today,
                      List<ClusterView> views, List<String> warnings) {
        this(run, clusters, outcomes, findings, waivers, today, views, warnings, List.of(), List.of(), Map.of(),
                List.of(), Map.of());
    }

    /** A report of clusters whose views are already built (tests): their access is worked out here. */
    public ReportData(AuditRun run, List<ClusterRun> clusters, List<RuleOutcome> outcomes,
                      List<StoredFinding> findings, List<StoredWaiver> waivers, LocalDate today,
                      List<ClusterView> views, List<String> warnings, List<EarlierFinding> resolved,
                      List<DriftEntry> drift, Map<String, List<TrendPoint>> trend, List<EarlierFinding> unevaluated,
                      Map<String, List<String>> accessNotCompared) {
        this(run, clusters, outcomes, findings, waivers, today, views.stream().map(ClusterView::snapshot).toList(),
                access(views, findings), warnings, resolved, drift, trend, unevaluated, accessNotCompared, Map.of(),
                List.of(), Identities.NONE);
    }

    public ReportData {
        clusters = List.copyOf(clusters);
        outcomes = List.copyOf(outcomes);
        findings = List.copyOf(findings);
        waivers = List.copyOf(waivers);
        snapshots = List.copyOf(snapshots);
        access = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(access));
        resolved = List.copyOf(resolved);
        drift = List.copyOf(drift);
        trend = Map.copyOf(trend);
        unevaluated = List.copyOf(unevaluated);
        accessNotCompared = Map.copyOf(accessNotCompared);
        lastChanges = Map.copyOf(lastChanges);
        campaigns = List.copyOf(campaigns);
        identities = identities == null ? Identities.NONE : identities;
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads a run back from the history; warnings are the coverage gaps and source warnings of its
     * clusters, the rules that failed (outcome ERROR) and waivers that need attention.
     */
    public static ReportData of(AuditHistory history, long runId) {
        AuditRun run = history.runs().run(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
        List<ClusterRun> clusters = history.clusters().of(runId);
        List<ClusterSnapshot> snapshots = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, LastAccessChanges> lastChanges = new java.util.HashMap<>();
        for (ClusterRun c : clusters) {
            if (c.audited()) {
                ClusterSnapshot s = history.snapshots().snapshot(runId, c.cluster());
                snapshots.add(s);
                lastChanges.put(c.cluster(), history.comparison().lastChanges(runId, c.cluster()));
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
                snapshots, Map.of(), warnings, history.comparison().resolved(runId), history.comparison().drift(runId),
                trend, history.comparison().unevaluated(runId), notCompared, lastChanges,
                campaigns(history, run, today), Identities.NONE);
    }

    /**
     * The review campaigns a report of the run shows: those started by the run's start, open ones and the
     * latest closed one, with their progress as of the run's day.
     */
    private static List<CampaignProgress> campaigns(AuditHistory history, AuditRun run, LocalDate today) {
        List<Campaign> started = history.reviews().campaigns().stream()
                .filter(c -> !c.startedAt().isAfter(run.startedAt())).toList();
        Campaign lastClosed = started.stream().filter(c -> c.closed() && !c.closedAt().isAfter(run.startedAt()))
                .reduce((a, b) -> b).orElse(null);
        return started.stream().filter(c -> c == lastClosed || !c.closed() || c.closedAt().isAfter(run.startedAt()))
                .map(c -> CampaignProgress.of(c, history.reviews().rows(c.id()), history.reviews().decisions(c.id()),
                        today)).toList();
    }

    /** The rule that finds a revocation decided in an access review and not carried out. */
    public static final String REVOCATION_OVERDUE = "PVE-REVIEW-001";

    /** Unwaived findings of revocations decided in a review and not carried out. */
    public long revocationsOverdue() {
        return findings.stream().filter(f -> !f.waived() && f.finding().ruleId().equals(REVOCATION_OVERDUE)).count();
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

    /**
     * The same data with each audited cluster's access worked out ({@link ClusterAccess}), up to
     * {@code parallelism} clusters at once; a cluster's permission engine is dropped once its part is done.
     * Evidence is worked out for the findings a report shows it for: all of them up to
     * {@link XlsxReport#EVIDENCE_LIMIT}, else the first {@link HtmlReport#MAX_ROWS}.
     */
    public ReportData withAccess(int parallelism) {
        return withAccess(parallelism, Map.of());
    }

    /**
     * The same, taking each cluster's access from {@code known} where the evaluate step of the same run worked it
     * out ({@link ClusterAccess#of(ClusterView, java.util.Collection)}), with the evidence of the findings it
     * explained; only findings it did not explain need the engine again. The result is the same either way.
     */
    public ReportData withAccess(int parallelism, Map<String, ClusterAccess> known) {
        List<StoredFinding> shown = ClusterAccess.explainsAll(findings.size()) ? findings
                : findings.subList(0, Math.min(HtmlReport.MAX_ROWS, findings.size()));
        long now = run.startedAt().getEpochSecond();
        List<ClusterAccess> done = ClusterWork.map(snapshots, parallelism, s -> {
            ClusterAccess k = known.get(s.cluster());
            List<Finding> lacking = ofCluster(shown, s.cluster()).stream().map(StoredFinding::finding)
                    .filter(f -> k == null || !k.explains(f)).toList();
            if (k == null) {
                return ClusterAccess.of(new ClusterView(s, now), lacking);
            }
            return lacking.isEmpty() ? k : k.withEvidence(new ClusterView(s, now), lacking);
        });
        Map<String, ClusterAccess> byCluster = new java.util.LinkedHashMap<>();
        done.forEach(a -> byCluster.put(a.cluster(), a));
        return new ReportData(run, clusters, outcomes, findings, waivers, today, snapshots, byCluster, warnings,
                resolved, drift, trend, unevaluated, accessNotCompared, lastChanges, campaigns, identities);
    }

    /** The same data with the people linked by {@code identities} too, as the run linked them (its configuration). */
    public ReportData withIdentities(Identities identities) {
        return new ReportData(run, clusters, outcomes, findings, waivers, today, snapshots, access, warnings,
                resolved, drift, trend, unevaluated, accessNotCompared, lastChanges, campaigns, identities);
    }

    private static Map<String, ClusterAccess> access(List<ClusterView> views, List<StoredFinding> findings) {
        Map<String, ClusterAccess> out = new java.util.LinkedHashMap<>();
        views.forEach(v -> out.put(v.snapshot().cluster(), ClusterAccess.of(v, ofCluster(findings,
                v.snapshot().cluster()).stream().map(StoredFinding::finding).toList())));
        return out;
    }

    private static List<StoredFinding> ofCluster(List<StoredFinding> findings, String cluster) {
        return findings.stream().filter(f -> f.finding().cluster().equals(cluster)).toList();
    }

    /** What the reports show of an audited cluster's access; null when it was not audited or not worked out. */
    public ClusterAccess access(String cluster) {
        return access.get(cluster);
    }

    /** The evidence lines of a finding ({@link Evidence}), empty when it gets none. */
    public List<String> evidence(StoredFinding f) {
        ClusterAccess a = access.get(f.finding().cluster());
        return a == null ? List.of() : a.evidence(f.finding());
    }

    /** The waiver covering a finding, or null. */
    public StoredWaiver waiverOf(StoredFinding f) {
        return f.waiver() == null || f.waiver() >= waivers.size() ? null : waivers.get(f.waiver());
    }

    /**
     * What each cluster's scorecard counts, for every cluster in one pass over the run's findings, outcomes and
     * earlier findings (the per-cluster methods below each pass over all of them).
     */
    public Map<String, Tally> tallies() {
        Map<String, Tally> out = new java.util.HashMap<>();
        clusters.forEach(c -> out.put(c.cluster(), new Tally()));
        java.util.function.Function<String, Tally> of = c -> out.computeIfAbsent(c, k -> new Tally());
        for (StoredFinding f : findings) {
            Tally t = of.apply(f.finding().cluster());
            if (f.waived()) {
                t.waived++;
            } else {
                t.bySeverity.merge(f.finding().severity(), 1, Integer::sum);
                t.newFindings += f.state() == StoredFinding.State.NEW ? 1 : 0;
            }
        }
        resolved.forEach(r -> of.apply(r.finding().cluster()).resolved++);
        unevaluated.forEach(r -> of.apply(r.finding().cluster()).unevaluated++);
        drift.forEach(d -> of.apply(d.cluster()).drift++);
        outcomes.forEach(o -> of.apply(o.cluster()).outcomes.merge(o.status(), 1L, Long::sum));
        return out;
    }

    /** One cluster's counts ({@link #tallies}); the same numbers as the per-cluster methods. */
    public static final class Tally {

        private final Map<Severity, Integer> bySeverity = new TreeMap<>(java.util.Comparator.reverseOrder());
        private final Map<RuleOutcome.Status, Long> outcomes = new java.util.EnumMap<>(RuleOutcome.Status.class);
        private long waived;
        private long newFindings;
        private long resolved;
        private long unevaluated;
        private long drift;

        Tally() {
            for (Severity s : Severity.values()) {
                bySeverity.put(s, 0);
            }
        }

        /** Unwaived findings per severity, critical first. */
        public Map<Severity, Integer> bySeverity() {
            return java.util.Collections.unmodifiableMap(bySeverity);
        }

        public long waived() {
            return waived;
        }

        /** Unwaived findings new in this run. */
        public long newFindings() {
            return newFindings;
        }

        public long resolved() {
            return resolved;
        }

        public long unevaluated() {
            return unevaluated;
        }

        public long drift() {
            return drift;
        }

        public long outcomes(RuleOutcome.Status status) {
            return outcomes.getOrDefault(status, 0L);
        }
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
