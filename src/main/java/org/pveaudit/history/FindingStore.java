package org.pveaudit.history;

import static org.pveaudit.history.Columns.SEVERITY_ORDER;
import static org.pveaudit.history.Columns.finding;
import static org.pveaudit.history.Columns.intOrNull;
import static org.pveaudit.history.Columns.longOrNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.Waiver;

/**
 * What the rules said of each cluster in a run: the outcome of every rule ({@code rule_outcome}), the
 * findings ({@code finding}) with their digests for diffs ({@code run_finding_digest}), and what was in
 * force: the waivers ({@code run_waiver}) and the former rule ids ({@code run_rule_alias}).
 */
public final class FindingStore {

    /** Rows per JDBC batch. */
    private static final int BATCH = 500;

    /** SQL: 1 for a waived finding, else 0. */
    private static final String WAIVED = "CASE WHEN waiver IS NULL THEN 0 ELSE 1 END";

    private final HistorySql sql;
    private final ClusterStore clusters;

    FindingStore(HistorySql sql, ClusterStore clusters) {
        this.sql = sql;
        this.clusters = clusters;
    }

    /**
     * A finding reduced to its stored fingerprint ({@code cluster|rule|kind|subject}), severity and
     * waiver, for comparing large runs.
     */
    public record FindingKey(long id, String fingerprint, String severity, boolean waived) {

        /** The cluster, the fingerprint's first part (cluster names and rule ids never contain '|'). */
        public String cluster() {
            return fingerprint.substring(0, fingerprint.indexOf('|'));
        }
    }

    /** A finding row reduced to what the comparison with the previous run needs. */
    record Row(long id, String ruleId, String severity, String kind, String key, Integer waiver, Long firstSeenRun,
               String firstSeenAt) {
    }

    /** The run in which a finding was first seen, and when. */
    record FirstSeen(long run, String at) {
    }

    /** A finding's state against the previous run, and since when it is known. */
    record StateChange(long id, StoredFinding.State state, FirstSeen since) {
    }

    /** Stores one cluster's rule outcomes and findings in one transaction, replacing an earlier attempt. */
    public void saveEvaluation(long runId, String cluster, RuleEngine.Evaluation evaluation) {
        sql.inTransaction(() -> {
            sql.jdbc.update("DELETE FROM rule_outcome WHERE run_id = ? AND cluster = ?", runId, cluster);
            sql.jdbc.update("DELETE FROM finding WHERE run_id = ? AND cluster = ?", runId, cluster);
            saveOutcomes(runId, cluster, evaluation.outcomes());
            saveFindings(runId, cluster, evaluation.findings(), evaluation.waivedBy());
            saveDigests(runId, cluster);
            clusters.markEvaluated(runId, cluster);
        });
    }

    private void saveOutcomes(long runId, String cluster, List<RuleOutcome> outcomes) {
        sql.jdbc.batchUpdate("INSERT INTO rule_outcome(run_id, cluster, rule_id, severity, title, status, findings, "
                + "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", outcomes, BATCH, (ps, o) -> {
                    ps.setLong(1, runId);
                    ps.setString(2, cluster);
                    ps.setString(3, o.ruleId());
                    ps.setString(4, o.severity().key());
                    ps.setString(5, o.title());
                    ps.setString(6, o.status().name());
                    ps.setInt(7, o.findings());
                    ps.setString(8, o.reason());
                });
    }

    private void saveFindings(long runId, String cluster, List<Finding> findings, List<Integer> waivedBy) {
        List<Integer> order = IntStream.range(0, findings.size()).boxed().toList();
        sql.jdbc.batchUpdate("INSERT INTO finding(run_id, cluster, rule_id, severity, title, subject_kind, "
                + "subject_key, path, message, fingerprint, principal, waiver) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", order, BATCH, (ps, i) -> {
                    Finding f = findings.get(i);
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
                    ps.setObject(12, waivedBy.get(i));
                });
    }

    /**
     * Stores the digests of a cluster's findings in a run (fingerprint, severity and waived), for
     * {@link RunDiff}; part of the caller's transaction.
     */
    public void saveDigests(long runId, String cluster) {
        List<long[]> pairs = sql.jdbc.query("SELECT id, fingerprint, severity, " + WAIVED + " FROM finding "
                        + "WHERE run_id = ? AND cluster = ?", (rs, i) -> new long[] {rs.getLong(1),
                        DigestSet.digest(rs.getString(2), rs.getString(3), rs.getInt(4) != 0 ? "waived" : "")},
                runId, cluster);
        long[] rows = pairs.stream().mapToLong(p -> p[0]).toArray();
        long[] digests = pairs.stream().mapToLong(p -> p[1]).toArray();
        sql.jdbc.update(sql.dialect.insertOrReplace("run_finding_digest", "run_id, cluster",
                "run_id, cluster, digests"), runId, cluster, DigestSet.of(digests, rows).encode());
    }

    /** The finding digests of a cluster in a run, or null when the run has none (stored before schema 11). */
    DigestSet digests(long runId, String cluster) {
        List<byte[]> blobs = sql.jdbc.query("SELECT digests FROM run_finding_digest WHERE run_id = ? AND cluster = ?",
                (rs, i) -> rs.getBytes(1), runId, cluster);
        return blobs.isEmpty() ? null : DigestSet.decode(blobs.get(0), false);
    }

    /** The findings of a cluster in a run, as the comparison reads them. */
    List<Row> rows(long runId, String cluster) {
        return sql.jdbc.query("SELECT id, rule_id, severity, subject_kind, subject_key, waiver, first_seen_run, "
                        + "first_seen_at FROM finding WHERE run_id = ? AND cluster = ?",
                (ResultSet rs, int i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), intOrNull(rs, "waiver"), longOrNull(rs, "first_seen_run"), rs.getString(8)),
                runId, cluster);
    }

    /** Stores each finding's state; part of the caller's transaction. */
    void saveStates(List<StateChange> changes) {
        sql.jdbc.batchUpdate("UPDATE finding SET state = ?, first_seen_run = ?, first_seen_at = ? WHERE id = ?",
                changes.stream().map(c -> new Object[] {c.state().name(), c.since().run(), c.since().at(), c.id()})
                        .toList());
    }

    /**
     * When a finding stored under one of {@code fingerprints} was first seen, from the latest completed live
     * run before {@code before} that had it; null when none had it.
     */
    FirstSeen firstSeen(List<String> fingerprints, long before) {
        String marks = String.join(", ", fingerprints.stream().map(f -> "?").toList());
        List<Object> args = new ArrayList<>(fingerprints);
        args.add(before);
        List<FirstSeen> found = sql.jdbc.query("SELECT f.first_seen_run, f.first_seen_at, f.run_id FROM finding f "
                        + "JOIN audit_run r ON r.id = f.run_id WHERE f.fingerprint IN (" + marks + ") AND f.run_id < ? "
                        + "AND r.status = 'COMPLETED' AND r.replay_of IS NULL ORDER BY f.run_id DESC LIMIT 1",
                (rs, i) -> new FirstSeen(rs.getObject(1) == null ? rs.getLong(3) : rs.getLong(1), rs.getString(2)),
                args.toArray());
        return found.isEmpty() ? null : found.get(0);
    }

    /** The outcome of every rule in a run, by cluster and rule. */
    public List<RuleOutcome> outcomes(long runId) {
        return sql.jdbc.query("SELECT * FROM rule_outcome WHERE run_id = ? ORDER BY cluster, rule_id",
                (rs, i) -> new RuleOutcome(rs.getString("cluster"), rs.getString("rule_id"),
                        Severity.parse(rs.getString("severity")), rs.getString("title"),
                        RuleOutcome.Status.valueOf(rs.getString("status")), rs.getInt("findings"),
                        rs.getString("reason")), runId);
    }

    /** Findings of a run, most severe first. */
    public List<StoredFinding> of(long runId) {
        return sql.jdbc.query("SELECT * FROM finding WHERE run_id = ? ORDER BY " + SEVERITY_ORDER
                + ", cluster, rule_id, subject_key", FindingStore::storedFinding, runId);
    }

    /** The new and regressed findings of a run, most severe first. */
    public List<StoredFinding> fresh(long runId) {
        return sql.jdbc.query("SELECT * FROM finding WHERE run_id = ? AND state IN ('NEW', 'REGRESSED') ORDER BY "
                + SEVERITY_ORDER + ", cluster, rule_id, subject_key", FindingStore::storedFinding, runId);
    }

    /**
     * Every finding of a run as a {@link FindingKey}, unordered. Four narrow columns: reading the
     * 40,000 findings of a large run is most of what a diff costs.
     */
    public List<FindingKey> keys(long runId) {
        return sql.jdbc.query("SELECT id, fingerprint, severity, " + WAIVED + " FROM finding WHERE run_id = ?",
                (rs, i) -> new FindingKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0), runId);
    }

    /** Full findings by row id (for the few a diff shows). */
    public Map<Long, StoredFinding> byId(Collection<Long> ids) {
        Map<Long, StoredFinding> out = new HashMap<>();
        sql.byIds("SELECT * FROM finding", ids, (rs, i) -> Map.entry(rs.getLong("id"), storedFinding(rs, i)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static StoredFinding storedFinding(ResultSet rs, int row) throws SQLException {
        // a finding not yet compared has no first-seen run: 0, as JDBC reads a NULL number
        return new StoredFinding(finding(rs), StoredFinding.State.valueOf(rs.getString("state")),
                rs.getLong("first_seen_run"), rs.getString("first_seen_at"), intOrNull(rs, "waiver"));
    }

    /** Records the waivers in force for the run (replacing an earlier attempt of the step). */
    public void saveWaivers(long runId, List<Waiver> waivers) {
        sql.inTransaction(() -> {
            sql.jdbc.update("DELETE FROM run_waiver WHERE run_id = ?", runId);
            for (int i = 0; i < waivers.size(); i++) {
                Waiver w = waivers.get(i);
                sql.jdbc.update("INSERT INTO run_waiver(run_id, position, rule_id, cluster, principal, path, subject, "
                        + "reason, owner, expires, ticket, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        runId, i, w.rule(), w.cluster(), w.principal(), w.path(), w.subject(), w.reason(),
                        w.owner(), w.expires().toString(), w.ticket(), w.source());
            }
        });
    }

    /** The run's waivers with the number of findings each covered. */
    public List<StoredWaiver> waivers(long runId) {
        return sql.jdbc.query("SELECT w.*, (SELECT COUNT(*) FROM finding f WHERE f.run_id = w.run_id "
                        + "AND f.waiver = w.position) AS matched FROM run_waiver w WHERE w.run_id = ? ORDER BY w.position",
                (rs, i) -> new StoredWaiver(new Waiver(rs.getString("rule_id"), rs.getString("cluster"),
                        rs.getString("principal"), rs.getString("path"), rs.getString("subject"),
                        rs.getString("reason"), rs.getString("owner"), LocalDate.parse(rs.getString("expires")),
                        rs.getString("ticket"), rs.getString("source")), rs.getInt("matched")), runId);
    }

    /** Records the former rule ids in force for the run (alias → current id), replacing an earlier attempt. */
    public void saveRuleAliases(long runId, Map<String, String> aliasToId) {
        sql.inTransaction(() -> {
            sql.jdbc.update("DELETE FROM run_rule_alias WHERE run_id = ?", runId);
            String insert = sql.dialect.insertOrReplace("run_rule_alias", "run_id, alias", "run_id, alias, rule_id");
            aliasToId.forEach((alias, id) -> sql.jdbc.update(insert, runId, alias.toLowerCase(Locale.ROOT), id));
        });
    }

    /** The former rule ids in force for the run. */
    public RuleAliases ruleAliases(long runId) {
        Map<String, String> m = new HashMap<>();
        sql.jdbc.query("SELECT alias, rule_id FROM run_rule_alias WHERE run_id = ?",
                (ResultSet rs) -> {
                    m.put(rs.getString(1), rs.getString(2));
                }, runId);
        return new RuleAliases(m);
    }
}
