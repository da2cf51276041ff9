package org.pveaudit.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** SQLite's forms: {@code INSERT OR REPLACE}, its upsert, its URLs, and a busy timeout for readers. */
final class SqliteDialect implements SqlDialect {

    static final String URL_PREFIX = "jdbc:sqlite:";

    /** How long a reader waits for the write lock of a running audit. */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    /** The URL of a history file for the audit's own pool: WAL, and Batch's and our writes never upgrading a lock. */
    static String writerUrl(Path file) {
        return URL_PREFIX + file + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000"
                + "&transaction_mode=IMMEDIATE&foreign_keys=true";
    }

    /** The plain URL of a history file. */
    static String url(Path file) {
        return URL_PREFIX + file;
    }

    @Override
    public boolean shared() {
        return false;
    }

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
    public String insertionOrder(String table) {
        return "rowid";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:db/migration/common", "classpath:db/migration/sqlite");
    }

    @Override
    public DataSource openForReading(HistoryConnection target) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl(target.url());
        // one connection for all reads: one schema parse, one page cache (the process ends after the command)
        return new SingleConnectionDataSource(sqlite.getConnection(), true);
    }

    @Override
    public DataSource openForWriting(HistoryConnection target) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // a write transaction takes the lock when it begins, not at its first write (no upgrade to deadlock on)
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl(target.url());
        return new SingleConnectionDataSource(sqlite.getConnection(), true);
    }

    @Override
    public Connection connectBriefly(HistoryConnection target, Duration wait) throws SQLException {
        String url = target.url();
        int q = url.indexOf('?');
        // the file without the pool's settings, and a busy timeout of its own
        return DriverManager.getConnection((q >= 0 ? url.substring(0, q) : url) + "?busy_timeout=" + wait.toMillis());
    }

    /** {@code ?, ?, ?}: one parameter for each column. */
    static String parameters(String columns) {
        int n = columns.split(",").length;
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
