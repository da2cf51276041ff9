package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.history.HistoryStorageException;

/**
 * The run lock on a history database: one holder at a time, the holder named to whoever is turned away, and
 * the lock free again as soon as its holder ends, however it ends (a lock file left behind is no lock).
 */
class RunLockTest {

    @TempDir
    Path dir;

    private static final String SELF = "pid " + ProcessHandle.current().pid() + ", started at ";

    @Test
    void theLockFileLiesBesideASqliteFileOrInTheTemporaryFolderForAUrl() {
        Path db = dir.resolve("audit.db");

        assertThat(RunLock.fileFor(new HistoryConfig(db.toString(), null, null)))
                .isEqualTo(dir.resolve("audit.db.lock"));
        assertThat(RunLock.fileFor(new HistoryConfig("jdbc:sqlite:" + db + "?journal_mode=WAL", null, null)))
                .isEqualTo(dir.resolve("audit.db.lock"));
        Path url = RunLock.fileFor(new HistoryConfig("jdbc:postgresql://db/audit", null, null));
        assertThat(url.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(url.getFileName().toString()).matches("pve-audit-[0-9a-f]{16}\\.lock");
        assertThat(RunLock.fileFor(new HistoryConfig("jdbc:postgresql://db/other", null, null))).isNotEqualTo(url);
    }

    @Test
    void aSecondLockOnTheSameHistoryIsRefusedNamingTheHolder() throws Exception {
        Path file = dir.resolve("history.db.lock");
        try (RunLock first = RunLock.acquire(file, false, m -> { })) {
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith(SELF);

            assertThatThrownBy(() -> RunLock.acquire(file, false, m -> { }))
                    .isInstanceOf(RunLock.RunLockedException.class)
                    .hasMessageStartingWith("another audit is running (" + SELF);
        }
        // released: the next run gets it, and the file stays (deleting it would let two runs lock two files)
        try (RunLock again = RunLock.acquire(file, false, m -> { })) {
            assertThat(file).exists();
        }
    }

    @Test
    void aWaitingRunSaysOnceWhoHoldsTheLockAndGetsItWhenReleased() {
        Path file = dir.resolve("history.db.lock");
        RunLock holder = RunLock.acquire(file, false, m -> { });
        List<String> told = new ArrayList<>();

        // the holder finishes as soon as the waiting run has said it waits
        try (RunLock waited = RunLock.acquire(file, true, m -> {
            told.add(m);
            holder.close();
        })) {
            assertThat(waited).isNotNull();
        }
        assertThat(told).singleElement().asString().startsWith("waiting for another audit to finish (" + SELF);
    }

    @Test
    void theLockFileOfARunThatDiedIsNoLock() throws Exception {
        Path file = dir.resolve("history.db.lock");
        Files.writeString(file, "pid 2147483646, started at 2020-01-01T00:00:00Z\n");

        try (RunLock lock = RunLock.acquire(file, false, m -> { })) {
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith(SELF).endsWith("\n")
                    .doesNotContain("2147483646");
        }
    }

    @Test
    void aLockHeldByAnotherProcessIsRefusedAndFreeOnceThatProcessIsKilled() throws Exception {
        Path file = dir.resolve("history.db.lock");
        Path ready = dir.resolve("ready");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString(), ready.toString())
                .redirectErrorStream(true).start();
        try {
            // the other process says when it holds the lock; no timing is assumed
            while (!Files.exists(ready)) {
                assertThat(other.isAlive()).as("lock holder process running").isTrue();
                Thread.sleep(20);
            }
            assertThatThrownBy(() -> RunLock.acquire(file, false, m -> { }))
                    .isInstanceOf(RunLock.RunLockedException.class)
                    .hasMessageContaining("pid " + other.pid() + ", started at ");
        } finally {
            other.destroyForcibly();
            other.waitFor(1, TimeUnit.MINUTES);
        }
        // killed without a chance to clean up; the operating system released its lock, its text is still there
        assertThat(Files.readString(file)).startsWith("pid " + other.pid());
        try (RunLock lock = RunLock.acquire(file, false, m -> { })) {
            assertThat(Files.readString(file)).startsWith(SELF);
        }
    }

    @Test
    void aLockThatCannotBeCreatedIsAStorageFailureNamingTheFile() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notAFolder.resolve("history.db.lock");

        assertThatThrownBy(() -> RunLock.acquire(file, false, m -> { }))
                .isInstanceOf(HistoryStorageException.class)
                .hasMessageStartingWith("cannot use the run lock " + file + ": ");
    }

    /** The other process of {@link #aLockHeldByAnotherProcessIsRefusedAndFreeOnceThatProcessIsKilled}. */
    static final class LockHolder {

        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(Path.of(args[0]), false, m -> { });
            Files.writeString(Path.of(args[1]), "locked");
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            lock.close();
        }
    }
}
