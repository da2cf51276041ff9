package org.pveaudit.history;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.rules.Waiver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit history in SQL: runs, per-cluster snapshots, rule outcomes, findings with their state
 * against the previous run, resolved findings, access drift and retention. Every write of a step
 * happens in one transaction, and readers of "the previous run" only see completed runs, so a run's
 * rows count only from the moment its status becomes COMPLETED.
 */
public class AuditHistory {

    /** The schema version (Flyway) this code reads and writes. */
    public static final int SCHEMA_VERSION = 13;

    private static final String SEVERITY_ORDER = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 "
            + "WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

    /**
     * The run_cluster columns of {@link ClusterCounts}: all served by the covering index
     * run_cluster_summary, so listing runs never walks the overflow pages of snapshot_json.
     */
    private static final String COUNT_COLUMNS = "run_id, cluster, status, pve_version, error, coverage_gaps, "
            + "baseline_run, n_critical, n_high, n_medium, n_low, n_info, n_waived, n_new, n_open, n_regressed, "
            + "n_resolved, n_drift, n_unevaluated, not_compared";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private TransactionTemplate tx;

    /** Jackson is created on first use: the run list of {@code pve-audit history} never needs it. */
    private static final class Json {
        static final JsonMapper MAPPER = org.pveaudit.input.InputJson.storedMapper();
    }

    public AuditHistory(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The transaction template, created on first write (the reading commands never write). */
    private synchronized TransactionTemplate tx() {
        if (tx == null) {
            tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        }
        return tx;
    }

    /**
     * Opens an existing SQLite history file for reading, with plain JDBC: no Spring context, no
     * connection pool and no migration (the {@code history} and {@code diff} commands).
     */
    public static AuditHistory openForReading(Path database) {
        if (!Files.isRegularFile(database)) {
            throw new HistoryException("no history database at " + database);
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setBusyTimeout(30_000);
        org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + database);
        // one connection for all reads: one schema parse, one page cache (the process ends after the command)
        org.springframework.jdbc.datasource.SingleConnectionDataSource ds;
        try {
            ds = new org.springframework.jdbc.datasource.SingleConnectionDataSource(sqlite.getConnection(), true);
        } catch (SQLException e) {
            throw new HistoryException("cannot open " + database + ": " + e.getMessage());
        }
        AuditHistory history = new AuditHistory(ds);
        int version;
        try {
            version = history.schemaVersion();
        } catch (RuntimeException e) {
            throw new HistoryException(database + " is not a pve-audit history database");
        }
        if (version < SCHEMA_VERSION) {
            throw new HistoryException(database + " has history schema version " + version + "; run "
                    + "'pve-audit audit' once with this version to upgrade it (needs " + SCHEMA_VERSION + ")");
        }
        return history;
    }

    /** The highest successfully applied Flyway migration. */
    public int schemaVersion() {
        Integer v = jdbc.queryForObject("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history "
                + "WHERE success = 1", Integer.class);
        return v == null ? 0 : v;
    }

    // ---------------------------------------------------------------- runs

    /** Records the start of a run and returns its id. */
    public long startRun(String toolVersion, String configHash, String rulePacks, String failOn) {
        return startRun(toolVersion, configHash, rulePacks, failOn, null, false);
    }

    /** Records the start of a run (a replay of {@code replayOf} when not null) and returns its id. */
    public long startRun(String toolVersion, String configHash, String rulePacks, String failOn, Long replayOf,
                         boolean failOnNew) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("INSERT INTO audit_run(started_at, status, tool_version, config_hash, "
                    + "rule_packs, fail_on, replay_of, pid, host, fail_on_new) "
                    + "VALUES (?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, Instant.now().toString());
            ps.setString(2, toolVersion);
            ps.setString(3, configHash);
            ps.setString(4, rulePacks);
            ps.setString(5, failOn);
            ps.setObject(6, replayOf);
            ps.setLong(7, ProcessHandle.current().pid());
            ps.setString(8, hostName());
            ps.setInt(9, failOnNew ? 1 : 0);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public void finishRun(long runId, String status, String reportDir, Integer exitCode) {
        jdbc.update("UPDATE audit_run SET finished_at = ?, status = ?, report_dir = ?, exit_code = ? WHERE id = ?",
                Instant.now().toString(), status, reportDir, exitCode, runId);
    }

    /**
     * Marks the run COMPLETED and applies retention, in one transaction: the run's rows become
     * visible to "previous run" readers at the same moment as the older runs disappear.
     *
     * @return the ids of the runs pruned
     */
    public List<Long> completeRun(long runId, String reportDir, Integer exitCode, Retention retention) {
        return tx().execute(status -> {
            finishRun(runId, AuditRun.COMPLETED, reportDir, exitCode);
            return prune(runId, retention, Instant.now());
        });
    }

    /**
     * Marks a RUNNING run INTERRUPTED, on a connection of its own (the stopping process's shutdown hook: one
     * statement, waiting at most {@code timeoutSeconds} for SQLite's write lock).
     *
     * @return whether the run was RUNNING and is now marked
     */
    public static boolean markInterrupted(java.sql.Connection connection, long runId, int timeoutSeconds)
            throws SQLException {
        try (var ps = connection.prepareStatement("UPDATE audit_run SET status = 'INTERRUPTED', finished_at = ? "
                + "WHERE id = ? AND status = 'RUNNING'")) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setString(1, Instant.now().toString());
            ps.setLong(2, runId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Puts a FAILED, ABANDONED or INTERRUPTED run back to RUNNING for a restart. */
    public void reopenRun(long runId) {
        jdbc.update("UPDATE audit_run SET status = 'RUNNING', finished_at = NULL, exit_code = NULL, "
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
        return tx().execute(status -> {
            List<Long> ids = jdbc.queryForList("SELECT id FROM audit_run WHERE status = 'RUNNING' ORDER BY id",
                    Long.class);
            jdbc.update("UPDATE audit_run SET status = 'ABANDONED', finished_at = ? WHERE status = 'RUNNING'",
                    Instant.now().toString());
            return ids;
        });
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

    public long runCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_run", Long.class);
        return n == null ? 0 : n;
    }

    // ---------------------------------------------------------------- clusters and snapshots

    /** Stores what was read from a cluster (replacing an earlier attempt of the same step). */
    public void saveCollected(long runId, ClusterSnapshot snapshot) {
        List<String> gaps = snapshot.coverage().stream().map(AuditHistory::gap).toList();
        byte[] stored = storedForm(snapshot);
        String hash = accessHash(snapshot);
        // one transaction: the snapshot and its facts, and SQLite's write lock held only for the writes
        tx().executeWithoutResult(status -> {
            jdbc.update("INSERT OR REPLACE INTO run_cluster(run_id, cluster, status, pve_version, collected_at, "
                            + "snapshot_json, coverage_gaps, gap_count, access_hash) "
                            + "VALUES (?, ?, 'COLLECTED', ?, ?, ?, ?, ?, ?)",
                    runId, snapshot.cluster(), snapshot.identity().version(), snapshot.collectedAt().toString(),
                    stored, String.join("\n", gaps), gaps.size(), hash);
            saveAccessFacts(runId, snapshot);
        });
    }

    /**
     * Stores the snapshot's {@link AccessFact}s: each distinct fact once (marked as seen by this run),
     * and the run's list of fact ids.
     */
    public void saveAccessFacts(long runId, ClusterSnapshot snapshot) {
        List<AccessFact> facts = AccessDrift.facts(snapshot);
        long[] ids = new long[facts.size()];
        List<Object[]> rows = new ArrayList<>(facts.size());
        for (int i = 0; i < ids.length; i++) {
            AccessFact f = facts.get(i);
            ids[i] = f.id();
            rows.add(new Object[] {ids[i], f.object().key(), f.key(), f.description(), runId});
        }
        jdbc.batchUpdate("INSERT INTO access_fact(id, object, object_key, description, last_run) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT(id) DO UPDATE SET last_run = excluded.last_run WHERE excluded.last_run > last_run", rows);
        jdbc.update("INSERT OR REPLACE INTO run_access(run_id, cluster, fact_ids) VALUES (?, ?, ?)", runId,
                snapshot.cluster(), DigestSet.ofIds(ids).encode());
    }

    /**
     * Stores the digests of a cluster's findings in a run (fingerprint, severity and waived), for
     * {@link RunDiff}; part of the caller's transaction.
     */
    public void saveFindingDigests(long runId, String cluster) {
        List<long[]> pairs = jdbc.query("SELECT id, fingerprint, severity, waiver IS NOT NULL FROM finding "
                        + "WHERE run_id = ? AND cluster = ?", (rs, i) -> new long[] {rs.getLong(1),
                        DigestSet.digest(rs.getString(2), rs.getString(3), rs.getInt(4) != 0 ? "waived" : "")},
                runId, cluster);
        long[] rows = pairs.stream().mapToLong(p -> p[0]).toArray();
        long[] digests = pairs.stream().mapToLong(p -> p[1]).toArray();
        jdbc.update("INSERT OR REPLACE INTO run_finding_digest(run_id, cluster, digests) VALUES (?, ?, ?)", runId,
                cluster, DigestSet.of(digests, rows).encode());
    }

    /** The finding digests of a cluster in a run, or null when the run has none (stored before schema 11). */
    DigestSet findingDigests(long runId, String cluster) {
        return digests("SELECT digests FROM run_finding_digest WHERE run_id = ? AND cluster = ?", runId, cluster,
                false);
    }

    /**
     * The access drift of a cluster from run {@code a} to run {@code b}: from the stored fact ids when
     * both runs have them (only the facts that differ are read), else from the two snapshots; empty
     * when either run holds no data for the cluster.
     */
    public List<DriftEntry> drift(long a, long b, String cluster) {
        DigestSet fa = digests("SELECT fact_ids FROM run_access WHERE run_id = ? AND cluster = ?", a, cluster, true);
        DigestSet fb = digests("SELECT fact_ids FROM run_access WHERE run_id = ? AND cluster = ?", b, cluster, true);
        if (fa != null && fb != null) {
            return AccessDrift.between(cluster, facts(fa.rowsNotIn(fb)), facts(fb.rowsNotIn(fa)));
        }
        ClusterSnapshot sa = snapshot(a, cluster);
        ClusterSnapshot sb = snapshot(b, cluster);
        return sa == null || sb == null ? List.of() : AccessDrift.between(sa, sb);
    }

    private DigestSet digests(String query, long runId, String cluster, boolean ids) {
        List<byte[]> blobs = jdbc.query(query, (rs, i) -> rs.getBytes(1), runId, cluster);
        return blobs.isEmpty() ? null : DigestSet.decode(blobs.get(0), ids);
    }

    private List<AccessFact> facts(List<Long> ids) {
        return byIds("SELECT object, object_key, description FROM access_fact", ids, (rs, n) -> new AccessFact(
                DriftEntry.ObjectKind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getString(2),
                rs.getString(3)));
    }

    /** SHA-256 of the snapshot's JSON with the collection time left out: equal for equal access data. */
    public String accessHash(ClusterSnapshot s) {
        ClusterSnapshot timeless = new ClusterSnapshot(s.identity(), Instant.EPOCH, s.users(), s.tokens(), s.groups(),
                s.roles(), s.acl(), s.realms(), s.tfa(), s.pools(), s.gaps(), s.warnings(), s.source());
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Json.MAPPER.writeValueAsBytes(timeless)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored access hash of a cluster in a run (null when not collected or stored before schema 4). */
    public String accessHash(long runId, String cluster) {
        List<String> h = jdbc.queryForList("SELECT access_hash FROM run_cluster WHERE run_id = ? AND cluster = ?",
                String.class, runId, cluster);
        return h.isEmpty() ? null : h.get(0);
    }

    private static String gap(CoverageGap g) {
        return g.dataset().key() + ": " + g.source() + " (" + g.reason() + ")";
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

    /** The clusters of a run with their stored counts. */
    public List<ClusterCounts> clusterCounts(long runId) {
        return jdbc.query("SELECT " + COUNT_COLUMNS + " FROM run_cluster WHERE run_id = ? ORDER BY cluster",
                AuditHistory::counts, runId);
    }

    /** The clusters of several runs with their counts, by run id (one query, for run lists). */
    public Map<Long, List<ClusterCounts>> clusterCounts(List<Long> runIds) {
        Map<Long, List<ClusterCounts>> out = new LinkedHashMap<>();
        runIds.forEach(id -> out.put(id, new ArrayList<>()));
        if (runIds.isEmpty()) {
            return out;
        }
        String in = String.join(",", runIds.stream().map(String::valueOf).toList());
        jdbc.query("SELECT " + COUNT_COLUMNS + " FROM run_cluster WHERE run_id IN (" + in + ") "
                        + "ORDER BY run_id, cluster",
                (ResultSet rs) -> {
                    ClusterCounts c = counts(rs, 0);
                    out.get(c.runId()).add(c);
                });
        return out;
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

    public ClusterSnapshot snapshot(long runId, String cluster) {
        byte[] stored = jdbc.queryForObject("SELECT snapshot_json FROM run_cluster WHERE run_id = ? AND cluster = ?",
                byte[].class, runId, cluster);
        if (stored == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(snapshotJson(stored), ClusterSnapshot.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new HistoryException("the stored snapshot of " + cluster + " in run " + runId + " is damaged: "
                    + org.pveaudit.input.InputJson.describe(e));
        }
    }

    /**
     * How a snapshot is stored in {@code snapshot_json}: its JSON, gzip-compressed (a tenth of the size:
     * the snapshots were a third of the database).
     */
    public static byte[] storedForm(ClusterSnapshot snapshot) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(Json.MAPPER.writeValueAsBytes(snapshot));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The JSON of a stored snapshot: gzip-compressed, or plain text as stored before schema version 11. */
    public static byte[] snapshotJson(byte[] stored) {
        if (stored.length < 2 || stored[0] != (byte) 0x1f || stored[1] != (byte) 0x8b) {
            return stored;
        }
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new HistoryException("a stored snapshot is damaged: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- evaluation

    /** Records the waivers in force for the run (replacing an earlier attempt of the step). */
    public void saveWaivers(long runId, List<Waiver> waivers) {
        tx().executeWithoutResult(status -> {
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

    /** Records the former rule ids in force for the run (alias → current id), replacing an earlier attempt. */
    public void saveRuleAliases(long runId, Map<String, String> aliasToId) {
        tx().executeWithoutResult(status -> {
            jdbc.update("DELETE FROM run_rule_alias WHERE run_id = ?", runId);
            aliasToId.forEach((alias, id) -> jdbc.update("INSERT OR REPLACE INTO run_rule_alias(run_id, alias, "
                    + "rule_id) VALUES (?, ?, ?)", runId, alias.toLowerCase(java.util.Locale.ROOT), id));
        });
    }

    public RuleAliases ruleAliases(long runId) {
        Map<String, String> m = new HashMap<>();
        jdbc.query("SELECT alias, rule_id FROM run_rule_alias WHERE run_id = ?",
                (ResultSet rs) -> {
                    m.put(rs.getString(1), rs.getString(2));
                }, runId);
        return new RuleAliases(m);
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
        tx().executeWithoutResult(status -> {
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
            saveFindingDigests(runId, cluster);
            jdbc.update("UPDATE run_cluster SET status = 'EVALUATED' WHERE run_id = ? AND cluster = ?", runId, cluster);
        });
    }

    // ---------------------------------------------------------------- comparison with the previous run

    /** Compares with the previous completed run of each cluster (a live run). */
    public void compareWithPrevious(long runId) {
        Long replayOf = run(runId).map(AuditRun::replayOf).orElse(null);
        compareWithPrevious(runId, replayOf == null ? runId : replayOf);
    }

    /**
     * Marks each finding of the run NEW, OPEN or REGRESSED against the previous completed run of its
     * cluster before {@code before} (the run itself, or for a replay the run it replays), carrying
     * the first-seen run forward; stores the findings of that run that are gone as resolved, the
     * access drift between the two snapshots, and the cluster's counts. One transaction; a repeated
     * call (a restarted step) replaces what an earlier attempt wrote.
     *
     * <p>Findings are matched by fingerprint with former rule ids ({@code Rule.aliases()}) mapped to
     * the current id, so renaming a rule keeps its findings' history. Replays are never a baseline.
     */
    public void compareWithPrevious(long runId, long before) {
        RuleAliases aliases = ruleAliases(runId);
        Instant runStart = run(runId).map(AuditRun::startedAt).orElseThrow();
        tx().executeWithoutResult(status -> {
            jdbc.update("DELETE FROM resolved_finding WHERE run_id = ?", runId);
            jdbc.update("DELETE FROM unevaluated_finding WHERE run_id = ?", runId);
            jdbc.update("DELETE FROM access_drift WHERE run_id = ?", runId);
            boolean first = true;
            for (ClusterRun c : clusters(runId)) {
                if (c.status() == ClusterRun.Status.EVALUATED) {
                    compareCluster(runId, c.cluster(), before, runStart, aliases);
                    if (first) {
                        TestHooks.at("history");
                        first = false;
                    }
                }
            }
        });
    }

    /** A finding row reduced to what the comparison needs. */
    private record Row(long id, String ruleId, String severity, String kind, String key, Integer waiver,
                       Long firstSeenRun, String firstSeenAt) {
    }

    private void compareCluster(long runId, String cluster, long before, Instant runStart, RuleAliases aliases) {
        Long baseline = baseline(cluster, before);
        LastKnown known = new LastKnown(jdbc);
        Set<String> evaluatedNow = known.evaluatedRules(runId, cluster, aliases);
        // the last known state: each rule's findings in the latest run that evaluated it
        Map<String, Row> previous = new HashMap<>();
        Map<Long, Long> previousRun = new HashMap<>();
        if (baseline != null) {
            Map<String, Long> ruleRuns = known.ruleRuns(runId, cluster, baseline, aliases);
            for (long run : new java.util.TreeSet<>(ruleRuns.values())) {
                for (Row r : rows(run, cluster)) {
                    if (Long.valueOf(run).equals(ruleRuns.get(aliases.canonical(r.ruleId())))) {
                        previous.put(aliases.key(cluster, r.ruleId(), r.kind(), r.key()), r);
                        previousRun.put(r.id(), run);
                    }
                }
            }
        }
        Set<String> matched = new HashSet<>();
        List<Object[]> updates = new ArrayList<>();
        int fresh = 0;
        int open = 0;
        int regressed = 0;
        int waived = 0;
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Row r : rows(runId, cluster)) {
            String key = aliases.key(cluster, r.ruleId(), r.kind(), r.key());
            Row prev = previous.get(key);
            String state;
            Object firstRun;
            String firstAt;
            if (prev != null) {
                matched.add(key);
                state = "OPEN";
                firstRun = prev.firstSeenRun() == null ? previousRun.get(prev.id()) : prev.firstSeenRun();
                firstAt = prev.firstSeenAt();
                open++;
            } else {
                Object[] earlier = baseline == null ? null
                        : earlierOccurrence(aliases.fingerprints(cluster, r.ruleId(), r.kind(), r.key()), baseline);
                if (earlier != null) {
                    state = "REGRESSED";
                    firstRun = earlier[0];
                    firstAt = (String) earlier[1];
                    regressed++;
                } else {
                    state = "NEW";
                    firstRun = runId;
                    firstAt = runStart.toString();
                    fresh++;
                }
            }
            updates.add(new Object[] {state, firstRun, firstAt, r.id()});
            if (r.waiver() != null) {
                waived++;
            } else {
                bySeverity.merge(Severity.parse(r.severity()), 1, Integer::sum);
            }
        }
        jdbc.batchUpdate("UPDATE finding SET state = ?, first_seen_run = ?, first_seen_at = ? WHERE id = ?", updates);
        // gone where the rule was evaluated: resolved; gone because it was not: unknown, never resolved
        Map<Long, Long> resolved = new HashMap<>();
        Map<Long, Long> unevaluated = new HashMap<>();
        previous.forEach((key, r) -> {
            if (!matched.contains(key)) {
                (evaluatedNow.contains(aliases.canonical(r.ruleId())) ? resolved : unevaluated)
                        .put(r.id(), previousRun.get(r.id()));
            }
        });
        copyFindings("resolved_finding", runId, cluster, resolved, aliases);
        copyFindings("unevaluated_finding", runId, cluster, unevaluated, aliases);
        AccessComparison drift = compareAccess(runId, cluster, baseline, known);
        jdbc.update("UPDATE run_cluster SET baseline_run = ?, n_critical = ?, n_high = ?, n_medium = ?, n_low = ?, "
                        + "n_info = ?, n_waived = ?, n_new = ?, n_open = ?, n_regressed = ?, n_resolved = ?, n_drift = ?, "
                        + "n_unevaluated = ?, not_compared = ? WHERE run_id = ? AND cluster = ?", baseline,
                bySeverity.getOrDefault(Severity.CRITICAL, 0), bySeverity.getOrDefault(Severity.HIGH, 0),
                bySeverity.getOrDefault(Severity.MEDIUM, 0), bySeverity.getOrDefault(Severity.LOW, 0),
                bySeverity.getOrDefault(Severity.INFO, 0), waived, fresh, open, regressed, resolved.size(),
                drift.changes(), unevaluated.size(), drift.notCompared(), runId, cluster);
    }

    /** How many access changes were stored, and which datasets could not be compared (null: none). */
    private record AccessComparison(int changes, String notCompared) {
    }

    /**
     * Stores the access drift of a cluster: each kind of object is compared with the latest run that
     * read its dataset (the baseline, unless the baseline had a gap there). A dataset this run could
     * not read, or that no earlier run read, is not compared: never "removed", never "added".
     */
    private AccessComparison compareAccess(long runId, String cluster, Long baseline, LastKnown known) {
        if (baseline == null) {
            return new AccessComparison(0, null);
        }
        String hashBefore = accessHash(baseline, cluster);
        if (hashBefore != null && hashBefore.equals(accessHash(runId, cluster))) {
            return new AccessComparison(0, null);
        }
        Set<org.pveaudit.model.Dataset> missingNow = known.missing(runId, cluster);
        Set<org.pveaudit.model.Dataset> missingBefore = known.missing(baseline, cluster);
        Map<Long, Set<DriftEntry.ObjectKind>> kindsByRun = new java.util.TreeMap<>();
        Set<String> notCompared = new java.util.TreeSet<>();
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
        kindsByRun.forEach((from, kinds) -> drift(from, runId, cluster).stream()
                .filter(d -> kinds.contains(d.object()))
                .forEach(d -> rows.add(new Object[] {runId, cluster, from, d.object().key(), d.change().name(), d.key(),
                        d.before(), d.after()})));
        jdbc.batchUpdate("INSERT INTO access_drift(run_id, cluster, baseline_run, object, change, object_key, "
                + "before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return new AccessComparison(rows.size(), notCompared.isEmpty() ? null : String.join(",", notCompared));
    }

    /** Copies findings (row id to the run they were last seen in) into {@code resolved_finding} or {@code unevaluated_finding}. */
    private void copyFindings(String table, long runId, String cluster, Map<Long, Long> lastSeen, RuleAliases aliases) {
        List<Long> ids = new ArrayList<>(lastSeen.keySet());
        for (int i = 0; i < ids.size(); i += 500) {
            List<Long> part = ids.subList(i, Math.min(ids.size(), i + 500));
            String in = String.join(",", part.stream().map(String::valueOf).toList());
            jdbc.query("SELECT * FROM finding WHERE id IN (" + in + ")", (ResultSet rs) -> {
                jdbc.update("INSERT INTO " + table + "(run_id, cluster, rule_id, severity, title, subject_kind, "
                                + "subject_key, principal, path, message, fingerprint, first_seen_run, first_seen_at, "
                                + "last_seen_run, waiver) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        runId, cluster, aliases.canonical(rs.getString("rule_id")), rs.getString("severity"),
                        rs.getString("title"), rs.getString("subject_kind"), rs.getString("subject_key"),
                        rs.getString("principal"), rs.getString("path"), rs.getString("message"),
                        aliases.key(cluster, rs.getString("rule_id"), rs.getString("subject_kind"),
                                rs.getString("subject_key")),
                        longOrNull(rs, "first_seen_run"), rs.getString("first_seen_at"), lastSeen.get(rs.getLong("id")),
                        intOrNull(rs, "waiver"));
            });
        }
    }

    /**
     * The previous completed live run before {@code before} in which the cluster was evaluated, or null.
     */
    public Long baseline(String cluster, long before) {
        return jdbc.queryForObject("""
                SELECT MAX(r.id) FROM run_cluster c JOIN audit_run r ON r.id = c.run_id
                WHERE c.cluster = ? AND c.status = 'EVALUATED' AND c.run_id < ?
                  AND r.status = 'COMPLETED' AND r.replay_of IS NULL""", Long.class, cluster, before);
    }

    private List<Row> rows(long runId, String cluster) {
        return jdbc.query("SELECT id, rule_id, severity, subject_kind, subject_key, waiver, first_seen_run, "
                        + "first_seen_at FROM finding WHERE run_id = ? AND cluster = ?",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        intOrNull(rs, "waiver"), longOrNull(rs, "first_seen_run"), rs.getString(8)),
                runId, cluster);
    }

    /** The first-seen run and time of the latest completed live run before {@code before} that had the finding. */
    private Object[] earlierOccurrence(List<String> fingerprints, long before) {
        String marks = String.join(",", fingerprints.stream().map(f -> "?").toList());
        List<Object> args = new ArrayList<>(fingerprints);
        args.add(before);
        List<Object[]> found = jdbc.query("SELECT f.first_seen_run, f.first_seen_at, f.run_id FROM finding f "
                        + "JOIN audit_run r ON r.id = f.run_id WHERE f.fingerprint IN (" + marks + ") AND f.run_id < ? "
                        + "AND r.status = 'COMPLETED' AND r.replay_of IS NULL ORDER BY f.run_id DESC LIMIT 1",
                (rs, i) -> new Object[] {rs.getObject(1) == null ? rs.getLong(3) : rs.getLong(1), rs.getString(2)},
                args.toArray());
        return found.isEmpty() ? null : found.get(0);
    }

    // ---------------------------------------------------------------- reading

    public List<RuleOutcome> outcomes(long runId) {
        return jdbc.query("SELECT * FROM rule_outcome WHERE run_id = ? ORDER BY cluster, rule_id",
                (rs, i) -> new RuleOutcome(rs.getString("cluster"), rs.getString("rule_id"),
                        Severity.parse(rs.getString("severity")), rs.getString("title"),
                        RuleOutcome.Status.valueOf(rs.getString("status")), rs.getInt("findings"),
                        rs.getString("reason")), runId);
    }

    /** Findings of a run, most severe first. */
    public List<StoredFinding> findings(long runId) {
        return jdbc.query("SELECT * FROM finding WHERE run_id = ? ORDER BY " + SEVERITY_ORDER
                        + ", cluster, rule_id, subject_key",
                (rs, i) -> {
                    int waiver = rs.getInt("waiver");
                    boolean none = rs.wasNull();
                    return new StoredFinding(finding(rs), StoredFinding.State.valueOf(rs.getString("state")),
                            rs.getLong("first_seen_run"), rs.getString("first_seen_at"), none ? null : waiver);
                }, runId);
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

    /**
     * Every finding of a run as a {@link FindingKey}, unordered. Four narrow columns: reading the
     * 40,000 findings of a large run is most of what a diff costs.
     */
    public List<FindingKey> findingKeys(long runId) {
        return jdbc.query("SELECT id, fingerprint, severity, waiver IS NOT NULL FROM finding WHERE run_id = ?",
                (rs, i) -> new FindingKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0), runId);
    }

    /** Full findings by row id (for the few a diff shows). */
    public Map<Long, StoredFinding> findingsById(java.util.Collection<Long> ids) {
        Map<Long, StoredFinding> out = new HashMap<>();
        byIds("SELECT * FROM finding", ids, (rs, i) -> Map.entry(rs.getLong("id"), storedFinding(rs, i)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Rows of {@code select} whose {@code id} is one of {@code ids}, queried 500 ids at a time. */
    private <T> List<T> byIds(String select, java.util.Collection<Long> ids,
                              org.springframework.jdbc.core.RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        List<Long> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 500) {
            String in = String.join(",", all.subList(i, Math.min(all.size(), i + 500)).stream()
                    .map(String::valueOf).toList());
            out.addAll(jdbc.query(select + " WHERE id IN (" + in + ")", mapper));
        }
        return out;
    }

    /** The new and regressed findings of a run, most severe first. */
    public List<StoredFinding> freshFindings(long runId) {
        return jdbc.query("SELECT * FROM finding WHERE run_id = ? AND state IN ('NEW', 'REGRESSED') ORDER BY "
                + SEVERITY_ORDER + ", cluster, rule_id, subject_key", AuditHistory::storedFinding, runId);
    }

    private static StoredFinding storedFinding(ResultSet rs, int row) throws SQLException {
        return new StoredFinding(finding(rs), StoredFinding.State.valueOf(rs.getString("state")),
                rs.getLong("first_seen_run"), rs.getString("first_seen_at"), intOrNull(rs, "waiver"));
    }

    /** Findings of the cluster's previous completed run that the run no longer has, most severe first. */
    public List<EarlierFinding> resolved(long runId) {
        return earlier("resolved_finding", runId);
    }

    /** The canonical ids of the rules a run evaluated for a cluster (any outcome but NOT_EVALUATED and ERROR). */
    public Set<String> evaluatedRules(long runId, String cluster, RuleAliases aliases) {
        return new LastKnown(jdbc).evaluatedRules(runId, cluster, aliases);
    }

    /** The datasets a run could not read for a cluster (its coverage gaps). */
    public Set<org.pveaudit.model.Dataset> missingDatasets(long runId, String cluster) {
        return new LastKnown(jdbc).missing(runId, cluster);
    }

    /** Earlier findings whose rule the run could not evaluate: their state is unknown, most severe first. */
    public List<EarlierFinding> unevaluated(long runId) {
        return earlier("unevaluated_finding", runId);
    }

    private List<EarlierFinding> earlier(String table, long runId) {
        return jdbc.query("SELECT * FROM " + table + " WHERE run_id = ? ORDER BY " + SEVERITY_ORDER
                        + ", cluster, rule_id, subject_key",
                (rs, i) -> new EarlierFinding(finding(rs), rs.getLong("first_seen_run"), rs.getString("first_seen_at"),
                        rs.getLong("last_seen_run"), intOrNull(rs, "waiver")), runId);
    }

    /** The access drift of each cluster of the run against its baseline run, by cluster, object kind and key. */
    public List<DriftEntry> drift(long runId) {
        return jdbc.query("SELECT * FROM access_drift WHERE run_id = ? ORDER BY cluster, "
                        + "CASE object WHEN 'user' THEN 0 WHEN 'group' THEN 1 WHEN 'token' THEN 2 WHEN 'acl' THEN 3 "
                        + "WHEN 'role' THEN 4 ELSE 5 END, object_key",
                (rs, i) -> new DriftEntry(rs.getString("cluster"),
                        DriftEntry.ObjectKind.valueOf(rs.getString("object").toUpperCase(java.util.Locale.ROOT)),
                        DriftEntry.Change.valueOf(rs.getString("change")), rs.getString("object_key"),
                        rs.getString("before_value"), rs.getString("after_value")), runId);
    }

    /**
     * Unwaived findings per severity of each cluster over its last {@code runs} completed live runs,
     * oldest first (for the report's trend). {@code cluster} null means every cluster.
     */
    public List<TrendPoint> trend(String cluster, int runs) {
        List<TrendPoint> points = jdbc.query("""
                SELECT * FROM (
                  SELECT c.run_id, c.cluster, c.status, c.pve_version, c.error, c.coverage_gaps, c.baseline_run,
                         c.n_critical, c.n_high, c.n_medium, c.n_low, c.n_info, c.n_waived, c.n_new, c.n_open,
                         c.n_regressed, c.n_resolved, c.n_drift, c.n_unevaluated, c.not_compared, r.started_at,
                         ROW_NUMBER() OVER (PARTITION BY c.cluster ORDER BY c.run_id DESC) AS recent
                  FROM run_cluster c JOIN audit_run r ON r.id = c.run_id
                  WHERE r.status = 'COMPLETED' AND r.replay_of IS NULL AND c.status = 'EVALUATED'
                    AND c.n_critical IS NOT NULL AND (? IS NULL OR c.cluster = ?))
                WHERE recent <= ? ORDER BY cluster, run_id""", (rs, i) -> {
                    ClusterCounts c = counts(rs, i);
                    return new TrendPoint(c.runId(), instant(rs.getString("started_at")), c.cluster(), c.bySeverity(),
                            ClusterCounts.n(c.waived()), ClusterCounts.n(c.newFindings()),
                            ClusterCounts.n(c.resolved()), ClusterCounts.n(c.unevaluated()));
                }, cluster, cluster, runs);
        return points.stream().sorted(Comparator.comparing(TrendPoint::cluster).thenComparing(TrendPoint::runId))
                .toList();
    }

    // ---------------------------------------------------------------- retention

    /**
     * Deletes the runs retention no longer keeps, with their rows and Spring Batch metadata. Kept
     * are: the run being written, every RUNNING run, the last {@code keepRuns} completed runs, the
     * runs of the last {@code keepDays} days, and every run newer than the oldest completed run kept.
     * With neither limit set nothing is pruned. Runs in the current transaction of the caller.
     *
     * @return the ids pruned
     */
    public List<Long> prune(long currentRunId, Retention retention, Instant now) {
        if (retention == null || !retention.limited()) {
            return List.of();
        }
        List<Long> completed = jdbc.queryForList("SELECT id FROM audit_run WHERE status = 'COMPLETED' ORDER BY id DESC",
                Long.class);
        long keepFrom = Long.MAX_VALUE;
        if (retention.keepRuns() != null && !completed.isEmpty()) {
            keepFrom = completed.get(Math.min(completed.size(), Math.max(1, retention.keepRuns())) - 1);
        }
        String since = retention.keepDays() == null ? null
                : now.minus(Duration.ofDays(retention.keepDays())).toString();
        List<Long> doomed = jdbc.queryForList("SELECT id FROM audit_run WHERE id < ? AND id <> ? AND status <> 'RUNNING' "
                        + "AND (? IS NULL OR started_at < ?) ORDER BY id", Long.class,
                retention.keepRuns() == null ? Long.MAX_VALUE : keepFrom, currentRunId, since, since);
        for (Long id : doomed) {
            deleteBatchMetadata(id);
            // explicit, not only ON DELETE CASCADE: a jdbc: URL of the user's may not enable foreign keys
            for (String table : List.of("access_drift", "resolved_finding", "unevaluated_finding", "run_rule_alias", "run_waiver", "finding",
                    "rule_outcome", "run_mail", "run_access", "run_finding_digest", "run_cluster")) {
                jdbc.update("DELETE FROM " + table + " WHERE run_id = ?", id);
            }
            jdbc.update("DELETE FROM audit_run WHERE id = ?", id);
        }
        if (!doomed.isEmpty()) {
            // a fact every remaining run lacks: last seen before the oldest run kept
            jdbc.update("DELETE FROM access_fact WHERE last_run < (SELECT MIN(id) FROM audit_run)");
        }
        return doomed;
    }

    /** Deletes the Spring Batch job instance (executions, steps, contexts, parameters) of a run. */
    private void deleteBatchMetadata(long runId) {
        List<Long> instances = jdbc.queryForList("""
                SELECT DISTINCT e.JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION e
                JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                WHERE p.PARAMETER_NAME = 'runId' AND p.PARAMETER_VALUE = ?""", Long.class, String.valueOf(runId));
        for (Long instance : instances) {
            String executions = "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = " + instance;
            String steps = "SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (" + executions + ")";
            jdbc.update("DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (" + steps + ")");
            jdbc.update("DELETE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (" + executions + ")");
            jdbc.update("DELETE FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN (" + executions + ")");
            jdbc.update("DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (" + executions + ")");
            jdbc.update("DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?", instance);
            jdbc.update("DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID = ?", instance);
        }
    }

    // ---------------------------------------------------------------- mapping

    static Finding finding(ResultSet rs) throws SQLException {
        return new Finding(rs.getString("cluster"), rs.getString("rule_id"), Severity.parse(rs.getString("severity")),
                rs.getString("title"), SubjectKind.parse(rs.getString("subject_kind")), rs.getString("subject_key"),
                rs.getString("principal"), rs.getString("path"), rs.getString("message"));
    }

    private static AuditRun run(ResultSet rs, int row) throws SQLException {
        return new AuditRun(rs.getLong("id"), instant(rs.getString("started_at")), instant(rs.getString("finished_at")),
                rs.getString("status"), rs.getString("tool_version"), rs.getString("config_hash"),
                rs.getString("rule_packs"), rs.getString("fail_on"), rs.getString("report_dir"),
                intOrNull(rs, "exit_code"), longOrNull(rs, "replay_of"), longOrNull(rs, "pid"), rs.getString("host"),
                rs.getInt("fail_on_new") != 0, rs.getInt("restarts"));
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
