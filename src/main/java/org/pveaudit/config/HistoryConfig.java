package org.pveaudit.config;

import org.springframework.boot.context.properties.bind.DefaultValue;

/** The history database: a SQLite file by default, or any JDBC URL. */
public record HistoryConfig(@DefaultValue("pve-audit.db") String database) {

    public HistoryConfig {
        database = database == null ? "pve-audit.db" : database;
    }

    /** The JDBC URL; a plain file name becomes a SQLite URL with the settings that keep Batch and SQLite apart. */
    public String jdbcUrl() {
        if (database.startsWith("jdbc:")) {
            return database;
        }
        return "jdbc:sqlite:" + database
                + "?journal_mode=WAL&busy_timeout=30000&transaction_mode=IMMEDIATE&foreign_keys=true";
    }
}
