package org.pveaudit.history;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pveaudit.model.Dataset;

/**
 * The access drift a run stores for each cluster ({@code access_drift}): each kind of object compared with
 * the latest run that read its dataset. A dataset this run could not read, or that no earlier run read, is
 * not compared: never "removed", never "added".
 */
final class DriftComparison {

    private final HistorySql sql;
    private final SnapshotStore snapshots;

    DriftComparison(HistorySql sql, SnapshotStore snapshots) {
        this.sql = sql;
        this.snapshots = snapshots;
    }

    /** How many access changes were stored, and which datasets could not be compared (null: none). */
    record Stored(int changes, String notCompared) {
    }

    /** Deletes what an earlier attempt of the run's comparison stored; part of the caller's transaction. */
    void delete(long runId) {
        sql.jdbc.update("DELETE FROM access_drift WHERE run_id = ?", runId);
    }

    /**
     * Stores the access drift of a cluster: each kind of object is compared with the latest run that
     * read its dataset (the baseline, unless the baseline had a gap there).
     */
    Stored compare(long runId, String cluster, Long baseline, LastKnown known) {
        if (baseline == null) {
            return new Stored(0, null);
        }
        String hashBefore = snapshots.accessHash(baseline, cluster);
        if (hashBefore != null && hashBefore.equals(snapshots.accessHash(runId, cluster))) {
            return new Stored(0, null);
        }
        Set<Dataset> missingNow = known.missing(runId, cluster);
        Set<Dataset> missingBefore = known.missing(baseline, cluster);
        Map<Long, Set<DriftEntry.ObjectKind>> kindsByRun = new TreeMap<>();
        Set<String> notCompared = new TreeSet<>();
        for (DriftEntry.ObjectKind kind : DriftEntry.ObjectKind.values()) {
            Long from = missingNow.contains(kind.dataset()) ? null
                    : missingBefore.contains(kind.dataset()) ? known.datasetRun(cluster, baseline, kind.dataset())
                    : baseline;
            if (from == null) {
                notCompared.add(kind.dataset().key());
            } else {
                kindsByRun.computeIfAbsent(from, r -> EnumSet.noneOf(DriftEntry.ObjectKind.class)).add(kind);
            }
        }
        List<Object[]> rows = new ArrayList<>();
        kindsByRun.forEach((from, kinds) -> snapshots.drift(from, runId, cluster).stream()
                .filter(d -> kinds.contains(d.object()))
                .forEach(d -> rows.add(new Object[] {runId, cluster, from, d.object().key(), d.change().name(), d.key(),
                        d.before(), d.after()})));
        sql.jdbc.batchUpdate("INSERT INTO access_drift(run_id, cluster, baseline_run, object, change, object_key, "
                + "before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return new Stored(rows.size(), notCompared.isEmpty() ? null : String.join(",", notCompared));
    }

    /** The access drift stored for each cluster of the run, by cluster, object kind and key. */
    List<DriftEntry> of(long runId) {
        return sql.jdbc.query("SELECT * FROM access_drift WHERE run_id = ? ORDER BY cluster, "
                        + "CASE object WHEN 'user' THEN 0 WHEN 'group' THEN 1 WHEN 'token' THEN 2 WHEN 'acl' THEN 3 "
                        + "WHEN 'role' THEN 4 ELSE 5 END, object_key",
                (rs, i) -> new DriftEntry(rs.getString("cluster"),
                        DriftEntry.ObjectKind.valueOf(rs.getString("object").toUpperCase(Locale.ROOT)),
                        DriftEntry.Change.valueOf(rs.getString("change")), rs.getString("object_key"),
                        rs.getString("before_value"), rs.getString("after_value")), runId);
    }
}
