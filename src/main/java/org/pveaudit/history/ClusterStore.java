package org.pveaudit.history;

import static org.pveaudit.history.Columns.instant;
import static org.pveaudit.history.Columns.intOrNull;
import static org.pveaudit.history.Columns.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters of each run ({@code run_cluster}): how far each got (collected, evaluated, not audited
 * and why) and the counts the comparison stored, per run and as a trend over runs.
 */
public final class ClusterStore {

    /**
     * The run_cluster columns of {@link ClusterCounts}: all served by the covering index
     * run_cluster_summary, so listing runs never walks the overflow pages of snapshot_json.
     */
    private static final String COUNT_COLUMNS = "run_id, cluster, status, pve_version, error, coverage_gaps, "
            + "baseline_run, n_critical, n_high, n_medium, n_low, n_info, n_waived, n_new, n_open, n_regressed, "
            + "n_resolved, n_drift, n_unevaluated, not_compared";

    private final HistorySql sql;

    ClusterStore(HistorySql sql) {
        this.sql = sql;
    }

    /** Records that a cluster could not be audited, and why. */
    public void saveFailed(long runId, String cluster, ClusterRun.Status status, String error) {
        // the whole row replaced, on every database: nothing collected earlier in the run may survive the failure
        sql.inTransaction(() -> {
            sql.jdbc.update("DELETE FROM run_cluster WHERE run_id = ? AND cluster = ?", runId, cluster);
            sql.jdbc.update("INSERT INTO run_cluster(run_id, cluster, status, error) VALUES (?, ?, ?, ?)", runId,
                    cluster, status.name(), error);
        });
    }

    /** Marks a cluster's rules evaluated; part of the caller's transaction. */
    void markEvaluated(long runId, String cluster) {
        sql.jdbc.update("UPDATE run_cluster SET status = 'EVALUATED' WHERE run_id = ? AND cluster = ?", runId, cluster);
    }

    /** Stores a cluster's counts as the comparison found them (its run and cluster name the row). */
    void saveCounts(ClusterCounts c) {
        sql.jdbc.update("UPDATE run_cluster SET baseline_run = ?, n_critical = ?, n_high = ?, n_medium = ?, n_low = ?, "
                        + "n_info = ?, n_waived = ?, n_new = ?, n_open = ?, n_regressed = ?, n_resolved = ?, "
                        + "n_drift = ?, n_unevaluated = ?, not_compared = ? WHERE run_id = ? AND cluster = ?",
                c.baselineRun(), c.critical(), c.high(), c.medium(), c.low(), c.info(), c.waived(), c.newFindings(),
                c.open(), c.regressed(), c.resolved(), c.drift(), c.unevaluated(), c.notCompared(), c.runId(),
                c.cluster());
    }

    /** The clusters of a run, by name. */
    public List<ClusterRun> of(long runId) {
        return sql.jdbc.query("SELECT run_id, cluster, status, pve_version, error, collected_at FROM run_cluster "
                + "WHERE run_id = ? ORDER BY cluster", (rs, i) -> new ClusterRun(rs.getLong(1), rs.getString(2),
                ClusterRun.Status.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                instant(rs.getString(6))), runId);
    }

    /** The clusters of a run with their stored counts. */
    public List<ClusterCounts> counts(long runId) {
        return sql.jdbc.query("SELECT " + COUNT_COLUMNS + " FROM run_cluster WHERE run_id = ? ORDER BY cluster",
                ClusterStore::counts, runId);
    }

    /** The clusters of several runs with their counts, by run id (one query, for run lists). */
    public Map<Long, List<ClusterCounts>> counts(List<Long> runIds) {
        Map<Long, List<ClusterCounts>> out = new LinkedHashMap<>();
        runIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (runIds.isEmpty()) {
            return out;
        }
        sql.jdbc.query("SELECT " + COUNT_COLUMNS + " FROM run_cluster WHERE run_id IN (" + HistorySql.idList(runIds)
                + ") ORDER BY run_id, cluster", (ResultSet rs) -> {
                    ClusterCounts c = counts(rs, 0);
                    out.get(c.runId()).add(c);
                });
        return out;
    }

    /**
     * Unwaived findings per severity of each cluster over its last {@code runs} completed live runs,
     * oldest first (for the report's trend). {@code cluster} null means every cluster.
     */
    public List<TrendPoint> trend(String cluster, int runs) {
        List<Object> args = new ArrayList<>();
        String oneCluster = "";
        if (cluster != null) {
            oneCluster = " AND c.cluster = ?";
            args.add(cluster);
        }
        args.add(runs);
        List<TrendPoint> points = sql.jdbc.query("""
                SELECT * FROM (
                  SELECT c.run_id, c.cluster, c.status, c.pve_version, c.error, c.coverage_gaps, c.baseline_run,
                         c.n_critical, c.n_high, c.n_medium, c.n_low, c.n_info, c.n_waived, c.n_new, c.n_open,
                         c.n_regressed, c.n_resolved, c.n_drift, c.n_unevaluated, c.not_compared, r.started_at,
                         ROW_NUMBER() OVER (PARTITION BY c.cluster ORDER BY c.run_id DESC) AS recent
                  FROM run_cluster c JOIN audit_run r ON r.id = c.run_id
                  WHERE r.status = 'COMPLETED' AND r.replay_of IS NULL AND c.status = 'EVALUATED'
                    AND c.n_critical IS NOT NULL%s) recent_runs
                WHERE recent <= ? ORDER BY cluster, run_id""".formatted(oneCluster), (rs, i) -> {
                    ClusterCounts c = counts(rs, i);
                    return new TrendPoint(c.runId(), instant(rs.getString("started_at")), c.cluster(), c.bySeverity(),
                            ClusterCounts.n(c.waived()), ClusterCounts.n(c.newFindings()),
                            ClusterCounts.n(c.resolved()), ClusterCounts.n(c.unevaluated()));
                }, args.toArray());
        return points.stream().sorted(Comparator.comparing(TrendPoint::cluster).thenComparing(TrendPoint::runId))
                .toList();
    }

    private static ClusterCounts counts(ResultSet rs, int row) throws SQLException {
        String gaps = rs.getString("coverage_gaps");
        return new ClusterCounts(rs.getLong("run_id"), rs.getString("cluster"),
                ClusterRun.Status.valueOf(rs.getString("status")), rs.getString("pve_version"), rs.getString("error"),
                gaps == null || gaps.isEmpty() ? List.of() : List.of(gaps.split("\n")), longOrNull(rs, "baseline_run"),
                intOrNull(rs, "n_critical"), intOrNull(rs, "n_high"), intOrNull(rs, "n_medium"), intOrNull(rs, "n_low"),
                intOrNull(rs, "n_info"), intOrNull(rs, "n_waived"), intOrNull(rs, "n_new"), intOrNull(rs, "n_open"),
                intOrNull(rs, "n_regressed"), intOrNull(rs, "n_resolved"), intOrNull(rs, "n_drift"),
                intOrNull(rs, "n_unevaluated"), rs.getString("not_compared"));
    }
}
