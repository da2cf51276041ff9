package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.Severity;

/** Opening a history file for the reading commands, and the SQL forms that are SQLite's own. */
class AuditHistoryTest extends HistoryDatabaseTest {

    @Test
    void aMigratedFileOpensForReadingWithItsRuns() {
        long run = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1"),
                finding("prod", "R1", Severity.HIGH, "a@pve")));
        AuditHistory read = AuditHistory.openForReading(dir.resolve("history.db"));
        assertThat(read.schemaVersion()).isEqualTo(AuditHistory.SCHEMA_VERSION);
        assertThat(read.runs().latest(5)).extracting(AuditRun::id).containsExactly(run);
        assertThat(read.findings().of(run)).hasSize(1);
    }

    @Test
    void aMissingFileIsNoHistory() {
        Path missing = dir.resolve("none.db");
        assertThatThrownBy(() -> AuditHistory.openForReading(missing)).isInstanceOf(HistoryException.class)
                .hasMessage("no history database at " + missing);
        assertThatThrownBy(() -> AuditHistory.openForReading(dir)).isInstanceOf(HistoryException.class)
                .hasMessage("no history database at " + dir);
    }

    @Test
    void anotherSqliteFileIsNotAHistoryDatabase() throws Exception {
        Path other = dir.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other)) {
            c.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        assertThatThrownBy(() -> AuditHistory.openForReading(other)).isInstanceOf(HistoryException.class)
                .hasMessage(other + " is not a pve-audit history database");
    }

    @Test
    void anOlderSchemaAsksForAnAuditToUpgradeIt() {
        int latest = AuditHistory.SCHEMA_VERSION;
        jdbc.update("UPDATE flyway_schema_history SET success = 0 WHERE version = ?", String.valueOf(latest));
        Path db = dir.resolve("history.db");
        assertThatThrownBy(() -> AuditHistory.openForReading(db)).isInstanceOf(HistoryException.class)
                .hasMessage(db + " has history schema version " + (latest - 1) + "; run 'pve-audit audit' once with "
                        + "this version to upgrade it (needs " + latest + ")");
    }

    @Test
    void anEmptySchemaHistoryIsVersionZero() {
        jdbc.update("DELETE FROM flyway_schema_history");
        assertThat(history.schemaVersion()).isZero();
    }

    @Test
    void sqliteSaysReplaceAndRaiseInItsOwnForms() {
        assertThat(SqlDialect.SQLITE.insertOrReplace("t", "a", "a, b, c"))
                .isEqualTo("INSERT OR REPLACE INTO t(a, b, c) VALUES (?, ?, ?)");
        assertThat(SqlDialect.SQLITE.insertOrRaise("t", "a", "a, n", "n"))
                .isEqualTo("INSERT INTO t(a, n) VALUES (?, ?) ON CONFLICT(a) DO UPDATE SET n = excluded.n "
                        + "WHERE excluded.n > n");
        assertThat(Files.exists(dir.resolve("history.db"))).isTrue();
    }

    @Test
    void postgresSaysThemAsInsertOnConflictAndTheUrlChoosesIt() {
        assertThat(SqlDialect.POSTGRESQL.insertOrReplace("t", "a, b", "a, b, c, d"))
                .isEqualTo("INSERT INTO t(a, b, c, d) VALUES (?, ?, ?, ?) ON CONFLICT(a, b) DO UPDATE SET "
                        + "c = excluded.c, d = excluded.d");
        assertThat(SqlDialect.POSTGRESQL.insertOrReplace("t", "a, b", "a, b")).endsWith("ON CONFLICT(a, b) DO NOTHING");
        assertThat(SqlDialect.POSTGRESQL.insertOrRaise("t", "a", "a, n", "n"))
                .isEqualTo("INSERT INTO t(a, n) VALUES (?, ?) ON CONFLICT(a) DO UPDATE SET n = excluded.n "
                        + "WHERE excluded.n > t.n");
        assertThat(SqlDialect.of("jdbc:postgresql://db/h?sslmode=require")).isSameAs(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.of("jdbc:sqlite:h.db")).isSameAs(SqlDialect.SQLITE);
        assertThat(SqlDialect.of("h.db")).isSameAs(SqlDialect.SQLITE);
    }

    @Test
    void aConnectionNeverShowsItsPassword() {
        HistoryConnection c = new HistoryConnection("jdbc:postgresql://db/h?sslmode=verify-full", "audit", "hunter2");
        assertThat(c.toString()).doesNotContain("hunter2").contains("<redacted>");
        assertThat(c.describe()).isEqualTo("jdbc:postgresql://db/h");
    }
}
