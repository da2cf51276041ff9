package org.pveaudit.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/**
 * Benchmark of the history store (not a test): builds a history of RUNS runs x CLUSTERS clusters x
 * FINDINGS findings with realistic snapshots (5 findings appear and 5 disappear per cluster and run,
 * a token, an ACL entry and a user change), then times the reading commands' queries, the history
 * step of one more run, and pruning one run, and prints the database size per run.
 *
 * <pre>java -cp ... org.pveaudit.history.HistoryBench DB [RUNS] [CLUSTERS] [FINDINGS] [--reuse]</pre>
 */
public final class HistoryBench {

    private static final String[] RULES = {"PVE-ACL-001", "PVE-ACL-002", "PVE-TOKEN-001", "PVE-TOKEN-002",
            "PVE-USER-001", "PVE-USER-002", "PVE-GROUP-001", "PVE-PRIV-001"};
    private static final Severity[] SEVERITY = {Severity.CRITICAL, Severity.HIGH, Severity.HIGH, Severity.HIGH,
            Severity.MEDIUM, Severity.MEDIUM, Severity.LOW, Severity.INFO};

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int clusters = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int findings = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        boolean reuse = List.of(args).contains("--reuse") && Files.exists(db);
        if (!reuse) {
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
            long t = System.nanoTime();
            generate(db, runs, clusters, findings);
            System.out.printf("generated %d runs x %d clusters x %d findings in %.1f s%n", runs, clusters, findings,
                    (System.nanoTime() - t) / 1e9);
        }
        sizes(db, runs);
        String url = "jdbc:sqlite:" + db + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000"
                + "&transaction_mode=IMMEDIATE&foreign_keys=true";
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl(url);
        AuditHistory h = new AuditHistory(ds);
        for (int round = 0; round < 3; round++) {
            String tag = round == 0 ? "cold" : "warm" + round;
            time("history (20 runs, counts)   " + tag, () -> {
                AuditHistory r = AuditHistory.openForReading(db);
                List<AuditRun> list = r.runs().latest(20);
                r.clusters().counts(list.stream().map(AuditRun::id).toList());
            });
            time("history show (last run)     " + tag, () -> {
                AuditHistory r = AuditHistory.openForReading(db);
                r.clusters().counts(runs);
                r.findings().fresh(runs);
                r.comparison().resolved(runs);
                r.comparison().drift(runs);
            });
            time("diff last two runs          " + tag, () -> RunDiff.between(AuditHistory.openForReading(db),
                    runs - 1, runs));
            time("diff first and last run     " + tag, () -> RunDiff.between(AuditHistory.openForReading(db),
                    1, runs));
            time("trend 30 runs, all clusters " + tag, () -> h.clusters().trend(null, 30));
        }
        // the history step of one more run, with the real code: store snapshots and findings, compare
        long next = h.runs().start("bench", "x", "baseline@1.0", "high");
        long t0 = System.nanoTime();
        for (int c = 0; c < clusters; c++) {
            h.snapshots().save(next, snapshot(c, runs + 1, Instant.now()));
            List<Finding> fs = findings(c, runs + 1, findings);
            List<Integer> waived = new ArrayList<>();
            fs.forEach(f -> waived.add(null));
            h.findings().saveEvaluation(next, "c" + c, new RuleEngine.Evaluation(List.of(), fs, waived));
        }
        long t1 = System.nanoTime();
        h.comparison().compareWithPrevious(next);
        long t2 = System.nanoTime();
        List<Long> pruned = h.runs().complete(next, null, 1, new Retention(runs, null));
        long t3 = System.nanoTime();
        System.out.printf("store run %d (%d snapshots, %d findings)  %6.0f ms%n", next, clusters,
                clusters * findings, (t1 - t0) / 1e6);
        System.out.printf("history step (compare, resolved, drift)  %6.0f ms%n", (t2 - t1) / 1e6);
        System.out.printf("complete + prune %s            %6.0f ms%n", pruned, (t3 - t2) / 1e6);
        System.out.printf("new run counts: %s%n", h.clusters().counts(next).get(0));
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void time(String what, Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        System.out.printf("%-40s %6.0f ms%n", what, (System.nanoTime() - t) / 1e6);
    }

    private static void sizes(Path db, int runs) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            long total = Files.size(db);
            System.out.printf("database %s: %.1f MB, %.2f MB per run%n", db, total / 1e6, total / 1e6 / runs);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name "
                         + "ORDER BY 2 DESC LIMIT 12")) {
                while (rs.next()) {
                    System.out.printf("  %-28s %9.1f MB  %7.3f MB per run%n", rs.getString(1), rs.getLong(2) / 1e6,
                            rs.getLong(2) / 1e6 / runs);
                }
            } catch (java.sql.SQLException e) {
                System.out.println("  (no dbstat: " + e.getMessage() + ")");
            }
        }
    }

    private static void generate(Path db, int runs, int clusters, int perCluster) throws Exception {
        String url = "jdbc:sqlite:" + db;
        Flyway.configure().dataSource(url, null, null)
                .locations(SqlDialect.SQLITE.migrations().toArray(String[]::new)).load().migrate();
        Instant start = Instant.now().minus(runs, ChronoUnit.DAYS);
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
            }
            c.setAutoCommit(false);
            PreparedStatement run = c.prepareStatement("INSERT INTO audit_run(id, started_at, finished_at, status, "
                    + "tool_version, config_hash, rule_packs, fail_on, exit_code, pid, host) "
                    + "VALUES (?, ?, ?, 'COMPLETED', 'bench', 'x', 'baseline@1.0', 'high', 1, 1, 'bench')");
            PreparedStatement cluster = c.prepareStatement("INSERT INTO run_cluster(run_id, cluster, status, "
                    + "pve_version, collected_at, snapshot_json, coverage_gaps, gap_count, baseline_run, n_critical, "
                    + "n_high, n_medium, n_low, n_info, n_waived, n_new, n_open, n_regressed, n_resolved, n_drift, access_hash) "
                    + "VALUES (?, ?, 'EVALUATED', '9.1.4', ?, ?, '', 0, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, 3, ?)");
            AuditHistory hasher = new AuditHistory(new org.sqlite.SQLiteDataSource());
            // the real code writes the access facts, on this connection and in its transaction
            AuditHistory facts = new AuditHistory(new org.springframework.jdbc.datasource.SingleConnectionDataSource(c, true));
            PreparedStatement finding = c.prepareStatement("INSERT INTO finding(run_id, cluster, rule_id, severity, "
                    + "title, subject_kind, subject_key, path, message, fingerprint, state, first_seen_run, "
                    + "first_seen_at, principal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            PreparedStatement resolved = c.prepareStatement("INSERT INTO resolved_finding(run_id, cluster, rule_id, "
                    + "severity, title, subject_kind, subject_key, path, principal, message, fingerprint, first_seen_run, "
                    + "first_seen_at, last_seen_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            PreparedStatement drift = c.prepareStatement("INSERT INTO access_drift(run_id, cluster, baseline_run, "
                    + "object, change, object_key, before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            for (int r = 1; r <= runs; r++) {
                Instant at = start.plus(r, ChronoUnit.DAYS);
                run.setInt(1, r);
                run.setString(2, at.toString());
                run.setString(3, at.plusSeconds(60).toString());
                run.executeUpdate();
                for (int k = 0; k < clusters; k++) {
                    String name = "c" + k;
                    List<Finding> fs = findings(k, r, perCluster);
                    int[] bySeverity = new int[5];
                    int fresh = 0;
                    for (Finding f : fs) {
                        bySeverity[f.severity().ordinal()]++;
                        int subject = Integer.parseInt(f.subjectKey().substring(f.subjectKey().lastIndexOf('#') + 1));
                        int firstRun = Math.max(1, r - Math.floorMod(r * 5 - subject, 2100) / 5);
                        boolean isNew = firstRun == r;
                        fresh += isNew ? 1 : 0;
                        finding.setInt(1, r);
                        finding.setString(2, name);
                        finding.setString(3, f.ruleId());
                        finding.setString(4, f.severity().key());
                        finding.setString(5, f.title());
                        finding.setString(6, f.subject().key());
                        finding.setString(7, f.subjectKey());
                        finding.setString(8, f.path());
                        finding.setString(9, f.message());
                        finding.setString(10, f.fingerprint());
                        finding.setString(11, isNew ? "NEW" : "OPEN");
                        finding.setInt(12, firstRun);
                        finding.setString(13, start.plus(firstRun, ChronoUnit.DAYS).toString());
                        finding.setString(14, f.principal());
                        finding.addBatch();
                    }
                    finding.executeBatch();
                    facts.findings().saveDigests(r, name);
                    if (r > 1) {
                        for (Finding f : findings(k, r - 1, perCluster).subList(0, 5)) {
                            resolved.setInt(1, r);
                            resolved.setString(2, name);
                            resolved.setString(3, f.ruleId());
                            resolved.setString(4, f.severity().key());
                            resolved.setString(5, f.title());
                            resolved.setString(6, f.subject().key());
                            resolved.setString(7, f.subjectKey());
                            resolved.setString(8, f.path());
                            resolved.setString(9, f.principal());
                            resolved.setString(10, f.message());
                            resolved.setString(11, f.fingerprint());
                            resolved.setInt(12, 1);
                            resolved.setString(13, start.toString());
                            resolved.setInt(14, r - 1);
                            resolved.addBatch();
                        }
                        resolved.executeBatch();
                        List<DriftEntry> entries = AccessDrift.between(snapshot(k, r - 1, at), snapshot(k, r, at));
                        for (DriftEntry d : entries) {
                            drift.setInt(1, r);
                            drift.setString(2, name);
                            drift.setInt(3, r - 1);
                            drift.setString(4, d.object().key());
                            drift.setString(5, d.change().name());
                            drift.setString(6, d.key());
                            drift.setString(7, d.before());
                            drift.setString(8, d.after());
                            drift.addBatch();
                        }
                        drift.executeBatch();
                    }
                    cluster.setInt(1, r);
                    cluster.setString(2, name);
                    cluster.setString(3, at.toString());
                    ClusterSnapshot snap = snapshot(k, r, at);
                    cluster.setBytes(4, SnapshotStore.storedForm(snap));
                    cluster.setString(14, hasher.snapshots().accessHash(snap));
                    cluster.setObject(5, r > 1 ? r - 1 : null);
                    cluster.setInt(6, bySeverity[Severity.CRITICAL.ordinal()]);
                    cluster.setInt(7, bySeverity[Severity.HIGH.ordinal()]);
                    cluster.setInt(8, bySeverity[Severity.MEDIUM.ordinal()]);
                    cluster.setInt(9, bySeverity[Severity.LOW.ordinal()]);
                    cluster.setInt(10, bySeverity[Severity.INFO.ordinal()]);
                    cluster.setInt(11, fresh);
                    cluster.setInt(12, fs.size() - fresh);
                    cluster.setInt(13, r > 1 ? 5 : 0);
                    cluster.executeUpdate();
                    facts.snapshots().saveAccessFacts(r, snap);
                }
                c.commit();
                if (r % 50 == 0) {
                    System.out.printf("  %d runs%n", r);
                }
            }
        }
    }

    /**
     * The findings of cluster {@code k} in run {@code r}: subjects {@code 5r .. 5r+n-1} (mod 2100), so
     * each run 5 findings are resolved and 5 appear.
     */
    static List<Finding> findings(int k, int r, int n) {
        List<Finding> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int subject = Math.floorMod(r * 5 + i, 2100);
            int rule = subject % RULES.length;
            String user = "user" + (subject % 500) + "@corp-ldap";
            String path = "/vms/" + (100 + subject);
            String key = path + "|" + user + "|PVEVMAdmin#" + subject;
            out.add(new Finding("c" + k, RULES[rule], SEVERITY[rule], "Broad VM administration granted to a person",
                    SubjectKind.ACL, key, user, path, "user " + user + " holds PVEVMAdmin on " + path
                    + " (propagate true), granted directly"));
        }
        return out;
    }

    /** A cluster of 500 users, 300 tokens, 60 groups, 40 custom roles, 2000 ACL entries, 4 realms; 3 changes a run. */
    static ClusterSnapshot snapshot(int k, int r, Instant at) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            boolean enabled = !(i == r % 500);
            users.add(new User("user" + i + "@corp-ldap", enabled, i % 7 == 0 ? 1_900_000_000L : 0, "First" + i,
                    "Last" + i, "user" + i + "@example.com", i % 5 == 0 ? "team " + (i % 13) : null, null,
                    List.of("g" + (i % 60)), "ldap", false, 0));
        }
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            tokens.add(new ApiToken("user" + i + "@corp-ldap!t" + i, i == r % 300 ? r : 0, i % 2 == 0, "automation " + i));
        }
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < 60; g++) {
            List<String> members = new ArrayList<>();
            for (int i = g; i < 500; i += 60) {
                members.add("user" + i + "@corp-ldap");
            }
            groups.add(new Group("g" + g, members, "group " + g));
        }
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            roles.add(new Role("Custom" + i, new TreeSet<>(List.of("VM.Audit", "VM.Console", "VM.PowerMgmt",
                    "Datastore.Audit", "Sys.Audit", "VM.Config.CDROM", "VM.Config.Network", "VM.Backup",
                    "Pool.Audit", "VM.Snapshot")), false));
        }
        List<AclEntry> acl = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Principal p = i % 3 == 0 ? Principal.group("g" + (i % 60)) : i % 3 == 1
                    ? Principal.user("user" + (i % 500) + "@corp-ldap") : Principal.token("user" + (i % 300)
                    + "@corp-ldap!t" + (i % 300));
            acl.add(new AclEntry("/vms/" + (100 + i), p, "Custom" + (i % 40), true));
        }
        acl.add(new AclEntry("/pool/run" + r, Principal.user("user1@corp-ldap"), "PVEVMAdmin", true));
        List<Realm> realms = Snapshots.benchRealms();
        return Snapshots.builder().identity("c" + k, "9.1.4", "pve1", "pve2", "pve3").collectedAt(at).users(users)
                .tokens(tokens).groups(groups).roles(roles).acl(acl).realms(realms).build();
    }
}
