package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.PostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run lock of a history in PostgreSQL: one holder, the holder named, released however its session ends. */
class AdvisoryRunLockTest {

    private static final HistoryConnection PG = PostgresServer.newDatabase();
    private static final HistoryConfig HISTORY = new HistoryConfig(PG.url(), null, null, PG.username(), null, null);

    @Test
    void aSecondAuditIsTurnedAwayNamingTheHolderAsTheLockFileDoes() {
        try (HeldRunLock held = RunLock.acquire(HISTORY, false, s -> { })) {
            assertThat(held).isInstanceOf(AdvisoryRunLock.class);
            assertThat(AdvisoryRunLock.tryAcquire(PG)).isNull();
            assertThatThrownBy(() -> RunLock.acquire(HISTORY, false, s -> { }))
                    .isInstanceOf(RunLock.RunLockedException.class)
                    .hasMessageMatching("another audit is running \\(pid " + ProcessHandle.current().pid()
                            + ", started at \\d{4}-\\d\\d-\\d\\dT.*Z\\)");
        }
        try (HeldRunLock again = RunLock.acquire(HISTORY, false, s -> { })) {
            assertThat(again).as("released by close").isNotNull();
        }
    }

    @Test
    void aLockWhoseSessionEndsIsReleasedAsAKilledProcessReleasesIt() {
        HeldRunLock held = RunLock.acquire(HISTORY, false, s -> { });
        JdbcTemplate admin = new JdbcTemplate(PostgresServer.dataSource(PG));
        // what a kill -9 or a lost host does to the holder: its session ends without an unlock
        admin.queryForList("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = ?",
                Boolean.class, AdvisoryRunLock.KEY);
        try (HeldRunLock next = RunLock.acquire(HISTORY, false, s -> { })) {
            assertThat(next).isNotNull();
        }
        held.close(); // on a dead session: nothing to release, and no error
    }

    @Test
    void waitingTellsOnceWhoHoldsItAndGetsItWhenReleased() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        HeldRunLock held = RunLock.acquire(HISTORY, false, s -> { });
        CompletableFuture<HeldRunLock> waiter = CompletableFuture.supplyAsync(() -> RunLock.acquire(HISTORY, true,
                told::add));
        Thread.sleep(800);
        assertThat(waiter).isNotDone();
        held.close();
        try (HeldRunLock got = waiter.get(10, TimeUnit.SECONDS)) {
            assertThat(got).isNotNull();
        }
        assertThat(told).singleElement().asString()
                .startsWith("waiting for another audit to finish (pid " + ProcessHandle.current().pid() + ", started at ");
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAStorageFailureInOneLineWithoutThePassword() {
        // port 1 on loopback: nothing listens there
        HistoryConfig down = new HistoryConfig("jdbc:postgresql://127.0.0.1:1/pveaudit?connectTimeout=2", null, null,
                "audit", "hunter2", null);
        assertThatThrownBy(() -> RunLock.acquire(down, false, s -> { }))
                .isInstanceOf(org.pveaudit.history.HistoryStorageException.class)
                .hasMessageStartingWith("cannot take the run lock in jdbc:postgresql://127.0.0.1:1/pveaudit: ")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("\n");
    }
}
