package org.pveaudit.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.pveaudit.failure.Cause;
import org.sqlite.SQLiteException;

/**
 * The history database as a file on a disk: checks before a run that it is a SQLite database this process
 * may write, and tells a storage failure (disk full, read-only, corrupt, locked, I/O error) from any other
 * failure, in plain words. The check reads only the file's header before it opens it, so a file that is no
 * database at all is left exactly as it is.
 */
public final class HistoryStorage {

    /** The first 16 bytes of every SQLite 3 database file. */
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private HistoryStorage() {
    }

    /**
     * Throws {@link HistoryStorageException} unless {@code file} is missing (the run creates it) or a SQLite
     * database that {@code jdbcUrl} opens for writing.
     */
    public static void checkWritable(Path file, String jdbcUrl) {
        if (!Files.exists(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new HistoryStorageException(where(file) + ": is a directory, not a database file", null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(HEADER.length);
            if (head.length > 0 && !Arrays.equals(head, HEADER)) {
                throw new HistoryStorageException(where(file) + ": " + NOT_A_DATABASE, null);
            }
        } catch (IOException e) {
            throw new HistoryStorageException(where(file) + ": cannot read: " + Cause.of(e), e);
        }
        // a write, rolled back at once: a read-only file, folder, file system or URL shows here, before a run row
        // is written (we hold the run lock, so no other audit is writing). The lock alone is not enough: SQLite
        // grants BEGIN IMMEDIATE on a connection it opened read-only, and only the first write fails.
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try (var version = s.executeQuery("PRAGMA user_version")) {
                int current = version.next() ? version.getInt(1) : 0;
                s.execute("PRAGMA user_version = " + current);
            }
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            HistoryStorageException failure = failure(file.toString(), e);
            throw failure != null ? failure
                    : new HistoryStorageException(where(file) + ": cannot open: " + Cause.of(e), e);
        }
    }

    private static final String NOT_A_DATABASE = "not a SQLite database (the file is damaged, or history.database "
            + "names another file); it was left as it is";

    /**
     * The failure as one line naming the database ({@code history database /var/lib/pve-audit/pve-audit.db: no
     * space left on device}) when it is a storage failure of SQLite, else null.
     *
     * @param database the file, or a description of the database when it is no file
     */
    public static HistoryStorageException failure(String database, Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof HistoryStorageException known) {
                return known;
            }
            if (t instanceof SQLiteException sqlite) {
                String reason = reason(sqlite.getResultCode().code & 0xFF);
                if (reason != null) {
                    return new HistoryStorageException("history database " + database + ": " + reason, e);
                }
            }
        }
        return null;
    }

    /** What a primary SQLite result code means for the operator, or null when it is no storage failure. */
    private static String reason(int code) {
        return switch (code) {
            case 13 -> "no space left on device"; // SQLITE_FULL
            case 8 -> "read-only (the file, its folder or its file system does not allow writing)"; // SQLITE_READONLY
            case 26 -> NOT_A_DATABASE; // SQLITE_NOTADB
            case 11 -> "the database file is damaged; it was left as it is (restore it from a backup, or move it "
                    + "away to start a new history)"; // SQLITE_CORRUPT
            case 10 -> "input/output error"; // SQLITE_IOERR
            case 14 -> "cannot open the file (its folder is missing, or it cannot be read or written)"; // CANTOPEN
            case 5, 6 -> "locked by another program"; // SQLITE_BUSY, SQLITE_LOCKED
            case 3, 23 -> "permission denied"; // SQLITE_PERM, SQLITE_AUTH
            default -> null;
        };
    }

    private static String where(Path file) {
        return "history database " + file;
    }
}
