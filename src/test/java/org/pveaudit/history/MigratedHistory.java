package org.pveaudit.history;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/** A new SQLite history file with every migration applied, for tests that need a real one without Spring. */
public final class MigratedHistory {

    private MigratedHistory() {
    }

    /** Creates {@code history.db} in {@code dir}, migrates it and returns a data source on it. */
    public static SQLiteDataSource in(Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        Flyway.configure().dataSource(url, null, null)
                .locations(SqlDialect.SQLITE.migrations().toArray(String[]::new)).load().migrate();
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        return ds;
    }
}
