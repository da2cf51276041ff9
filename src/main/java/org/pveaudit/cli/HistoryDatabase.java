package org.pveaudit.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.HistoryException;
import picocli.CommandLine.Option;

/**
 * The history database of the short commands: {@code --database FILE}, or the one the configuration names.
 * Opened with plain JDBC, never through a Spring context or a migration; only the review commands write. A
 * history in PostgreSQL is opened the same way, with the configuration's login.
 */
final class HistoryDatabase {

    /** What the audit reads and writes by default, in the folder it runs in. */
    static final Path DEFAULT_CONFIG = Path.of("pve-audit.yml");
    static final Path DEFAULT_DATABASE = Path.of("pve-audit.db");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file naming the history database (default: pve-audit.yml; without one, "
                    + "./pve-audit.db).")
    Path config;

    @Option(names = "--database", paramLabel = "FILE", description = "The history database file (instead of -c).")
    Path database;

    /** Whether either option was given (for subcommands that fall back to their parent's). */
    boolean given() {
        return config != null || database != null;
    }

    /** The configuration the command reads, or null when it is given a database file only. */
    Path configFile() {
        if (database != null) {
            return config;
        }
        return config != null ? config : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
    }

    /** The SQLite file, or null for a history in PostgreSQL. */
    Path file() {
        return location().file();
    }

    /** The database as messages name it: the file, or the PostgreSQL URL without its parameters. */
    String name() {
        HistoryConfig history = location();
        return history.file() != null ? history.file().toString() : history.connection().describe();
    }

    /** {@code --database FILE}, or the configuration's history settings (a file or a PostgreSQL URL and login). */
    private HistoryConfig location() {
        if (database != null) {
            return new HistoryConfig(database.toString(), null, null);
        }
        if (config == null && !Files.exists(DEFAULT_CONFIG)) {
            // run where the audit ran (cron's or systemd's folder, with the configuration elsewhere): the
            // audit's default database is here
            if (Files.isRegularFile(DEFAULT_DATABASE)) {
                return new HistoryConfig(DEFAULT_DATABASE.toString(), null, null);
            }
            throw new InputError("no pve-audit.yml and no pve-audit.db in " + Path.of("").toAbsolutePath()
                    + ": pass -c FILE (the audit's configuration) or --database FILE (its history database)");
        }
        Path cfg = config != null ? config : DEFAULT_CONFIG;
        HistoryConfig history;
        try {
            history = AuditConfigLoader.history(cfg);
        } catch (ConfigException e) {
            throw new InputError(e.getMessage());
        }
        if (history.file() == null && !history.dialect().shared()) {
            throw new InputError(cfg + ": history.database is not a SQLite file or a PostgreSQL URL; "
                    + "the history commands read those (use --database FILE)");
        }
        return history;
    }

    /** Opens the database and checks it holds at least one run. */
    AuditHistory open() {
        return open(false);
    }

    /**
     * Opens the database for the commands that also write (the review commands): it must exist and be migrated
     * to this version by an audit, and hold at least one run.
     */
    AuditHistory openForWriting() {
        return open(true);
    }

    private AuditHistory open(boolean write) {
        HistoryConfig location = location();
        Path file = location.file();
        if (file != null && database == null && !file.isAbsolute() && !Files.isRegularFile(file)) {
            // history.database is relative to the folder the audit runs in, not to the configuration
            throw new InputError("no history database at " + file.toAbsolutePath() + " (history.database '" + file
                    + "' is relative to the folder the audit runs in): run this command there, or pass "
                    + "--database FILE");
        }
        try {
            AuditHistory history = AuditHistory.open(location.connection(), write);
            if (history.runs().count() == 0) {
                throw new InputError((file != null ? file.toString() : location.connection().describe())
                        + ": no audit runs recorded yet");
            }
            return history;
        } catch (HistoryException e) {
            throw new InputError(e.getMessage());
        } catch (UncheckedIOException e) {
            // history.password-file could not be read
            throw new InputError(e.getMessage() + ": " + Cause.of(e.getCause()));
        }
    }
}
