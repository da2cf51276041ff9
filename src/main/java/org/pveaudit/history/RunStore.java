package org.pveaudit.history;

import static org.pveaudit.history.Columns.instant;
import static org.pveaudit.history.Columns.intOrNull;
import static org.pveaudit.history.Columns.longOrNull;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The {@code audit_run} table: a run's start, its status as it goes (RUNNING, then COMPLETED, FAILED,
 * ABANDONED or INTERRUPTED, and back to RUNNING for a restart), its end, and retention of old runs.
 */
public final class RunStore {

    private final HistorySql sql;
    private final RunRetention retention;

    RunStore(HistorySql sql) {
        this.sql = sql;
        this.retention = new RunRetention(sql.jdbc);
    }

    /** Records the start of a live run failing on {@code failOn} (a severity or "none") and returns its id. */
    public long start(String toolVersion, String configHash, String rulePacks, String failOn) {
        return start(toolVersion, configHash, rulePacks, FailurePolicy.parse(failOn, false), null);
    }

    /** Records the start of a run (a replay of {@code replayOf} when not null) and returns its id. */
    public long start(String toolVersion, String configHash, String rulePacks, FailurePolicy policy, Long replayOf) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        sql.jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO audit_run(started_at, status, tool_version, config_hash, "
                    + "rule_packs, fail_on, replay_of, pid, host, fail_on_new) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, Instant.now().toString());
            ps.setString(2, AuditRun.RUNNING);
            ps.setString(3, toolVersion);
            ps.setString(4, configHash);
            ps.setString(5, rulePacks);
            ps.setString(6, policy.key());
            ps.setObject(7, replayOf);
            ps.setLong(8, ProcessHandle.current().pid());
            ps.setString(9, hostName());
            ps.setInt(10, policy.newOnly() ? 1 : 0);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** Records how a run ended. */
    public void finish(long runId, String status, String reportDir, Integer exitCode) {
        sql.jdbc.update("UPDATE audit_run SET finished_at = ?, status = ?, report_dir = ?, exit_code = ? WHERE id = ?",
                Instant.now().toString(), status, reportDir, exitCode, runId);
    }

    /**
     * Marks the run COMPLETED and applies retention, in one transaction: the run's rows become
     * visible to "previous run" readers at the same moment as the older runs disappear.
     *
     * @return the ids of the runs pruned
     */
    public List<Long> complete(long runId, String reportDir, Integer exitCode, Retention keep) {
        return sql.inTransaction(() -> {
            finish(runId, AuditRun.COMPLETED, reportDir, exitCode);
            return prune(runId, keep, Instant.now());
        });
    }

    /**
     * Deletes the runs retention no longer keeps, with their rows and Spring Batch metadata, in the
     * caller's transaction; see {@link RunRetention#prune}.
     *
     * @return the ids pruned
     */
    public List<Long> prune(long currentRunId, Retention keep, Instant now) {
        return retention.prune(currentRunId, keep, now);
    }

    /**
     * Marks a RUNNING run INTERRUPTED, on a connection of its own (the stopping process's shutdown hook: one
     * statement, waiting at most {@code timeoutSeconds} for the database's write lock).
     *
     * @return whether the run was RUNNING and is now marked
     */
    public static boolean markInterrupted(Connection connection, long runId, int timeoutSeconds) throws SQLException {
        try (var ps = connection.prepareStatement("UPDATE audit_run SET status = 'INTERRUPTED', finished_at = ? "
                + "WHERE id = ? AND status = 'RUNNING'")) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, Instant.now().toString());
            ps.setLong(2, runId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Puts a FAILED, ABANDONED or INTERRUPTED run back to RUNNING for a restart. */
    public void reopen(long runId) {
        sql.jdbc.update("UPDATE audit_run SET status = 'RUNNING', finished_at = NULL, exit_code = NULL, "
                + "restarts = restarts + 1, pid = ?, host = ? WHERE id = ?", ProcessHandle.current().pid(),
                hostName(), runId);
    }

    /**
     * Marks every RUNNING run ABANDONED. Call only while holding the run lock: no other process can
     * then be writing a run, so a RUNNING one was left by a process that died.
     *
     * @return the runs marked
     */
    public List<Long> markAbandoned() {
        return sql.inTransaction(() -> {
            List<Long> ids = sql.jdbc.queryForList("SELECT id FROM audit_run WHERE status = 'RUNNING' ORDER BY id",
                    Long.class);
            sql.jdbc.update("UPDATE audit_run SET status = 'ABANDONED', finished_at = ? WHERE status = 'RUNNING'",
                    Instant.now().toString());
            return ids;
        });
    }

    public void setReportDir(long runId, String reportDir) {
        sql.jdbc.update("UPDATE audit_run SET report_dir = ? WHERE id = ?", reportDir, runId);
    }

    public Optional<AuditRun> run(long runId) {
        return sql.jdbc.query("SELECT * FROM audit_run WHERE id = ?", RunStore::run, runId).stream().findFirst();
    }

    /** The latest runs, newest first. */
    public List<AuditRun> latest(int limit) {
        return sql.jdbc.query("SELECT * FROM audit_run ORDER BY id DESC LIMIT ?", RunStore::run, limit);
    }

    /** The latest completed live run (not a replay): what an access review reviews; empty when there is none. */
    public Optional<AuditRun> latestCompleted() {
        return sql.jdbc.query("SELECT * FROM audit_run WHERE status = ? AND replay_of IS NULL ORDER BY id DESC "
                + "LIMIT 1", RunStore::run, AuditRun.COMPLETED).stream().findFirst();
    }

    /** The oldest run the history holds, or null when it holds none; run ids only grow, so older ones were pruned. */
    public Long oldest() {
        return sql.jdbc.queryForObject("SELECT MIN(id) FROM audit_run", Long.class);
    }

    public long count() {
        Long n = sql.jdbc.queryForObject("SELECT COUNT(*) FROM audit_run", Long.class);
        return n == null ? 0 : n;
    }

    private static AuditRun run(ResultSet rs, int row) throws SQLException {
        return new AuditRun(rs.getLong("id"), instant(rs.getString("started_at")), instant(rs.getString("finished_at")),
                rs.getString("status"), rs.getString("tool_version"), rs.getString("config_hash"),
                rs.getString("rule_packs"), rs.getString("fail_on"), rs.getString("report_dir"),
                intOrNull(rs, "exit_code"), longOrNull(rs, "replay_of"), longOrNull(rs, "pid"), rs.getString("host"),
                rs.getInt("fail_on_new") != 0, rs.getInt("restarts"));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
