package org.pveaudit.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** PostgreSQL's forms: upserts as {@code INSERT … ON CONFLICT}, the written order from a column, login by URL. */
final class PostgresDialect implements SqlDialect {

    static final String URL_PREFIX = "jdbc:postgresql:";

    /** How long a reader waits for a lock a running audit holds (PostgreSQL readers rarely wait at all). */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String insertOrReplace(String table, String key, String columns) {
        Set<String> keys = names(key).collect(Collectors.toSet());
        String set = names(columns).filter(c -> !keys.contains(c)).map(c -> c + " = excluded." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + "(" + columns + ") VALUES (" + SqliteDialect.parameters(columns)
                + ") ON CONFLICT(" + key + ") DO " + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + set);
    }

    @Override
    public String insertOrRaise(String table, String key, String columns, String column) {
        // unlike SQLite, PostgreSQL's DO UPDATE needs the target row qualified by its table
        return "INSERT INTO " + table + "(" + columns + ") VALUES (" + SqliteDialect.parameters(columns)
                + ") ON CONFLICT(" + key + ") DO UPDATE SET " + column + " = excluded." + column + " WHERE excluded." + column + " > "
                + table + "." + column;
    }

    @Override
    public String insertionOrder(String table) {
        // PostgreSQL has no stable rowid: the tables read in written order carry an identity column (V14)
        return "row_order";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:db/migration/common", "classpath:db/migration/postgresql");
    }

    @Override
    public DataSource openForReading(HistoryConnection target) throws SQLException {
        Connection c = connectBriefly(target, LOCK_TIMEOUT);
        // for the session, not setReadOnly: the driver applies that only to transactions it begins itself,
        // and a reading command runs in autocommit
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new SingleConnectionDataSource(c, true);
    }

    @Override
    public DataSource openForWriting(HistoryConnection target) throws SQLException {
        return new SingleConnectionDataSource(connectBriefly(target, LOCK_TIMEOUT), true);
    }

    @Override
    public Connection connectBriefly(HistoryConnection target, Duration wait) throws SQLException {
        Connection c = target.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = " + wait.toMillis());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static java.util.stream.Stream<String> names(String columns) {
        return Arrays.stream(columns.split(",")).map(String::strip);
    }
}
