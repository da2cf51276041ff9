package org.pveaudit.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.pveaudit.model.ClusterSnapshot;

/**
 * The differences between any two stored runs: per cluster, the findings only in the later run
 * ({@code added}), only in the earlier one ({@code removed}), and in both with another severity or
 * waiver ({@code changed}), matched by fingerprint through rule aliases; and the access drift from
 * the earlier run's snapshot to the later one's.
 */
public record RunDiff(AuditRun from, AuditRun to, List<ClusterDiff> clusters) {

    /** One cluster's part of the diff; {@code note} explains a cluster missing or not audited on one side. */
    public record ClusterDiff(String cluster, String fromStatus, String toStatus, List<StoredFinding> added,
                              List<StoredFinding> removed, List<StoredFinding[]> changed, List<DriftEntry> drift,
                              String note) {

        public boolean empty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && drift.isEmpty() && note == null;
        }
    }

    /** Compares run {@code a} (from) with run {@code b} (to). */
    public static RunDiff between(AuditHistory history, long a, long b) {
        AuditRun from = history.run(a).orElseThrow(() -> new HistoryException("no run " + a + " in the history"));
        AuditRun to = history.run(b).orElseThrow(() -> new HistoryException("no run " + b + " in the history"));
        Map<String, String> aliasMap = new HashMap<>(history.ruleAliases(a).asMap());
        aliasMap.putAll(history.ruleAliases(b).asMap());
        RuleAliases aliases = new RuleAliases(aliasMap);
        Map<String, ClusterRun> ca = byName(history.clusters(a));
        Map<String, ClusterRun> cb = byName(history.clusters(b));
        Map<String, List<StoredFinding>> fa = byCluster(history.findings(a));
        Map<String, List<StoredFinding>> fb = byCluster(history.findings(b));
        TreeSet<String> names = new TreeSet<>(ca.keySet());
        names.addAll(cb.keySet());
        List<ClusterDiff> out = new ArrayList<>();
        for (String cluster : names) {
            ClusterRun ra = ca.get(cluster);
            ClusterRun rb = cb.get(cluster);
            Map<String, StoredFinding> before = keyed(fa.getOrDefault(cluster, List.of()), aliases);
            Map<String, StoredFinding> after = keyed(fb.getOrDefault(cluster, List.of()), aliases);
            List<StoredFinding> added = new ArrayList<>();
            List<StoredFinding> removed = new ArrayList<>();
            List<StoredFinding[]> changed = new ArrayList<>();
            after.forEach((k, f) -> {
                StoredFinding old = before.get(k);
                if (old == null) {
                    added.add(f);
                } else if (old.finding().severity() != f.finding().severity()
                        || !Objects.equals(old.waived(), f.waived())) {
                    changed.add(new StoredFinding[] {old, f});
                }
            });
            before.forEach((k, f) -> {
                if (!after.containsKey(k)) {
                    removed.add(f);
                }
            });
            List<DriftEntry> drift = List.of();
            String note = null;
            if (ra == null || rb == null) {
                note = "only in run " + (ra == null ? b : a);
            } else if (!ra.audited() || !rb.audited()) {
                note = "not audited in run " + (!ra.audited() ? a : b) + "; findings compared as stored, no access drift";
            } else {
                ClusterSnapshot sa = history.snapshot(a, cluster);
                ClusterSnapshot sb = history.snapshot(b, cluster);
                if (sa != null && sb != null) {
                    drift = AccessDrift.between(sa, sb);
                }
            }
            out.add(new ClusterDiff(cluster, ra == null ? null : ra.status().name(),
                    rb == null ? null : rb.status().name(), added, removed, changed, drift, note));
        }
        return new RunDiff(from, to, out);
    }

    private static Map<String, ClusterRun> byName(List<ClusterRun> clusters) {
        Map<String, ClusterRun> m = new LinkedHashMap<>();
        clusters.forEach(c -> m.put(c.cluster(), c));
        return m;
    }

    private static Map<String, List<StoredFinding>> byCluster(List<StoredFinding> findings) {
        Map<String, List<StoredFinding>> m = new HashMap<>();
        findings.forEach(f -> m.computeIfAbsent(f.finding().cluster(), k -> new ArrayList<>()).add(f));
        return m;
    }

    /** Findings by identity, in the stored order (most severe first). */
    private static Map<String, StoredFinding> keyed(List<StoredFinding> findings, RuleAliases aliases) {
        Map<String, StoredFinding> m = new LinkedHashMap<>();
        for (StoredFinding f : findings) {
            m.put(aliases.key(f.finding().cluster(), f.finding().ruleId(), f.finding().subject().key(),
                    f.finding().subjectKey()), f);
        }
        return m;
    }
}
