package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The history file checked before a run, and storage failures told apart from every other failure. */
class HistoryStorageTest {

    @TempDir
    Path dir;

    private static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    @Test
    void aMissingFileIsFineTheRunCreatesIt() {
        Path file = dir.resolve("new.db");
        assertThatCode(() -> HistoryStorage.checkWritable(file, url(file))).doesNotThrowAnyException();
        assertThat(file).doesNotExist();
    }

    @Test
    void aSqliteDatabaseOrAnEmptyFileCanBeWritten() throws Exception {
        Path db = dir.resolve("history.db");
        try (var c = DriverManager.getConnection(url(db))) {
            c.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        assertThatCode(() -> HistoryStorage.checkWritable(db, url(db))).doesNotThrowAnyException();
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThatCode(() -> HistoryStorage.checkWritable(empty, url(empty))).doesNotThrowAnyException();
    }

    @Test
    void aDirectoryIsNoDatabaseFile() {
        assertThatThrownBy(() -> HistoryStorage.checkWritable(dir, url(dir)))
                .isInstanceOf(HistoryStorageException.class)
                .hasMessage("history database " + dir + ": is a directory, not a database file");
    }

    @Test
    void anotherFileIsNoDatabaseAndIsLeftAsItIs() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.db"), "dear diary, today I audited nothing");
        assertThatThrownBy(() -> HistoryStorage.checkWritable(notes, url(notes)))
                .isInstanceOf(HistoryStorageException.class)
                .hasMessage("history database " + notes + ": not a SQLite database (the file is damaged, or "
                        + "history.database names another file); it was left as it is");
        assertThat(Files.readString(notes)).isEqualTo("dear diary, today I audited nothing");
    }

    @Test
    void aUrlThatCannotBeOpenedIsSaid() throws Exception {
        Path db = dir.resolve("history.db");
        try (var c = DriverManager.getConnection(url(db))) {
            c.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        assertThatThrownBy(() -> HistoryStorage.checkWritable(db, "jdbc:nothing:" + db))
                .isInstanceOf(HistoryStorageException.class)
                .hasMessageStartingWith("history database " + db + ": cannot open: ");
    }

    /**
     * The promise of {@link HistoryStorage#checkWritable}: a database this process cannot write is refused before
     * a run row is written. Taking the write lock is not enough to know: SQLite grants {@code BEGIN IMMEDIATE} on
     * a connection it opened read-only (a read-only URL, or a file of mode 0444 owned by another user, which
     * SQLite silently opens read-only), so the check writes and rolls back.
     */
    @Test
    void aDatabaseThatCanOnlyBeReadIsRefusedBeforeTheRun() throws Exception {
        Path db = dir.resolve("history.db");
        try (var c = DriverManager.getConnection(url(db))) {
            c.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        assertThatThrownBy(() -> HistoryStorage.checkWritable(db, url(db) + "?open_mode=1"))
                .isInstanceOf(HistoryStorageException.class)
                .hasMessage("history database " + db
                        + ": read-only (the file, its folder or its file system does not allow writing)");
    }

    @Test
    void aDatabaseAnotherProgramIsWritingIsSaidToBeLocked() throws Exception {
        Path db = dir.resolve("history.db");
        try (var c = DriverManager.getConnection(url(db))) {
            c.createStatement().execute("CREATE TABLE t (x INTEGER)");
            c.createStatement().execute("BEGIN IMMEDIATE");
            assertThatThrownBy(() -> HistoryStorage.checkWritable(db, url(db) + "?busy_timeout=0"))
                    .isInstanceOf(HistoryStorageException.class)
                    .hasMessage("history database " + db + ": locked by another program");
        }
    }

    @Test
    void aFileShorterThanTheSqliteHeaderIsNoDatabase() throws Exception {
        Path stub = Files.writeString(dir.resolve("stub.db"), "SQLite format");
        assertThatThrownBy(() -> HistoryStorage.checkWritable(stub, url(stub)))
                .isInstanceOf(HistoryStorageException.class)
                .hasMessageContaining(": not a SQLite database");
        assertThat(Files.readString(stub)).isEqualTo("SQLite format");
    }

    @Test
    void storageFailuresOfSqliteAreSaidInPlainWords() {
        assertThat(HistoryStorage.failure("/var/h.db", sqlite(SQLiteErrorCode.SQLITE_FULL)))
                .hasMessage("history database /var/h.db: no space left on device");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_READONLY)).getMessage())
                .endsWith(": read-only (the file, its folder or its file system does not allow writing)");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_NOTADB)).getMessage())
                .contains("not a SQLite database");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_CORRUPT)).getMessage())
                .contains("the database file is damaged");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_IOERR)).getMessage())
                .endsWith("input/output error");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_CANTOPEN)).getMessage())
                .contains("cannot open the file");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_BUSY)).getMessage())
                .endsWith("locked by another program");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_LOCKED)).getMessage())
                .endsWith("locked by another program");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_PERM)).getMessage())
                .endsWith("permission denied");
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_AUTH)).getMessage())
                .endsWith("permission denied");
        // extended result codes count by their primary code
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_IOERR_WRITE)).getMessage())
                .endsWith("input/output error");
    }

    @Test
    void aStorageFailureIsFoundAmongTheCausesAndKeepsThem() {
        SQLiteException full = sqlite(SQLiteErrorCode.SQLITE_FULL);
        RuntimeException wrapped = new RuntimeException("step failed", new IllegalStateException(full));
        HistoryStorageException failure = HistoryStorage.failure("h", wrapped);
        assertThat(failure).hasMessage("history database h: no space left on device");
        assertThat(failure.getCause()).isSameAs(wrapped);
        HistoryStorageException known = new HistoryStorageException("said before", null);
        assertThat(HistoryStorage.failure("h", new RuntimeException(known))).isSameAs(known);
    }

    @Test
    void anyOtherFailureIsNoStorageFailure() {
        assertThat(HistoryStorage.failure("h", sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT))).isNull();
        assertThat(HistoryStorage.failure("h", new IllegalStateException("bug"))).isNull();
        assertThat(HistoryStorage.failure("h", null)).isNull();
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertThat(HistoryStorage.failure("h", loop)).isNull();
    }

    private static SQLiteException sqlite(SQLiteErrorCode code) {
        return new SQLiteException(code.message, code);
    }
}
