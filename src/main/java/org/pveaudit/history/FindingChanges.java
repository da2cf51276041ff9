package org.pveaudit.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The findings that differ, per cluster, as row ids: read in full once, then sorted into the diff. */
final class FindingChanges {

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
            Predicate<Long> drop = id -> ids.contains(aliases.canonical(
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
