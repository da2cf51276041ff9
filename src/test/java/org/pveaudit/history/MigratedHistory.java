package org.pveaudit.history;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/** A new history database file with every migration applied, for tests of the history on real SQLite. */
record MigratedHistory(AuditHistory history, JdbcTemplate jdbc) {

    static MigratedHistory in(Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl(url);
        return new MigratedHistory(new AuditHistory(ds), new JdbcTemplate(ds));
    }
}
