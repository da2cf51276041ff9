package org.pveaudit.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The audit history in SQL, one store per question: {@link #runs()} (the runs and their status),
 * {@link #clusters()} (how far each cluster got, with its counts), {@link #snapshots()} (what was read),
 * {@link #findings()} (what the rules said, and the waivers and rule aliases in force), {@link #comparison()}
 * (against the previous run: new, resolved, drift) and {@link #mail()} (what became of the e-mail). Every write
 * of a step happens in one transaction, and readers of "the previous run" only see completed runs, so a run's
 * rows count only from the moment its status becomes COMPLETED.
 */
public final class AuditHistory {

    /** The schema version (Flyway) this code reads and writes. */
    public static final int SCHEMA_VERSION = 14;

    private final HistorySql sql;
    private final RunStore runs;
    private final ClusterStore clusters;
    private final SnapshotStore snapshots;
    private final FindingStore findings;
    private final RunComparison comparison;
    private final MailStore mail;
    private final ReviewStore reviews;

    /** The history in a SQLite database. */
    public AuditHistory(DataSource dataSource) {
        this(dataSource, SqlDialect.SQLITE, Checkpoint.NONE);
    }

    /** The history in a SQLite database; the comparison reaches {@code checkpoint}'s point {@code history}. */
    public AuditHistory(DataSource dataSource, Checkpoint checkpoint) {
        this(dataSource, SqlDialect.SQLITE, checkpoint);
    }

    /** The history in a database of {@code dialect}. */
    public AuditHistory(DataSource dataSource, SqlDialect dialect, Checkpoint checkpoint) {
        this.sql = new HistorySql(dataSource, dialect);
        this.runs = new RunStore(sql);
        this.clusters = new ClusterStore(sql);
        this.snapshots = new SnapshotStore(sql);
        this.findings = new FindingStore(sql, clusters);
        this.comparison = new RunComparison(sql, runs, clusters, findings, new DriftComparison(sql, snapshots),
                checkpoint);
        this.mail = new MailStore(sql);
        this.reviews = new ReviewStore(sql);
    }

    /**
     * Opens an existing SQLite history file for reading, with plain JDBC: no Spring context, no
     * connection pool and no migration (the {@code history} and {@code diff} commands).
     */
    public static AuditHistory openForReading(Path database) {
        return open(database, false);
    }

    /**
     * Opens an existing SQLite history file migrated to this version for the short commands that also write
     * (the review commands), with plain JDBC: the audit is what creates and migrates the database.
     */
    public static AuditHistory openForWriting(Path database) {
        return open(database, true);
    }

    private static AuditHistory open(Path database, boolean write) {
        if (!Files.isRegularFile(database)) {
            throw new HistoryException("no history database at " + database);
        }
        return open(HistoryConnection.file(database), write, database.toString());
    }

    /**
     * Opens an existing history (a SQLite file or a PostgreSQL database) migrated to this version, with plain
     * JDBC; {@code write} for the short commands that also write (the review commands).
     */
    public static AuditHistory open(HistoryConnection target, boolean write) {
        if (target.dialect() == SqlDialect.SQLITE) {
            return open(Path.of(target.url().substring(SqliteDialect.URL_PREFIX.length())), write);
        }
        return open(target, write, target.describe());
    }

    private static AuditHistory open(HistoryConnection target, boolean write, String name) {
        SqlDialect dialect = target.dialect();
        AuditHistory history;
        try {
            history = new AuditHistory(write ? dialect.openForWriting(target) : dialect.openForReading(target),
                    dialect, Checkpoint.NONE);
        } catch (SQLException e) {
            throw new HistoryException("cannot open " + name + ": " + e.getMessage());
        }
        int version;
        try {
            version = history.schemaVersion();
        } catch (RuntimeException e) {
            throw new HistoryException(name + " is not a pve-audit history database");
        }
        if (version < SCHEMA_VERSION) {
            throw new HistoryException(name + " has history schema version " + version + "; run "
                    + "'pve-audit audit' once with this version to upgrade it (needs " + SCHEMA_VERSION + ")");
        }
        return history;
    }

    /** The highest successfully applied Flyway migration. */
    public int schemaVersion() {
        Integer v = sql.jdbc.queryForObject("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history "
                + "WHERE success = TRUE", Integer.class);
        return v == null ? 0 : v;
    }

    public RunStore runs() {
        return runs;
    }

    public ClusterStore clusters() {
        return clusters;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    public FindingStore findings() {
        return findings;
    }

    public RunComparison comparison() {
        return comparison;
    }

    public MailStore mail() {
        return mail;
    }

    /** Access review campaigns, their rows, imports and decisions. */
    public ReviewStore reviews() {
        return reviews;
    }

    /** What the history last knew of each cluster before a run (for {@link RunDiff}). */
    LastKnown lastKnown() {
        return new LastKnown(sql.jdbc);
    }
}
