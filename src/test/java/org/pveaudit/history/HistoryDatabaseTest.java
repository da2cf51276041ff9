package org.pveaudit.history;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Base of the tests that run the history on a new SQLite file with every migration applied. */
abstract class HistoryDatabaseTest {

    @TempDir
    Path dir;

    AuditHistory history;
    JdbcTemplate jdbc;

    @BeforeEach
    void migrate() {
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl(url);
        history = new AuditHistory(ds);
        jdbc = new JdbcTemplate(ds);
    }
}
