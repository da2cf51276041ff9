package org.pveaudit.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.HistoryStorageException;

/**
 * The run lock: at most one audit writes a history database at a time. It is an OS file lock
 * ({@link FileChannel#tryLock}) on {@code <database>.lock}, which the operating system releases when
 * the holding process ends in any way, {@code kill -9} included, so a crashed run can never leave a
 * stale lock behind and no pid-liveness guess (with its pid-reuse and other-host traps) is needed.
 * The file's text (pid and start time of the holder) only serves the message of the run that is
 * turned away. The locked region lies far beyond the text, so the text stays readable on systems
 * with mandatory locks (Windows). The file itself is never deleted: deleting a lock file lets two
 * processes lock two different files.
 */
public final class RunLock implements HeldRunLock {

    /** The locked byte: far past the holder text. */
    private static final long REGION = 1L << 40;

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The lock file of a history database: {@code <file>.lock} beside a SQLite file; for another JDBC
     * URL a file named after the URL's hash in the temporary folder (which then guards one host only).
     */
    public static Path fileFor(HistoryConfig history) {
        Path db = history.file();
        if (db != null) {
            Path abs = db.toAbsolutePath();
            return abs.resolveSibling(abs.getFileName() + ".lock");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(history.database().getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "pve-audit-" + HexFormat.of().formatHex(hash, 0, 8)
                    + ".lock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the run lock of a history: the lock file of a SQLite file, PostgreSQL's advisory lock for a shared
     * history (which guards every host that uses it). Same behaviour and messages either way.
     */
    public static HeldRunLock acquire(HistoryConfig history, boolean wait, Consumer<String> waiting) {
        if (history.dialect().shared()) {
            return AdvisoryRunLock.acquire(history.connection(), wait, waiting);
        }
        return acquire(fileFor(history), wait, waiting);
    }

    /**
     * Takes the lock, or throws {@link RunLockedException} when another process holds it; with
     * {@code wait}, tells {@code waiting} once who holds it and waits until it is released.
     */
    public static RunLock acquire(Path file, boolean wait, Consumer<String> waiting) {
        return waitFor(() -> tryAcquire(file), () -> holder(file), wait, waiting);
    }

    /**
     * The waiting of either lock: {@code attempt} until it takes the lock (null while another holds it), naming
     * {@code holder} once to {@code waiting}; without {@code wait}, the first refusal is the answer.
     */
    static <L> L waitFor(Supplier<L> attempt, Supplier<String> holder, boolean wait, Consumer<String> waiting) {
        boolean told = false;
        while (true) {
            L lock = attempt.get();
            if (lock != null) {
                return lock;
            }
            String who = holder.get();
            if (!wait) {
                throw new RunLockedException("another audit is running (" + who + ")");
            }
            if (!told) {
                waiting.accept("waiting for another audit to finish (" + who + ")");
                told = true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunLockedException("interrupted while waiting for another audit (" + who + ")");
            }
        }
    }

    /** Takes the lock and records this process as the holder, or returns null when it is held. */
    static RunLock tryAcquire(Path file) {
        FileChannel channel = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(REGION, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process (another run in the same JVM)
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started at "
                    + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            // the history's folder cannot be written (read-only, full, not ours): a storage failure, exit 3
            throw new HistoryStorageException("cannot use the run lock " + file + ": " + Cause.of(e), e);
        }
    }

    /** "pid N, started at T" as the holder wrote it (briefly empty while the holder is still writing it). */
    private static String holder(Path file) {
        for (int i = 0; i < 40; i++) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    return text;
                }
                Thread.sleep(25);
            } catch (IOException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "holder unknown, lock file " + file;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        }
    }

    /** Another process holds the run lock. */
    public static final class RunLockedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public RunLockedException(String message) {
            super(message);
        }
    }
}
