package org.pveaudit.config;

import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.SqlDialect;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The history database (a SQLite file by default, or a {@code jdbc:postgresql:} URL for a history shared by
 * several hosts) and how much of it to keep: the last {@code keepRuns} completed runs or the runs of the last
 * {@code keepDays} days, whichever keeps more; unset means keep everything. PostgreSQL's login is
 * {@code username} with {@code password-file} or {@code password: ${PGPASSWORD}} (an environment placeholder,
 * never the password itself); {@link #toString()} never shows the password.
 */
public record HistoryConfig(@DefaultValue("pve-audit.db") String database,
                            @Min(value = 1, message = "must be at least 1") Integer keepRuns,
                            @Min(value = 1, message = "must be at least 1") Integer keepDays,
                            String username,
                            String password,
                            String passwordFile) {

    @ConstructorBinding
    public HistoryConfig {
        database = database == null ? "pve-audit.db" : database;
    }

    /** A history of {@code database} with everything else unset. */
    public HistoryConfig(String database, Integer keepRuns, Integer keepDays) {
        this(database, keepRuns, keepDays, null, null, null);
    }

    /** The JDBC URL; a plain file name becomes a SQLite URL with the settings that keep Batch and SQLite apart. */
    public String jdbcUrl() {
        return SqlDialect.jdbcUrl(database);
    }

    /** The dialect of the database: chosen by {@link SqlDialect#of} from the URL, in one place. */
    public SqlDialect dialect() {
        return SqlDialect.of(jdbcUrl());
    }

    /** Where and as whom the commands connect: the password read from {@code password-file} when set. */
    public HistoryConnection connection() {
        Path file = file();
        if (file != null) {
            return HistoryConnection.file(file);
        }
        return new HistoryConnection(jdbcUrl(), username, secret());
    }

    /** The password: from the environment (already resolved) or the first line of {@code password-file}. */
    private String secret() {
        if (passwordFile == null) {
            return password;
        }
        try {
            return Files.readString(Path.of(passwordFile)).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history.password-file " + passwordFile, e);
        }
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

    HistoryConfig resolvedAgainst(Path dir) {
        return new HistoryConfig(database, keepRuns, keepDays, username, password,
                AuditConfig.resolve(dir, passwordFile));
    }

    @Override
    public String toString() {
        return "HistoryConfig[database=" + database + ", keepRuns=" + keepRuns + ", keepDays=" + keepDays
                + ", username=" + username + ", password=" + (password == null ? "null" : "<redacted>")
                + ", passwordFile=" + passwordFile + "]";
    }

    /**
     * Whether a JDBC URL carries a password ({@code ?password=} or {@code &password=}): refused wherever a URL is
     * given, as it would end up in messages, logs and the process list.
     */
    public static boolean carriesPassword(String jdbcUrl) {
        return jdbcUrl.toLowerCase(java.util.Locale.ROOT).matches(".*[?&]password=.*");
    }
}
