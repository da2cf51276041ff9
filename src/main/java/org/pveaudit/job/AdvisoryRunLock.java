package org.pveaudit.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.function.Consumer;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.HistoryStorageException;

/**
 * The run lock of a history in PostgreSQL: a session-level advisory lock on {@link #KEY}, held by a connection
 * of its own for the whole run. PostgreSQL releases it when that session ends in any way (the process killed,
 * the host gone and its connection dropped), so no stale lock can outlive a run, and it guards every host that
 * writes the shared history, where a lock file guards one. The holder is named through the session's
 * application_name, which other sessions read in pg_stat_activity: the same "pid N, started at T" a lock
 * file says.
 */
final class AdvisoryRunLock implements HeldRunLock {

    /** The advisory lock key: "pvea" in ASCII. Fixed, so every pve-audit version takes the same lock. */
    static final long KEY = 0x70766561L;

    private final Connection session;

    private AdvisoryRunLock(Connection session) {
        this.session = session;
    }

    /** Takes the lock, or throws {@link RunLock.RunLockedException}; with {@code wait}, waits as a lock file's does. */
    static AdvisoryRunLock acquire(HistoryConnection target, boolean wait, Consumer<String> waiting) {
        return RunLock.waitFor(() -> tryAcquire(target), () -> holder(target), wait, waiting);
    }

    /** Takes the lock on a new session of its own, or returns null when another session holds it. */
    static AdvisoryRunLock tryAcquire(HistoryConnection target) {
        Connection c = null;
        try {
            c = target.connect();
            try (Statement s = c.createStatement()) {
                s.execute("SET application_name = 'pve-audit: pid " + ProcessHandle.current().pid()
                        + ", started at " + Instant.now() + "'");
            }
            boolean taken;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    taken = rs.getBoolean(1);
                }
            }
            if (!taken) {
                c.close();
                return null;
            }
            return new AdvisoryRunLock(c);
        } catch (SQLException e) {
            close(c);
            throw new HistoryStorageException("cannot take the run lock in " + target.describe() + ": " + Cause.of(e),
                    e);
        }
    }

    /** "pid N, started at T" as the holder's session names itself (it may end just as we ask). */
    private static String holder(HistoryConnection target) {
        // an advisory lock on one bigint key shows in pg_locks as classid (high half) and objid (low half)
        String sql = "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.objsubid = 1";
        try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, KEY >>> 32);
            ps.setLong(2, KEY & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null && rs.getString(1).startsWith("pve-audit: ")) {
                    return rs.getString(1).substring("pve-audit: ".length());
                }
            }
        } catch (SQLException e) {
            // the message goes on without the holder's name
        }
        return "holder unknown, advisory lock " + KEY + " in " + target.describe();
    }

    @Override
    public void close() {
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, KEY);
            ps.execute();
        } catch (SQLException e) {
            // closing the session releases the lock in any case
        }
        close(session);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // nothing held on it any more
            }
        }
    }
}
