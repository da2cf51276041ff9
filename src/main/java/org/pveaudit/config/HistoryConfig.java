package org.pveaudit.config;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The history database (a SQLite file by default, or any JDBC URL) and how much of it to keep:
 * the last {@code keepRuns} completed runs or the runs of the last {@code keepDays} days, whichever
 * keeps more; unset means keep everything.
 */
public record HistoryConfig(@DefaultValue("pve-audit.db") String database,
                            @Min(value = 1, message = "must be at least 1") Integer keepRuns,
                            @Min(value = 1, message = "must be at least 1") Integer keepDays) {

    public HistoryConfig {
        database = database == null ? "pve-audit.db" : database;
    }

    /** The JDBC URL; a plain file name becomes a SQLite URL with the settings that keep Batch and SQLite apart. */
    public String jdbcUrl() {
        if (database.startsWith("jdbc:")) {
            return database;
        }
        return "jdbc:sqlite:" + database
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000&transaction_mode=IMMEDIATE&foreign_keys=true";
    }

    /**
     * The SQLite file, for a plain file name or a {@code jdbc:sqlite:} URL; null for other databases.
     */
    public Path file() {
        String d = database;
        if (d.startsWith("jdbc:sqlite:")) {
            d = d.substring("jdbc:sqlite:".length());
            int q = d.indexOf('?');
            d = q >= 0 ? d.substring(0, q) : d;
            if (d.startsWith("file:")) {
                d = d.substring(5);
            }
            if (d.isEmpty() || d.equals(":memory:")) {
                return null;
            }
        } else if (d.startsWith("jdbc:")) {
            return null;
        }
        return Path.of(d);
    }
}
