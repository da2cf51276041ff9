package org.pveaudit.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The SQL that differs between the databases the history can live in. Everything else the stores say is
 * SQL that SQLite and PostgreSQL both read. {@link #of} is the one place that picks the dialect from a JDBC URL:
 * {@code jdbc:postgresql:} is {@link #POSTGRESQL}, anything else (a file name, {@code jdbc:sqlite:}) {@link #SQLITE}.
 */
public interface SqlDialect {

    SqlDialect SQLITE = new SqliteDialect();
    SqlDialect POSTGRESQL = new PostgresDialect();

    /** The dialect of a JDBC URL (or of a plain file name, SQLite). */
    static SqlDialect of(String jdbcUrl) {
        return jdbcUrl.startsWith(PostgresDialect.URL_PREFIX) ? POSTGRESQL : SQLITE;
    }

    /**
     * The JDBC URL of {@code history.database}: a {@code jdbc:} URL as written; a plain file name becomes a
     * SQLite URL with the settings that keep Batch and SQLite apart.
     */
    static String jdbcUrl(String database) {
        return database.startsWith("jdbc:") ? database : SqliteDialect.writerUrl(Path.of(database));
    }

    /** Whether the history lives in a database server shared by several hosts (not a file). */
    boolean shared();

    /**
     * An INSERT of {@code columns} (comma-separated, one parameter each) that replaces the named columns of a
     * row with the same {@code key}. What happens to the columns it does not name differs (SQLite resets them,
     * PostgreSQL keeps them): callers name every column whose old value must not survive.
     */
    String insertOrReplace(String table, String key, String columns);

    /**
     * An INSERT of {@code columns} that keeps a row with the same {@code key}, only raising its
     * {@code column} to the new value when that is greater.
     */
    String insertOrRaise(String table, String key, String columns, String column);

    /** The column that orders a table's rows as they were written (SQLite's rowid). */
    String insertionOrder(String table);

    /** The Flyway locations of this database's migrations: the portable ones and its own. */
    List<String> migrations();

    /**
     * One connection to an existing history, for the commands that only read: it waits for a
     * writer's lock rather than failing.
     */
    DataSource openForReading(HistoryConnection target) throws SQLException;

    /**
     * One connection to an existing history, for the short commands that also write (the review
     * commands): foreign keys enforced and write transactions taken at once, as the audit's own connections do.
     */
    DataSource openForWriting(HistoryConnection target) throws SQLException;

    /** A connection of its own that waits at most {@code wait} for a lock (the stop signal's last update). */
    Connection connectBriefly(HistoryConnection target, Duration wait) throws SQLException;
}
