package org.pveaudit.history;

import java.util.ArrayList;
import java.util.EnumSet;
import org.pveaudit.model.Dataset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Compares run {@code a} (from) with run {@code b} (to). Merges the stored finding digests of each
     * cluster and reads only the findings that differ (with rule aliases in force, or for runs stored
     * before the digests, the identity columns of every finding instead). Takes the drift stored by
     * the history step when {@code a} is the baseline {@code b} was compared with, skips clusters whose
     * access hash is equal, and compares the stored access facts of the rest (reading only the facts
     * that differ).
     */
    public static RunDiff between(AuditHistory history, long a, long b) {
        AuditRun from = history.run(a).orElseThrow(() -> new HistoryException("no run " + a + " in the history"));
        AuditRun to = history.run(b).orElseThrow(() -> new HistoryException("no run " + b + " in the history"));
        Map<String, String> aliasMap = new HashMap<>(history.ruleAliases(a).asMap());
        aliasMap.putAll(history.ruleAliases(b).asMap());
        RuleAliases aliases = new RuleAliases(aliasMap);
        Map<String, ClusterRun> ca = byName(history.clusters(a));
        Map<String, ClusterRun> cb = byName(history.clusters(b));
        Map<String, ClusterCounts> countsB = new HashMap<>();
        history.clusterCounts(b).forEach(c -> countsB.put(c.cluster(), c));
        TreeSet<String> names = new TreeSet<>(ca.keySet());
        names.addAll(cb.keySet());

        // a cluster not audited on one side is not compared at all: its findings there are unknown
        Map<String, String> notes = new HashMap<>();
        for (String cluster : names) {
            ClusterRun ra = ca.get(cluster);
            ClusterRun rb = cb.get(cluster);
            if (ra == null || rb == null) {
                notes.put(cluster, "only in run " + (ra == null ? b : a));
            } else if (!ra.audited() || !rb.audited()) {
                notes.put(cluster, "not compared: not audited in run " + (!ra.audited() ? a : b));
            }
        }
        List<String> compared = names.stream().filter(c -> !notes.containsKey(c)).toList();

        FindingChanges changes = new FindingChanges();
        List<String> byKeys = new ArrayList<>();
        for (String cluster : compared) {
            DigestSet da = aliasMap.isEmpty() ? findingDigests(history, a, ca.get(cluster)) : null;
            DigestSet db = aliasMap.isEmpty() ? findingDigests(history, b, cb.get(cluster)) : null;
            if (da != null && db != null) {
                changes.differing(cluster, da.rowsNotIn(db), db.rowsNotIn(da));
            } else {
                byKeys.add(cluster);
            }
        }
        if (!byKeys.isEmpty()) {
            compareKeys(history, a, b, byKeys, aliases, changes);
        }
        Map<Long, StoredFinding> full = history.findingsById(changes.rows());
        changes.pairByFingerprint(full);

        // what one side could not evaluate or read is left out of the comparison, and named
        Map<String, Set<String>> unevaluatedRules = new HashMap<>();
        Map<String, Set<Dataset>> unread = new HashMap<>();
        for (String cluster : compared) {
            Set<String> ea = history.evaluatedRules(a, cluster, aliases);
            Set<String> eb = history.evaluatedRules(b, cluster, aliases);
            Set<String> notBoth = new TreeSet<>(ea);
            notBoth.addAll(eb);
            notBoth.removeIf(r -> ea.contains(r) && eb.contains(r));
            unevaluatedRules.put(cluster, notBoth);
            Set<Dataset> missing = EnumSet.noneOf(Dataset.class);
            missing.addAll(history.missingDatasets(a, cluster));
            missing.addAll(history.missingDatasets(b, cluster));
            Set<Dataset> drifting = EnumSet.noneOf(Dataset.class);
            for (DriftEntry.ObjectKind k : DriftEntry.ObjectKind.values()) {
                drifting.add(k.dataset());
            }
            missing.retainAll(drifting);
            unread.put(cluster, missing);
            List<String> said = new ArrayList<>();
            if (!notBoth.isEmpty()) {
                said.add("rules not evaluated in both runs, not compared: " + String.join(", ", notBoth));
            }
            if (!missing.isEmpty()) {
                said.add("access not compared (not read in both runs): "
                        + String.join(", ", missing.stream().map(Dataset::key).toList()));
            }
            if (!said.isEmpty()) {
                notes.put(cluster, String.join("; ", said));
            }
        }
        changes.dropRules(unevaluatedRules, full, aliases);

        // drift: stored, equal, or computed
        Map<String, List<DriftEntry>> stored = new HashMap<>();
        history.drift(b).forEach(d -> stored.computeIfAbsent(d.cluster(), x -> new ArrayList<>()).add(d));
        Map<String, List<DriftEntry>> drift = new HashMap<>();
        List<String> compute = new ArrayList<>();
        for (String cluster : compared) {
            ClusterCounts cb2 = countsB.get(cluster);
            String ha = history.accessHash(a, cluster);
            String hb = history.accessHash(b, cluster);
            if (ha != null && ha.equals(hb)) {
                drift.put(cluster, List.of());
            } else if (unread.get(cluster).isEmpty() && cb2 != null && cb2.baselineRun() != null
                    && cb2.baselineRun() == a && cb2.drift() != null && cb2.notCompared() == null) {
                drift.put(cluster, stored.getOrDefault(cluster, List.of()));
            } else {
                compute.add(cluster);
            }
        }
        compute.forEach(cluster -> drift.put(cluster, history.drift(a, b, cluster).stream()
                .filter(d -> !unread.get(cluster).contains(d.object().dataset())).toList()));

        List<ClusterDiff> out = new ArrayList<>();
        Comparator<StoredFinding> order = Comparator.comparing((StoredFinding f) -> -f.finding().severity().ordinal())
                .thenComparing(f -> f.finding().ruleId()).thenComparing(f -> f.finding().subjectKey());
        for (String cluster : names) {
            ClusterRun ra = ca.get(cluster);
            ClusterRun rb = cb.get(cluster);
            List<StoredFinding> add = changes.added.getOrDefault(cluster, List.of()).stream().map(full::get)
                    .sorted(order).toList();
            List<StoredFinding> rem = changes.removed.getOrDefault(cluster, List.of()).stream().map(full::get)
                    .sorted(order).toList();
            List<StoredFinding[]> chg = changes.changed.getOrDefault(cluster, List.of()).stream()
                    .map(p -> new StoredFinding[] {full.get(p[0]), full.get(p[1])})
                    .sorted(Comparator.comparing(p -> p[1], order)).toList();
            out.add(new ClusterDiff(cluster, ra == null ? null : ra.status().name(),
                    rb == null ? null : rb.status().name(), add, rem, chg, drift.getOrDefault(cluster, List.of()),
                    notes.get(cluster)));
        }
        return new RunDiff(from, to, out);
    }

    /**
     * Compares every finding's identity (fingerprint through the rule aliases) in the clusters given:
     * for runs stored before the digests, or when a rule was renamed.
     */
    private static void compareKeys(AuditHistory history, long a, long b, List<String> clusters, RuleAliases aliases,
                                    FindingChanges changes) {
        Map<String, List<AuditHistory.FindingKey>> fa = byCluster(history.findingKeys(a));
        Map<String, List<AuditHistory.FindingKey>> fb = byCluster(history.findingKeys(b));
        for (String cluster : clusters) {
            Map<String, AuditHistory.FindingKey> before = keyed(fa.getOrDefault(cluster, List.of()), aliases);
            Map<String, AuditHistory.FindingKey> after = keyed(fb.getOrDefault(cluster, List.of()), aliases);
            after.forEach((k, f) -> {
                AuditHistory.FindingKey old = before.get(k);
                if (old == null) {
                    changes.added(cluster, f.id());
                } else if (!old.severity().equals(f.severity()) || old.waived() != f.waived()) {
                    changes.changed(cluster, old.id(), f.id());
                }
            });
            before.forEach((k, f) -> {
                if (!after.containsKey(k)) {
                    changes.removed(cluster, f.id());
                }
            });
        }
    }

    /** The findings that differ, per cluster, as row ids: read in full once, then sorted into the diff. */
    private static final class FindingChanges {

        final Map<String, List<Long>> added = new HashMap<>();
        final Map<String, List<Long>> removed = new HashMap<>();
        final Map<String, List<long[]>> changed = new HashMap<>();
        /** Per cluster, the rows whose digests only one run has: added, removed or changed, told apart once read. */
        private final Map<String, List<List<Long>>> differing = new HashMap<>();

        void added(String cluster, long id) {
            added.computeIfAbsent(cluster, x -> new ArrayList<>()).add(id);
        }

        void removed(String cluster, long id) {
            removed.computeIfAbsent(cluster, x -> new ArrayList<>()).add(id);
        }

        void changed(String cluster, long before, long after) {
            changed.computeIfAbsent(cluster, x -> new ArrayList<>()).add(new long[] {before, after});
        }

        void differing(String cluster, List<Long> onlyBefore, List<Long> onlyAfter) {
            differing.put(cluster, List.of(onlyBefore, onlyAfter));
        }

        /** Every row to read. */
        Set<Long> rows() {
            Set<Long> rows = new HashSet<>();
            added.values().forEach(rows::addAll);
            removed.values().forEach(rows::addAll);
            changed.values().forEach(l -> l.forEach(p -> {
                rows.add(p[0]);
                rows.add(p[1]);
            }));
            differing.values().forEach(sides -> sides.forEach(rows::addAll));
            return rows;
        }

        /** Leaves out, per cluster, the findings of rules that one of the two runs did not evaluate. */
        void dropRules(Map<String, Set<String>> rules, Map<Long, StoredFinding> full, RuleAliases aliases) {
            rules.forEach((cluster, ids) -> {
                if (ids.isEmpty()) {
                    return;
                }
                java.util.function.Predicate<Long> drop = id -> ids.contains(aliases.canonical(
                        full.get(id).finding().ruleId()));
                added.getOrDefault(cluster, new ArrayList<>()).removeIf(drop);
                removed.getOrDefault(cluster, new ArrayList<>()).removeIf(drop);
                changed.getOrDefault(cluster, new ArrayList<>()).removeIf(p -> drop.test(p[1]));
            });
        }

        /** A fingerprint on both sides whose digests differ changed severity or waiver; the rest came or went. */
        void pairByFingerprint(Map<Long, StoredFinding> full) {
            differing.forEach((cluster, sides) -> {
                Map<String, Long> before = new HashMap<>();
                sides.get(0).forEach(id -> before.put(full.get(id).finding().fingerprint(), id));
                for (Long id : sides.get(1)) {
                    Long old = before.remove(full.get(id).finding().fingerprint());
                    if (old == null) {
                        added(cluster, id);
                    } else {
                        changed(cluster, old, id);
                    }
                }
                before.values().forEach(id -> removed(cluster, id));
            });
        }
    }

    /**
     * A cluster's finding digests in a run: empty when it was not evaluated there (findings are stored
     * only by evaluation), null when they were stored before the digests existed.
     */
    private static DigestSet findingDigests(AuditHistory history, long run, ClusterRun cluster) {
        if (cluster == null || cluster.status() != ClusterRun.Status.EVALUATED) {
            return DigestSet.EMPTY;
        }
        return history.findingDigests(run, cluster.cluster());
    }

    private static Map<String, ClusterRun> byName(List<ClusterRun> clusters) {
        Map<String, ClusterRun> m = new LinkedHashMap<>();
        clusters.forEach(c -> m.put(c.cluster(), c));
        return m;
    }

    private static Map<String, List<AuditHistory.FindingKey>> byCluster(List<AuditHistory.FindingKey> findings) {
        Map<String, List<AuditHistory.FindingKey>> m = new HashMap<>();
        findings.forEach(f -> m.computeIfAbsent(f.cluster(), k -> new ArrayList<>()).add(f));
        return m;
    }

    /** Findings by identity (fingerprint with rule aliases resolved). */
    private static Map<String, AuditHistory.FindingKey> keyed(List<AuditHistory.FindingKey> findings,
                                                              RuleAliases aliases) {
        Map<String, AuditHistory.FindingKey> m = new HashMap<>();
        for (AuditHistory.FindingKey f : findings) {
            m.put(aliases.key(f.fingerprint()), f);
        }
        return m;
    }
}
