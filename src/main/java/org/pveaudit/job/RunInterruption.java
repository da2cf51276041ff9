package org.pveaudit.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.RunStore;

/**
 * Marks a run INTERRUPTED when its process is stopped before the run ends (SIGTERM from {@code systemctl stop}
 * or {@code kill}, Ctrl-C), so {@code audit --restart} picks it up at once, without waiting for the next run to
 * find it ABANDONED. It is a JVM shutdown hook, registered for the duration of one run and removed after it.
 * The hook is quick: one UPDATE on a connection of its own, waiting at most {@link #BUSY} for SQLite's write
 * lock or PostgreSQL's row lock (held when the signal comes inside a step's transaction, which dies with the
 * process: the run then stays RUNNING, and the next audit marks it ABANDONED). The run lock (an OS file lock, or
 * PostgreSQL's advisory lock of a session of its own) is released by the exit itself. The JVM exits 143 after
 * SIGTERM and 130 after Ctrl-C (SIGINT), as shells count.
 */
final class RunInterruption implements AutoCloseable {

    /** How long the hook waits for SQLite's write lock: a stop must not hang on it. */
    static final int BUSY = 2;

    private final HistoryConfig history;
    private final long runId;
    private final Duration grace;
    private final Consumer<String> notice;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;

    private RunInterruption(HistoryConfig history, long runId, Duration grace, Consumer<String> notice) {
        this.history = history;
        this.runId = runId;
        this.grace = grace;
        this.notice = notice;
        this.hook = new Thread(this::stopped, "run-" + runId + "-interrupted");
    }

    /**
     * Registers the hook for a run.
     *
     * @param grace how long the run may go on after the signal before it is marked (zero: at once)
     */
    static RunInterruption register(HistoryConfig history, long runId, Duration grace, Consumer<String> notice) {
        RunInterruption interruption = new RunInterruption(history, runId, grace, notice);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    private void stopped() {
        try {
            if (ended.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return; // the run ended and recorded how
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection c = connect()) {
            if (RunStore.markInterrupted(c, runId, BUSY)) {
                notice.accept("stopped: run " + runId + " is marked INTERRUPTED (pve-audit audit --restart " + runId
                        + " resumes it)");
            }
        } catch (SQLException | RuntimeException e) {
            notice.accept("stopped: run " + runId + " could not be marked INTERRUPTED (" + Cause.of(e)
                    + "); the next audit marks it ABANDONED (pve-audit audit --restart " + runId + " resumes it)");
        }
    }

    private Connection connect() throws SQLException {
        // not the run's pool, which may be busy or closing: a connection of our own, waiting briefly for locks
        return history.dialect().connectBriefly(history.connection(), Duration.ofSeconds(BUSY));
    }

    /** The run recorded how it ended (or gave up): from now on a stop signal leaves it as it is. */
    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it sees the run ended and does nothing
        }
    }
}
