package org.pveaudit.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Waiver;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit history in SQL: runs, per-cluster snapshots, rule outcomes and findings. Every write
 * of a step happens in one transaction, and readers of "the previous run" only see completed runs.
 */
public class AuditHistory {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditHistory(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    /** Records the start of a run and returns its id. */
    public long startRun(String toolVersion, String configHash, String rulePacks, String failOn) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO audit_run(started_at, status, tool_version, config_hash, "
                    + "rule_packs, fail_on) VALUES (?, 'RUNNING', ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, Instant.now().toString());
            ps.setString(2, toolVersion);
            ps.setString(3, configHash);
            ps.setString(4, rulePacks);
            ps.setString(5, failOn);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public void finishRun(long runId, String status, String reportDir, Integer exitCode) {
        jdbc.update("UPDATE audit_run SET finished_at = ?, status = ?, report_dir = ?, exit_code = ? WHERE id = ?",
                Instant.now().toString(), status, reportDir, exitCode, runId);
    }

    public void setReportDir(long runId, String reportDir) {
        jdbc.update("UPDATE audit_run SET report_dir = ? WHERE id = ?", reportDir, runId);
    }

    public Optional<AuditRun> run(long runId) {
        return jdbc.query("SELECT * FROM audit_run WHERE id = ?", AuditHistory::run, runId).stream().findFirst();
    }

    /** Runs, newest first. */
    public List<AuditRun> runs(int limit) {
        return jdbc.query("SELECT * FROM audit_run ORDER BY id DESC LIMIT ?", AuditHistory::run, limit);
    }

    /** Stores what was read from a cluster (replacing an earlier attempt of the same step). */
    public void saveCollected(long runId, ClusterSnapshot snapshot) {
        jdbc.update("INSERT OR REPLACE INTO run_cluster(run_id, cluster, status, pve_version, collected_at, "
                        + "snapshot_json) VALUES (?, ?, 'COLLECTED', ?, ?, ?)",
                runId, snapshot.cluster(), snapshot.identity().version(), snapshot.collectedAt().toString(),
                json.writeValueAsString(snapshot));
    }

    /** Records that a cluster could not be audited, and why. */
    public void saveFailed(long runId, String cluster, ClusterRun.Status status, String error) {
        jdbc.update("INSERT OR REPLACE INTO run_cluster(run_id, cluster, status, error) VALUES (?, ?, ?, ?)",
                runId, cluster, status.name(), error);
    }

    public List<ClusterRun> clusters(long runId) {
        return jdbc.query("SELECT run_id, cluster, status, pve_version, error, collected_at FROM run_cluster "
                + "WHERE run_id = ? ORDER BY cluster", (rs, i) -> new ClusterRun(rs.getLong(1), rs.getString(2),
                ClusterRun.Status.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                instant(rs.getString(6))), runId);
    }

    public ClusterSnapshot snapshot(long runId, String cluster) {
        String text = jdbc.queryForObject("SELECT snapshot_json FROM run_cluster WHERE run_id = ? AND cluster = ?",
                String.class, runId, cluster);
        return json.readValue(text, ClusterSnapshot.class);
    }

    /** Records the waivers in force for the run (replacing an earlier attempt of the step). */
    public void saveWaivers(long runId, List<Waiver> waivers) {
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM run_waiver WHERE run_id = ?", runId);
            for (int i = 0; i < waivers.size(); i++) {
                Waiver w = waivers.get(i);
                jdbc.update("INSERT INTO run_waiver(run_id, position, rule_id, cluster, principal, path, subject, "
                        + "reason, owner, expires, ticket, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        runId, i, w.rule(), w.cluster(), w.principal(), w.path(), w.subject(), w.reason(),
                        w.owner(), w.expires().toString(), w.ticket(), w.source());
            }
        });
    }

    /** The run's waivers with the number of findings each covered. */
    public List<StoredWaiver> waivers(long runId) {
        return jdbc.query("SELECT w.*, (SELECT COUNT(*) FROM finding f WHERE f.run_id = w.run_id "
                        + "AND f.waiver = w.position) AS matched FROM run_waiver w WHERE w.run_id = ? ORDER BY w.position",
                (rs, i) -> new StoredWaiver(new Waiver(rs.getString("rule_id"), rs.getString("cluster"),
                        rs.getString("principal"), rs.getString("path"), rs.getString("subject"),
                        rs.getString("reason"), rs.getString("owner"), LocalDate.parse(rs.getString("expires")),
                        rs.getString("ticket"), rs.getString("source")), rs.getInt("matched")), runId);
    }

    /** Stores one cluster's rule outcomes and findings in one transaction, replacing an earlier attempt. */
    public void saveEvaluation(long runId, String cluster, RuleEngine.Evaluation evaluation) {
        List<RuleOutcome> outcomes = evaluation.outcomes();
        List<Finding> findings = evaluation.findings();
        tx.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM rule_outcome WHERE run_id = ? AND cluster = ?", runId, cluster);
            jdbc.update("DELETE FROM finding WHERE run_id = ? AND cluster = ?", runId, cluster);
            jdbc.batchUpdate("INSERT INTO rule_outcome(run_id, cluster, rule_id, severity, title, status, findings, "
                    + "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", outcomes, 500, (ps, o) -> {
                        ps.setLong(1, runId);
                        ps.setString(2, cluster);
                        ps.setString(3, o.ruleId());
                        ps.setString(4, o.severity().key());
                        ps.setString(5, o.title());
                        ps.setString(6, o.status().name());
                        ps.setInt(7, o.findings());
                        ps.setString(8, o.reason());
                    });
            List<Integer> order = java.util.stream.IntStream.range(0, findings.size()).boxed().toList();
            jdbc.batchUpdate("INSERT INTO finding(run_id, cluster, rule_id, severity, title, subject_kind, "
                    + "subject_key, path, message, fingerprint, principal, waiver) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    order, 500, (ps, i) -> {
                        Finding f = findings.get(i);
                        Integer waiver = evaluation.waivedBy().get(i);
                        ps.setLong(1, runId);
                        ps.setString(2, cluster);
                        ps.setString(3, f.ruleId());
                        ps.setString(4, f.severity().key());
                        ps.setString(5, f.title());
                        ps.setString(6, f.subject().key());
                        ps.setString(7, f.subjectKey());
                        ps.setString(8, f.path());
                        ps.setString(9, f.message());
                        ps.setString(10, f.fingerprint());
                        ps.setString(11, f.principal());
                        ps.setObject(12, waiver);
                    });
            jdbc.update("UPDATE run_cluster SET status = 'EVALUATED' WHERE run_id = ? AND cluster = ?", runId, cluster);
        });
    }

    /**
     * Marks each finding of the run NEW or OPEN against the previous completed run of its cluster,
     * carrying the first-seen run forward.
     */
    public void compareWithPrevious(long runId) {
        tx.executeWithoutResult(status -> {
            jdbc.update("""
                    UPDATE finding SET state = 'NEW', first_seen_run = run_id,
                           first_seen_at = (SELECT started_at FROM audit_run WHERE id = finding.run_id)
                    WHERE run_id = ?""", runId);
            jdbc.update("""
                    UPDATE finding SET state = 'OPEN',
                           first_seen_run = prev.first_seen_run, first_seen_at = prev.first_seen_at
                    FROM (SELECT f.fingerprint, f.first_seen_run, f.first_seen_at FROM finding f
                          WHERE f.run_id = (SELECT MAX(r.id) FROM audit_run r JOIN run_cluster c ON c.run_id = r.id
                                            WHERE r.status = 'COMPLETED' AND r.id < ? AND c.status = 'EVALUATED'
                                              AND c.cluster = f.cluster)) AS prev
                    WHERE finding.run_id = ? AND finding.fingerprint = prev.fingerprint""", runId, runId);
        });
    }

    public List<RuleOutcome> outcomes(long runId) {
        return jdbc.query("SELECT * FROM rule_outcome WHERE run_id = ? ORDER BY cluster, rule_id",
                (rs, i) -> new RuleOutcome(rs.getString("cluster"), rs.getString("rule_id"),
                        Severity.parse(rs.getString("severity")), rs.getString("title"),
                        RuleOutcome.Status.valueOf(rs.getString("status")), rs.getInt("findings"),
                        rs.getString("reason")), runId);
    }

    /** Findings of a run, most severe first. */
    public List<StoredFinding> findings(long runId) {
        return jdbc.query("""
                SELECT * FROM finding WHERE run_id = ?
                ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
                         WHEN 'low' THEN 3 ELSE 4 END, cluster, rule_id, subject_key""",
                (rs, i) -> {
                    int waiver = rs.getInt("waiver");
                    boolean none = rs.wasNull();
                    return new StoredFinding(finding(rs), StoredFinding.State.valueOf(rs.getString("state")),
                            rs.getLong("first_seen_run"), rs.getString("first_seen_at"), none ? null : waiver);
                }, runId);
    }

    private static Finding finding(ResultSet rs) throws SQLException {
        return new Finding(rs.getString("cluster"), rs.getString("rule_id"), Severity.parse(rs.getString("severity")),
                rs.getString("title"), SubjectKind.parse(rs.getString("subject_kind")), rs.getString("subject_key"),
                rs.getString("principal"), rs.getString("path"), rs.getString("message"));
    }

    private static AuditRun run(ResultSet rs, int row) throws SQLException {
        int exit = rs.getInt("exit_code");
        return new AuditRun(rs.getLong("id"), instant(rs.getString("started_at")), instant(rs.getString("finished_at")),
                rs.getString("status"), rs.getString("tool_version"), rs.getString("config_hash"),
                rs.getString("rule_packs"), rs.getString("fail_on"), rs.getString("report_dir"),
                rs.wasNull() ? null : exit);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
