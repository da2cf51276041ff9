package org.pveaudit.history;

import static org.pveaudit.history.Columns.SEVERITY_ORDER;
import static org.pveaudit.history.Columns.finding;
import static org.pveaudit.history.Columns.intOrNull;
import static org.pveaudit.history.Columns.longOrNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pveaudit.rules.Severity;

/**
 * A run against the previous one of each cluster: each finding NEW, OPEN or REGRESSED, the findings gone
 * ({@code resolved_finding}, or {@code unevaluated_finding} when the run could not evaluate their rule),
 * the access drift, and the cluster's counts. Findings are matched by fingerprint with former rule ids
 * mapped to the current id, so renaming a rule keeps its findings' history. Replays are never a baseline.
 */
public final class RunComparison {

    private final HistorySql sql;
    private final RunStore runs;
    private final ClusterStore clusters;
    private final FindingStore findings;
    private final DriftComparison drift;
    private final Checkpoint checkpoint;

    RunComparison(HistorySql sql, RunStore runs, ClusterStore clusters, FindingStore findings,
                  DriftComparison drift, Checkpoint checkpoint) {
        this.sql = sql;
        this.runs = runs;
        this.clusters = clusters;
        this.findings = findings;
        this.drift = drift;
        this.checkpoint = checkpoint;
    }

    /** Compares with the previous completed run of each cluster (a live run). */
    public void compareWithPrevious(long runId) {
        Long replayOf = runs.run(runId).map(AuditRun::replayOf).orElse(null);
        compareWithPrevious(runId, replayOf == null ? runId : replayOf);
    }

    /**
     * Marks each finding of the run NEW, OPEN or REGRESSED against the previous completed run of its
     * cluster before {@code before} (the run itself, or for a replay the run it replays), carrying
     * the first-seen run forward; stores the findings of that run that are gone as resolved, the
     * access drift between the two snapshots, and the cluster's counts. One transaction; a repeated
     * call (a restarted step) replaces what an earlier attempt wrote.
     */
    public void compareWithPrevious(long runId, long before) {
        RuleAliases aliases = findings.ruleAliases(runId);
        Instant runStart = runs.run(runId).map(AuditRun::startedAt).orElseThrow();
        sql.inTransaction(() -> {
            sql.jdbc.update("DELETE FROM resolved_finding WHERE run_id = ?", runId);
            sql.jdbc.update("DELETE FROM unevaluated_finding WHERE run_id = ?", runId);
            drift.delete(runId);
            boolean first = true;
            for (ClusterRun c : clusters.of(runId)) {
                if (c.status() == ClusterRun.Status.EVALUATED) {
                    compareCluster(runId, c.cluster(), before, runStart, aliases);
                    if (first) {
                        checkpoint.reached("history");
                        first = false;
                    }
                }
            }
        });
    }

    /**
     * The previous completed live run before {@code before} in which the cluster was evaluated, or null.
     */
    public Long baseline(String cluster, long before) {
        return sql.jdbc.queryForObject("""
                SELECT MAX(r.id) FROM run_cluster c JOIN audit_run r ON r.id = c.run_id
                WHERE c.cluster = ? AND c.status = 'EVALUATED' AND c.run_id < ?
                  AND r.status = 'COMPLETED' AND r.replay_of IS NULL""", Long.class, cluster, before);
    }

    /** Findings of the cluster's previous completed run that the run no longer has, most severe first. */
    public List<EarlierFinding> resolved(long runId) {
        return earlier("resolved_finding", runId);
    }

    /** Earlier findings whose rule the run could not evaluate: their state is unknown, most severe first. */
    public List<EarlierFinding> unevaluated(long runId) {
        return earlier("unevaluated_finding", runId);
    }

    /** The access drift of each cluster of the run against its baseline run, by cluster, object kind and key. */
    public List<DriftEntry> drift(long runId) {
        return drift.of(runId);
    }

    /**
     * Per principal of the cluster, the latest run up to this one whose access drift concerned it; one query per
     * cluster, however many principals it has.
     */
    public LastAccessChanges lastChanges(long runId, String cluster) {
        return drift.lastChanges(runId, cluster);
    }

    private List<EarlierFinding> earlier(String table, long runId) {
        return sql.jdbc.query("SELECT * FROM " + table + " WHERE run_id = ? ORDER BY " + SEVERITY_ORDER
                        + ", cluster, rule_id, subject_key",
                (rs, i) -> new EarlierFinding(finding(rs), rs.getLong("first_seen_run"), rs.getString("first_seen_at"),
                        rs.getLong("last_seen_run"), intOrNull(rs, "waiver")), runId);
    }

    /** The last known state: each rule's findings in the latest run that evaluated it, by identity, and their run. */
    private record Previous(Map<String, FindingStore.Row> byKey, Map<Long, Long> runOf) {
    }

    /** The counts of one cluster's comparison, as they go. */
    private static final class Tally {
        final Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        final Set<String> matched = new HashSet<>();
        final List<FindingStore.StateChange> updates = new ArrayList<>();
        int fresh;
        int open;
        int regressed;
        int waived;

        int severity(Severity s) {
            return bySeverity.getOrDefault(s, 0);
        }
    }

    private void compareCluster(long runId, String cluster, long before, Instant runStart, RuleAliases aliases) {
        Long baseline = baseline(cluster, before);
        LastKnown known = new LastKnown(sql.jdbc);
        Previous previous = previous(runId, cluster, baseline, aliases, known);
        Tally tally = new Tally();
        for (FindingStore.Row r : findings.rows(runId, cluster)) {
            classify(r, runId, cluster, baseline, runStart, aliases, previous, tally);
        }
        findings.saveStates(tally.updates);
        // gone where the rule was evaluated: resolved; gone because it was not: unknown, never resolved
        Set<String> evaluatedNow = known.evaluatedRules(runId, cluster, aliases);
        Map<Long, Long> resolved = new HashMap<>();
        Map<Long, Long> unevaluated = new HashMap<>();
        previous.byKey().forEach((key, r) -> {
            if (!tally.matched.contains(key)) {
                (evaluatedNow.contains(aliases.canonical(r.ruleId())) ? resolved : unevaluated)
                        .put(r.id(), previous.runOf().get(r.id()));
            }
        });
        copyFindings("resolved_finding", runId, cluster, resolved, aliases);
        copyFindings("unevaluated_finding", runId, cluster, unevaluated, aliases);
        DriftComparison.Stored access = drift.compare(runId, cluster, baseline, known);
        clusters.saveCounts(new ClusterCounts(runId, cluster, ClusterRun.Status.EVALUATED, null, null, List.of(),
                baseline, tally.severity(Severity.CRITICAL), tally.severity(Severity.HIGH),
                tally.severity(Severity.MEDIUM), tally.severity(Severity.LOW), tally.severity(Severity.INFO),
                tally.waived, tally.fresh, tally.open, tally.regressed, resolved.size(), access.changes(),
                unevaluated.size(), access.notCompared()));
    }

    /** Each rule's findings in the latest completed live run up to the baseline that evaluated the rule. */
    private Previous previous(long runId, String cluster, Long baseline, RuleAliases aliases, LastKnown known) {
        Map<String, FindingStore.Row> byKey = new HashMap<>();
        Map<Long, Long> runOf = new HashMap<>();
        if (baseline != null) {
            Map<String, Long> ruleRuns = known.ruleRuns(runId, cluster, baseline, aliases);
            for (long run : new TreeSet<>(ruleRuns.values())) {
                for (FindingStore.Row r : findings.rows(run, cluster)) {
                    if (Long.valueOf(run).equals(ruleRuns.get(aliases.canonical(r.ruleId())))) {
                        byKey.put(aliases.key(cluster, r.ruleId(), r.kind(), r.key()), r);
                        runOf.put(r.id(), run);
                    }
                }
            }
        }
        return new Previous(byKey, runOf);
    }

    /** A finding is OPEN when last known, REGRESSED when an earlier run had it, else NEW. */
    private void classify(FindingStore.Row r, long runId, String cluster, Long baseline, Instant runStart,
                          RuleAliases aliases, Previous previous, Tally tally) {
        String key = aliases.key(cluster, r.ruleId(), r.kind(), r.key());
        FindingStore.Row prev = previous.byKey().get(key);
        FindingStore.FirstSeen earlier = prev != null || baseline == null ? null
                : findings.firstSeen(aliases.fingerprints(cluster, r.ruleId(), r.kind(), r.key()), baseline);
        if (prev != null) {
            tally.matched.add(key);
            tally.open++;
            long firstRun = prev.firstSeenRun() == null ? previous.runOf().get(prev.id()) : prev.firstSeenRun();
            tally.updates.add(new FindingStore.StateChange(r.id(), StoredFinding.State.OPEN,
                    new FindingStore.FirstSeen(firstRun, prev.firstSeenAt())));
        } else if (earlier != null) {
            tally.regressed++;
            tally.updates.add(new FindingStore.StateChange(r.id(), StoredFinding.State.REGRESSED, earlier));
        } else {
            tally.fresh++;
            tally.updates.add(new FindingStore.StateChange(r.id(), StoredFinding.State.NEW,
                    new FindingStore.FirstSeen(runId, runStart.toString())));
        }
        if (r.waiver() != null) {
            tally.waived++;
        } else {
            tally.bySeverity.merge(Severity.parse(r.severity()), 1, Integer::sum);
        }
    }

    /**
     * Copies findings (row id to the run they were last seen in) into {@code resolved_finding} or
     * {@code unevaluated_finding}.
     */
    private void copyFindings(String table, long runId, String cluster, Map<Long, Long> lastSeen, RuleAliases aliases) {
        String insert = "INSERT INTO " + table + "(run_id, cluster, rule_id, severity, title, subject_kind, "
                + "subject_key, principal, path, message, fingerprint, first_seen_run, first_seen_at, "
                + "last_seen_run, waiver) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        sql.byIds("SELECT * FROM finding", lastSeen.keySet(), (rs, i) -> new Object[] {runId, cluster,
                aliases.canonical(rs.getString("rule_id")), rs.getString("severity"), rs.getString("title"),
                rs.getString("subject_kind"), rs.getString("subject_key"), rs.getString("principal"),
                rs.getString("path"), rs.getString("message"), aliases.key(cluster, rs.getString("rule_id"),
                rs.getString("subject_kind"), rs.getString("subject_key")), longOrNull(rs, "first_seen_run"),
                rs.getString("first_seen_at"), lastSeen.get(rs.getLong("id")), intOrNull(rs, "waiver")})
                .forEach(row -> sql.jdbc.update(insert, row));
    }
}
