package org.pveaudit.history;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** SQLite's forms: {@code INSERT OR REPLACE}, its upsert, and a busy timeout for readers. */
final class SqliteDialect implements SqlDialect {

    /** How long a reader waits for the write lock of a running audit. */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    @Override
    public String insertOrReplace(String table, String key, String columns) {
        return "INSERT OR REPLACE INTO " + table + "(" + columns + ") VALUES (" + parameters(columns) + ")";
    }

    @Override
    public String insertOrRaise(String table, String key, String columns, String column) {
        return "INSERT INTO " + table + "(" + columns + ") VALUES (" + parameters(columns) + ") ON CONFLICT(" + key
                + ") DO UPDATE SET " + column + " = excluded." + column + " WHERE excluded." + column + " > " + column;
    }

    @Override
    public DataSource openForReading(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        // one connection for all reads: one schema parse, one page cache (the process ends after the command)
        return new SingleConnectionDataSource(sqlite.getConnection(), true);
    }

    @Override
    public DataSource openForWriting(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // a write transaction takes the lock when it begins, not at its first write (no upgrade to deadlock on)
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        return new SingleConnectionDataSource(sqlite.getConnection(), true);
    }

    /** {@code ?, ?, ?}: one parameter for each column. */
    static String parameters(String columns) {
        int n = columns.split(",").length;
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
