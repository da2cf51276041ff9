package org.pveaudit.history;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
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

    /**
     * Per principal of the cluster, the latest run up to {@code runId} whose drift concerned it, in one query: the
     * user and token rows and ACL rows grouped to their latest run, and every group row, whose members that joined
     * or left are found here. Counted are completed live runs and the run itself (its report is written before it
     * completes); for a replay, the runs up to the run it replays.
     */
    LastAccessChanges lastChanges(long runId, String cluster) {
        Map<String, LastAccessChanges.Seen> latest = new HashMap<>();
        sql.jdbc.query("""
                WITH counted AS (
                  SELECT id, started_at FROM audit_run
                  WHERE id <= COALESCE((SELECT replay_of FROM audit_run WHERE id = ?), ?)
                    AND replay_of IS NULL AND (status = 'COMPLETED' OR id = ?)),
                changes AS (
                  SELECT d.object, d.object_key, MAX(d.run_id) AS run_id, NULL AS before_value, NULL AS after_value
                  FROM access_drift d JOIN counted ON counted.id = d.run_id
                  WHERE d.cluster = ? AND d.object IN ('user', 'token', 'acl')
                  GROUP BY d.object, d.object_key
                  UNION ALL
                  SELECT d.object, d.object_key, d.run_id, d.before_value, d.after_value
                  FROM access_drift d JOIN counted ON counted.id = d.run_id
                  WHERE d.cluster = ? AND d.object = 'group')
                SELECT changes.*, counted.started_at FROM changes JOIN counted ON counted.id = changes.run_id""",
                (ResultSet rs) -> {
                    LastAccessChanges.Seen seen = new LastAccessChanges.Seen(rs.getLong("run_id"),
                            Columns.instant(rs.getString("started_at")));
                    String key = rs.getString("object_key");
                    switch (rs.getString("object")) {
                        // an ACL entry's key is path|principal, and paths have no '|'
                        case "acl" -> later(latest, key.substring(key.indexOf('|') + 1), seen);
                        case "group" -> {
                            Set<String> before = AccessDrift.members(rs.getString("before_value"));
                            Set<String> after = AccessDrift.members(rs.getString("after_value"));
                            before.stream().filter(m -> !after.contains(m)).forEach(m -> later(latest, m, seen));
                            after.stream().filter(m -> !before.contains(m)).forEach(m -> later(latest, m, seen));
                        }
                        default -> later(latest, key, seen);
                    }
                }, runId, runId, runId, cluster, cluster);
        return new LastAccessChanges(cluster, latest, recordedFrom(runId, cluster));
    }

    private static void later(Map<String, LastAccessChanges.Seen> latest, String principal,
                              LastAccessChanges.Seen seen) {
        latest.merge(principal, seen, (a, b) -> a.runId() >= b.runId() ? a : b);
    }

    /**
     * The oldest run kept of the cluster when it was compared with a run since pruned, else null: the first run of
     * a cluster has no baseline, so a baseline on the oldest one kept means earlier runs are gone.
     */
    private Long recordedFrom(long runId, String cluster) {
        List<Long> oldest = sql.jdbc.query("""
                SELECT c.run_id, c.baseline_run FROM run_cluster c JOIN audit_run r ON r.id = c.run_id
                WHERE c.cluster = ? AND c.status = 'EVALUATED' AND r.replay_of IS NULL AND c.run_id <= ?
                ORDER BY c.run_id LIMIT 1""", (rs, i) -> Columns.longOrNull(rs, "baseline_run") == null ? null
                : rs.getLong("run_id"), cluster, runId);
        return oldest.isEmpty() ? null : oldest.get(0);
    }
}
