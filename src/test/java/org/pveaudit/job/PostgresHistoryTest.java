package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.cli.CapturedRun;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterCounts;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.HistoryMigration;
import org.pveaudit.history.PostgresServer;
import org.pveaudit.history.TableCopy;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sample audit with its history in a real PostgreSQL: the same counts as on SQLite, the comparison with
 * the previous run, the reading commands, the advisory run lock, and {@code history migrate} from SQLite.
 */
@Tag("e2e")
class PostgresHistoryTest {

    @TempDir
    Path dir;

    private static HistoryConfig postgres(HistoryConnection c) {
        return new HistoryConfig(c.url(), null, null, c.username(), null, null);
    }

    /** Per cluster: critical, high, medium, low, info, waived, new. */
    private static Map<String, List<Integer>> counts(AuditHistory history, long runId) {
        Map<String, List<Integer>> m = new TreeMap<>();
        for (ClusterCounts c : history.clusters().counts(runId)) {
            m.put(c.cluster(), List.of(c.critical(), c.high(), c.medium(), c.low(), c.info(), c.waived(),
                    c.newFindings()));
        }
        return m;
    }

    @Test
    void theSampleAuditCountsTheSameOnPostgresAndMigrateCopiesASqliteHistoryExactly() throws Exception {
        long t0 = System.nanoTime();
        AuditRequest onSqlite = SampleAudit.request(dir.resolve("sqlite"),
                List.of(org.pveaudit.config.ReportConfig.ReportFormat.JSON));
        AuditResult sqliteRun = AuditRunner.run(onSqlite, "test", false);
        long sqliteMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, List<Integer>> expected = counts(SampleAudit.history(onSqlite), sqliteRun.runId());
        assertThat(expected).containsOnlyKeys("prod", "lab", "branch");

        HistoryConnection pg = PostgresServer.newDatabase();
        AuditRequest onPostgres = SampleAudit.request(dir.resolve("pg"), postgres(pg));
        long t1 = System.nanoTime();
        AuditResult first = AuditRunner.run(onPostgres, "test", false);
        long postgresMs = (System.nanoTime() - t1) / 1_000_000;
        // the first audit of the JVM also loads Spring and the rules: time each database once more, warm
        long t2 = System.nanoTime();
        AuditRunner.run(SampleAudit.request(dir.resolve("sqlite-warm"),
                List.of(org.pveaudit.config.ReportConfig.ReportFormat.JSON)), "test", false);
        long sqliteWarmMs = (System.nanoTime() - t2) / 1_000_000;
        assertThat(first.failure()).isNull();
        assertThat(first.exitCode()).isEqualTo(sqliteRun.exitCode()).isEqualTo(ExitCode.FINDINGS);
        AuditHistory history = AuditHistory.open(pg, false);
        assertThat(counts(history, first.runId())).isEqualTo(expected);

        // a second run compares with the first in PostgreSQL: nothing is new
        long t3 = System.nanoTime();
        AuditResult second = AuditRunner.run(onPostgres, "test", false);
        long postgresWarmMs = (System.nanoTime() - t3) / 1_000_000;
        System.out.printf("sample audit: SQLite %d ms (first in the JVM), %d ms (warm); PostgreSQL %d ms (new "
                + "database, migrated), %d ms (warm, second run)%n", sqliteMs, sqliteWarmMs, postgresMs, postgresWarmMs);
        assertThat(counts(history, second.runId()).values()).allSatisfy(c -> assertThat(c.get(6)).isZero());
        assertThat(history.clusters().counts(second.runId())).allSatisfy(c ->
                assertThat(c.baselineRun()).isEqualTo(first.runId()));

        // the reading command finds the history through the configuration
        Path config = dir.resolve("pve-audit.yml");
        Files.writeString(config, "history:\n  database: " + pg.url() + "\n  username: " + pg.username() + "\n");
        CapturedRun listed = CapturedRun.of("history", "-c", config.toString());
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("COMPLETED");
        assertThat(listed.out().lines().filter(l -> l.contains("COMPLETED")).count()).isEqualTo(2);

        // the advisory lock turns a second audit away, naming the holder as the lock file does
        try (HeldRunLock held = RunLock.acquire(postgres(pg), false, s -> { })) {
            assertThatThrownBy(() -> AuditRunner.run(onPostgres, "test", false))
                    .isInstanceOf(RunLock.RunLockedException.class)
                    .hasMessageStartingWith("another audit is running (pid " + ProcessHandle.current().pid()
                            + ", started at ");
        }
        assertThat(AuditRunner.run(onPostgres, "test", false).failure()).as("lock released").isNull();

        // retention keeps the newest run, and removes the others' rows and Spring Batch records in PostgreSQL
        HistoryConfig keepOne = new HistoryConfig(pg.url(), 1, null, pg.username(), null, null);
        AuditResult kept = AuditRunner.run(SampleAudit.request(dir.resolve("pg"), keepOne), "test", false);
        JdbcTemplate jdbc = new JdbcTemplate(PostgresServer.dataSource(pg));
        assertThat(jdbc.queryForList("SELECT id FROM audit_run", Long.class)).containsExactly(kept.runId());
        assertThat(jdbc.queryForList("SELECT DISTINCT parameter_value FROM batch_job_execution_params "
                + "WHERE parameter_name = 'runId'", String.class)).containsExactly(String.valueOf(kept.runId()));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_job_instance", Integer.class)).isEqualTo(1);

        // history migrate: the SQLite run copied into a new database, verified table by table
        HistoryConnection target = PostgresServer.newDatabase();
        Path sqliteFile = dir.resolve("sqlite").resolve("history.db");
        CapturedRun migrated = CapturedRun.of("history", "migrate", "--from", sqliteFile.toString(), "--to", target.url(),
                "--username", target.username());
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("audit_run").contains("finding").doesNotContain("DIFFERS");
        assertThat(counts(AuditHistory.open(target, false), sqliteRun.runId())).isEqualTo(expected);
        List<TableCopy> copies = HistoryMigration.verify(sqliteFile, target);
        assertThat(copies).allMatch(TableCopy::matches);
        assertThat(copies).filteredOn(c -> c.table().equals("finding")).singleElement()
                .satisfies(c -> assertThat(c.targetRows()).isPositive());
        // a new run in the migrated database gets the next id, not one the copy already used
        AuditResult after = AuditRunner.run(SampleAudit.request(dir.resolve("after"), postgres(target)), "test",
                false);
        assertThat(after.runId()).isEqualTo(sqliteRun.runId() + 1);

        // the verification sees one changed value, and names the table
        HistoryConnection tampered = PostgresServer.newDatabase();
        assertThat(CapturedRun.of("history", "migrate", "--from", sqliteFile.toString(), "--to", tampered.url(),
                "--username", tampered.username()).exit()).isZero();
        new JdbcTemplate(PostgresServer.dataSource(tampered))
                .update("UPDATE finding SET message = message || '.' WHERE id = (SELECT MIN(id) FROM finding)");
        assertThat(HistoryMigration.verify(sqliteFile, tampered)).filteredOn(c -> !c.matches())
                .extracting(TableCopy::table).containsExactly("finding");

        // a target that is not empty is refused
        CapturedRun again = CapturedRun.of("history", "migrate", "--from", sqliteFile.toString(), "--to", target.url(),
                "--username", target.username());
        assertThat(again.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(again.err()).contains("is not empty (").doesNotContain("Exception");
    }
}
