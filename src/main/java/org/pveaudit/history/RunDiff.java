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
        AuditRun from = history.runs().run(a).orElseThrow(() -> new HistoryException("no run " + a + " in the history"));
        AuditRun to = history.runs().run(b).orElseThrow(() -> new HistoryException("no run " + b + " in the history"));
        Sides sides = Sides.of(history, a, b);
        // a cluster not audited on one side is not compared at all: its findings there are unknown
        Map<String, String> notes = sides.notAudited();
        List<String> compared = sides.names().stream().filter(c -> !notes.containsKey(c)).toList();
        FindingChanges changes = findingChanges(history, sides, compared);
        Map<Long, StoredFinding> full = history.findings().byId(changes.rows());
        changes.pairByFingerprint(full);
        // what one side could not evaluate or read is left out of the comparison, and named
        Map<String, Set<String>> unevaluatedRules = new HashMap<>();
        Map<String, Set<Dataset>> unread = new HashMap<>();
        LastKnown known = history.lastKnown();
        for (String cluster : compared) {
            unevaluatedRules.put(cluster, notEvaluatedInBoth(known, sides, cluster));
            unread.put(cluster, notReadInBoth(known, sides, cluster));
            note(cluster, unevaluatedRules.get(cluster), unread.get(cluster), notes);
        }
        changes.dropRules(unevaluatedRules, full, sides.aliases());
        Map<String, List<DriftEntry>> drift = drift(history, sides, compared, unread);
        List<ClusterDiff> out = new ArrayList<>();
        for (String cluster : sides.names()) {
            out.add(clusterDiff(cluster, sides, changes, full, drift.getOrDefault(cluster, List.of()),
                    notes.get(cluster)));
        }
        return new RunDiff(from, to, out);
    }

    /** The two runs compared: their clusters by name, and the rule aliases of either in force. */
    private record Sides(long a, long b, Map<String, String> aliasMap, RuleAliases aliases,
                         Map<String, ClusterRun> before, Map<String, ClusterRun> after, TreeSet<String> names) {

        static Sides of(AuditHistory history, long a, long b) {
            Map<String, String> aliasMap = new HashMap<>(history.findings().ruleAliases(a).asMap());
            aliasMap.putAll(history.findings().ruleAliases(b).asMap());
            Map<String, ClusterRun> ca = byName(history.clusters().of(a));
            Map<String, ClusterRun> cb = byName(history.clusters().of(b));
            TreeSet<String> names = new TreeSet<>(ca.keySet());
            names.addAll(cb.keySet());
            return new Sides(a, b, aliasMap, new RuleAliases(aliasMap), ca, cb, names);
        }

        /** A note for each cluster missing or not audited on one side. */
        Map<String, String> notAudited() {
            Map<String, String> notes = new HashMap<>();
            for (String cluster : names) {
                ClusterRun ra = before.get(cluster);
                ClusterRun rb = after.get(cluster);
                if (ra == null || rb == null) {
                    notes.put(cluster, "only in run " + (ra == null ? b : a));
                } else if (!ra.audited() || !rb.audited()) {
                    notes.put(cluster, "not compared: not audited in run " + (!ra.audited() ? a : b));
                }
            }
            return notes;
        }
    }

    /** The findings that differ in the clusters compared: by digests where both runs have them, else by keys. */
    private static FindingChanges findingChanges(AuditHistory history, Sides sides, List<String> compared) {
        FindingChanges changes = new FindingChanges();
        List<String> byKeys = new ArrayList<>();
        for (String cluster : compared) {
            boolean renamed = !sides.aliasMap().isEmpty();
            DigestSet da = renamed ? null : findingDigests(history, sides.a(), sides.before().get(cluster));
            DigestSet db = renamed ? null : findingDigests(history, sides.b(), sides.after().get(cluster));
            if (da != null && db != null) {
                changes.differing(cluster, da.rowsNotIn(db), db.rowsNotIn(da));
            } else {
                byKeys.add(cluster);
            }
        }
        if (!byKeys.isEmpty()) {
            compareKeys(history, sides.a(), sides.b(), byKeys, sides.aliases(), changes);
        }
        return changes;
    }

    /** The rules one run evaluated for the cluster and the other did not. */
    private static Set<String> notEvaluatedInBoth(LastKnown known, Sides sides, String cluster) {
        Set<String> ea = known.evaluatedRules(sides.a(), cluster, sides.aliases());
        Set<String> eb = known.evaluatedRules(sides.b(), cluster, sides.aliases());
        Set<String> notBoth = new TreeSet<>(ea);
        notBoth.addAll(eb);
        notBoth.removeIf(r -> ea.contains(r) && eb.contains(r));
        return notBoth;
    }

    /** The datasets access drift compares that one of the runs could not read for the cluster. */
    private static Set<Dataset> notReadInBoth(LastKnown known, Sides sides, String cluster) {
        Set<Dataset> missing = EnumSet.noneOf(Dataset.class);
        missing.addAll(known.missing(sides.a(), cluster));
        missing.addAll(known.missing(sides.b(), cluster));
        Set<Dataset> drifting = EnumSet.noneOf(Dataset.class);
        for (DriftEntry.ObjectKind k : DriftEntry.ObjectKind.values()) {
            drifting.add(k.dataset());
        }
        missing.retainAll(drifting);
        return missing;
    }

    private static void note(String cluster, Set<String> notBoth, Set<Dataset> missing, Map<String, String> notes) {
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

    /** The access drift of each cluster compared: stored, equal, or computed. */
    private static Map<String, List<DriftEntry>> drift(AuditHistory history, Sides sides, List<String> compared,
                                                       Map<String, Set<Dataset>> unread) {
        long a = sides.a();
        long b = sides.b();
        Map<String, ClusterCounts> countsB = new HashMap<>();
        history.clusters().counts(b).forEach(c -> countsB.put(c.cluster(), c));
        Map<String, List<DriftEntry>> stored = new HashMap<>();
        history.comparison().drift(b).forEach(d -> stored.computeIfAbsent(d.cluster(), x -> new ArrayList<>()).add(d));
        Map<String, List<DriftEntry>> drift = new HashMap<>();
        for (String cluster : compared) {
            ClusterCounts cb = countsB.get(cluster);
            String ha = history.snapshots().accessHash(a, cluster);
            String hb = history.snapshots().accessHash(b, cluster);
            if (ha != null && ha.equals(hb)) {
                drift.put(cluster, List.of());
            } else if (unread.get(cluster).isEmpty() && cb != null && cb.baselineRun() != null
                    && cb.baselineRun() == a && cb.drift() != null && cb.notCompared() == null) {
                drift.put(cluster, stored.getOrDefault(cluster, List.of()));
            } else {
                drift.put(cluster, history.snapshots().drift(a, b, cluster).stream()
                        .filter(d -> !unread.get(cluster).contains(d.object().dataset())).toList());
            }
        }
        return drift;
    }

    private static final Comparator<StoredFinding> ORDER = Comparator
            .comparing((StoredFinding f) -> -f.finding().severity().ordinal())
            .thenComparing(f -> f.finding().ruleId()).thenComparing(f -> f.finding().subjectKey());

    private static ClusterDiff clusterDiff(String cluster, Sides sides, FindingChanges changes,
                                           Map<Long, StoredFinding> full, List<DriftEntry> drift, String note) {
        ClusterRun ra = sides.before().get(cluster);
        ClusterRun rb = sides.after().get(cluster);
        List<StoredFinding> add = changes.added.getOrDefault(cluster, List.of()).stream().map(full::get)
                .sorted(ORDER).toList();
        List<StoredFinding> rem = changes.removed.getOrDefault(cluster, List.of()).stream().map(full::get)
                .sorted(ORDER).toList();
        List<StoredFinding[]> chg = changes.changed.getOrDefault(cluster, List.of()).stream()
                .map(p -> new StoredFinding[] {full.get(p[0]), full.get(p[1])})
                .sorted(Comparator.comparing(p -> p[1], ORDER)).toList();
        return new ClusterDiff(cluster, ra == null ? null : ra.status().name(), rb == null ? null : rb.status().name(),
                add, rem, chg, drift, note);
    }

    /**
     * Compares every finding's identity (fingerprint through the rule aliases) in the clusters given:
     * for runs stored before the digests, or when a rule was renamed.
     */
    private static void compareKeys(AuditHistory history, long a, long b, List<String> clusters, RuleAliases aliases,
                                    FindingChanges changes) {
        Map<String, List<FindingStore.FindingKey>> fa = byCluster(history.findings().keys(a));
        Map<String, List<FindingStore.FindingKey>> fb = byCluster(history.findings().keys(b));
        for (String cluster : clusters) {
            Map<String, FindingStore.FindingKey> before = keyed(fa.getOrDefault(cluster, List.of()), aliases);
            Map<String, FindingStore.FindingKey> after = keyed(fb.getOrDefault(cluster, List.of()), aliases);
            after.forEach((k, f) -> {
                FindingStore.FindingKey old = before.get(k);
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

    /**
     * A cluster's finding digests in a run: empty when it was not evaluated there (findings are stored
     * only by evaluation), null when they were stored before the digests existed.
     */
    private static DigestSet findingDigests(AuditHistory history, long run, ClusterRun cluster) {
        if (cluster == null || cluster.status() != ClusterRun.Status.EVALUATED) {
            return DigestSet.EMPTY;
        }
        return history.findings().digests(run, cluster.cluster());
    }

    private static Map<String, ClusterRun> byName(List<ClusterRun> clusters) {
        Map<String, ClusterRun> m = new LinkedHashMap<>();
        clusters.forEach(c -> m.put(c.cluster(), c));
        return m;
    }

    private static Map<String, List<FindingStore.FindingKey>> byCluster(List<FindingStore.FindingKey> findings) {
        Map<String, List<FindingStore.FindingKey>> m = new HashMap<>();
        findings.forEach(f -> m.computeIfAbsent(f.cluster(), k -> new ArrayList<>()).add(f));
        return m;
    }

    /** Findings by identity (fingerprint with rule aliases resolved). */
    private static Map<String, FindingStore.FindingKey> keyed(List<FindingStore.FindingKey> findings,
                                                              RuleAliases aliases) {
        Map<String, FindingStore.FindingKey> m = new HashMap<>();
        for (FindingStore.FindingKey f : findings) {
            m.put(aliases.key(f.fingerprint()), f);
        }
        return m;
    }
}
