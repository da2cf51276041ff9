package org.pveaudit.history;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.User;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of the tests that run the history on a new SQLite file with every migration applied (no Spring
 * context), with small builders for snapshots, findings and whole runs. Each store's test also runs on
 * PostgreSQL in a subclass named {@code …OnPostgresTest} that overrides {@link #dialect()}.
 */
abstract class HistoryDatabaseTest {

    @TempDir
    Path dir;

    AuditHistory history;
    JdbcTemplate jdbc;
    /** The points the comparison reached. */
    final List<String> checkpoints = new ArrayList<>();

    @BeforeEach
    void migrate() {
        DataSource ds = database();
        history = new AuditHistory(ds, dialect(), checkpoints::add);
        jdbc = new JdbcTemplate(ds);
    }

    /** The empty migrated database the tests run on, of {@link #dialect()}: a new SQLite file, or PostgreSQL's. */
    DataSource database() {
        return dialect() == SqlDialect.POSTGRESQL ? PostgresServer.emptiedDatabaseOf(getClass())
                : MigratedHistory.in(dir);
    }

    /** SQLite; the {@code …OnPostgresTest} subclasses say PostgreSQL, and get its database. */
    SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    static User user(String id) {
        return new User(id, true, 0, null, null, null, null, null, List.of(), null, false, 0);
    }

    /** A snapshot of {@code cluster} with these users (read through an API), and these datasets not read. */
    static ClusterSnapshot snapshot(String cluster, List<String> users, CoverageGap... gaps) {
        return new ClusterSnapshot(new ClusterIdentity(cluster, "9.1.4", List.of("pve1")), Instant.EPOCH,
                users.stream().map(HistoryDatabaseTest::user).toList(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(gaps), List.of(), null);
    }

    static Finding finding(String cluster, String rule, Severity severity, String user) {
        return new Finding(cluster, rule, severity, "title of " + rule, SubjectKind.USER, user, user, null,
                "message about " + user);
    }

    static RuleOutcome outcome(String cluster, String rule, RuleOutcome.Status status, int findings) {
        return new RuleOutcome(cluster, rule, Severity.HIGH, "title of " + rule, status, findings, null);
    }

    /** An evaluation in which {@code rules} all ran; a rule with findings FAILED, the rest PASSED. */
    static RuleEngine.Evaluation evaluation(String cluster, List<String> rules, Finding... findings) {
        List<RuleOutcome> outcomes = rules.stream().map(r -> {
            int n = (int) List.of(findings).stream().filter(f -> f.ruleId().equals(r)).count();
            return outcome(cluster, r, n > 0 ? RuleOutcome.Status.FAILED : RuleOutcome.Status.PASSED, n);
        }).toList();
        List<Integer> waivedBy = new ArrayList<>();
        for (Finding f : findings) {
            waivedBy.add(null);
        }
        return new RuleEngine.Evaluation(outcomes, List.of(findings), waivedBy);
    }

    /**
     * A whole completed live run of one cluster, as the job writes it: snapshot, evaluation, comparison with
     * the previous run, completion.
     */
    long audit(ClusterSnapshot snapshot, RuleEngine.Evaluation evaluation) {
        long id = history.runs().start("test", "hash", "baseline@1", "high");
        history.snapshots().save(id, snapshot);
        history.findings().saveEvaluation(id, snapshot.cluster(), evaluation);
        history.comparison().compareWithPrevious(id);
        history.runs().complete(id, null, 0, Retention.FOREVER);
        return id;
    }
}
