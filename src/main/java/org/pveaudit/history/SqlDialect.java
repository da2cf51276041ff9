package org.pveaudit.history;

import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The SQL that differs between the databases the history can live in. Everything else the stores say is
 * SQL that SQLite and PostgreSQL both read; a second dialect is a second implementation of this
 * interface, chosen by configuration. SQLite, the only one today, is {@link #SQLITE}.
 */
public interface SqlDialect {

    SqlDialect SQLITE = new SqliteDialect();

    /**
     * An INSERT of {@code columns} (comma-separated, one parameter each) that replaces a row with the same
     * {@code key} as a whole: the columns it does not name go back to their defaults.
     */
    String insertOrReplace(String table, String key, String columns);

    /**
     * An INSERT of {@code columns} that keeps a row with the same {@code key}, only raising its
     * {@code column} to the new value when that is greater.
     */
    String insertOrRaise(String table, String key, String columns, String column);

    /**
     * One connection to an existing database file, for the commands that only read: it waits for a
     * writer's lock rather than failing.
     */
    DataSource openForReading(Path file) throws SQLException;

    /**
     * One connection to an existing database file, for the short commands that also write (the review
     * commands): foreign keys enforced and write transactions taken at once, as the audit's own connections do.
     */
    DataSource openForWriting(Path file) throws SQLException;
}
