package org.pveaudit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.HistoryException;
import picocli.CommandLine.Option;
import org.pveaudit.input.BoundedYaml;
import org.pveaudit.input.InputFileException;
import org.pveaudit.input.InputFiles;
import org.pveaudit.input.InputLimits;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.pveaudit.failure.Cause;

/**
 * The history database of the read-only commands: {@code --database FILE}, or the one the
 * configuration names. Opened with plain JDBC, never through a Spring context or a migration.
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

    Path file() {
        if (database != null) {
            return database;
        }
        if (config == null && !Files.exists(DEFAULT_CONFIG)) {
            // run where the audit ran (cron's or systemd's folder, with the configuration elsewhere): the
            // audit's default database is here
            if (Files.isRegularFile(DEFAULT_DATABASE)) {
                return DEFAULT_DATABASE;
            }
            throw new InputError("no pve-audit.yml and no pve-audit.db in " + Path.of("").toAbsolutePath()
                    + ": pass -c FILE (the audit's configuration) or --database FILE (its history database)");
        }
        Path cfg = config != null ? config : DEFAULT_CONFIG;
        HistoryConfig history = historyOf(cfg);
        Path file = history.file();
        if (file == null) {
            throw new InputError(cfg + ": history.database '" + history.database() + "' is not a SQLite file; "
                    + "the history commands read SQLite files (use --database FILE)");
        }
        return file;
    }

    /**
     * Only {@code history.database} of the configuration: the reading commands need nothing else, so
     * they neither validate the clusters nor need the audit's secret files to be readable. A value
     * with a {@code ${...}} placeholder goes through the full loader, which resolves it.
     */
    private static HistoryConfig historyOf(Path cfg) {
        if (Files.isDirectory(cfg)) {
            throw new InputError(cfg + ": is a directory, not a configuration file");
        }
        if (!Files.isRegularFile(cfg)) {
            throw new InputError(cfg + ": configuration file not found");
        }
        Object database;
        try {
            // SnakeYAML Engine directly: building a Jackson mapper costs more than this whole lookup
            byte[] bytes = InputFiles.read(cfg, InputLimits.MAX_YAML_BYTES);
            database = BoundedYaml.compose(cfg.toString(), bytes).map(top -> value(value(top, "history"), "database"))
                    .orElse(null);
        } catch (InputFileException e) {
            throw new InputError(e.getMessage());
        } catch (java.io.IOException e) {
            throw new InputError(cfg + ": cannot read: " + Cause.of(e));
        }
        if (database == null) {
            return new HistoryConfig(null, null, null);
        }
        if (database.toString().contains("${")) {
            try {
                return AuditConfigLoader.load(cfg).history();
            } catch (ConfigException e) {
                throw new InputError(e.getMessage());
            }
        }
        return new HistoryConfig(database.toString(), null, null);
    }

    /** The text under a key of a mapping node, or the mapping under it; null when absent or of another kind. */
    private static Object value(Object node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return null;
        }
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                Node v = t.getValueNode();
                return v instanceof ScalarNode s ? (s.getTag().equals(Tag.NULL) ? null : s.getValue())
                        : v instanceof MappingNode ? v : null;
            }
        }
        return null;
    }

    /** Opens the database and checks it holds at least one run. */
    AuditHistory open() {
        Path file = file();
        if (database == null && !file.isAbsolute() && !Files.isRegularFile(file)) {
            // history.database is relative to the folder the audit runs in, not to the configuration
            throw new InputError("no history database at " + file.toAbsolutePath() + " (history.database '" + file
                    + "' is relative to the folder the audit runs in): run this command there, or pass "
                    + "--database FILE");
        }
        try {
            AuditHistory history = AuditHistory.openForReading(file);
            if (history.runs().count() == 0) {
                throw new InputError(file + ": no audit runs recorded yet");
            }
            return history;
        } catch (HistoryException e) {
            throw new InputError(e.getMessage());
        }
    }
}
