package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.Severity;

/** The runs: their start, status from RUNNING to how they ended, restarts, and retention. */
class RunStoreTest extends HistoryDatabaseTest {

    private RunStore runs() {
        return history.runs();
    }

    @Test
    void aStartedRunIsRunningWithItsSettingsAndProcess() {
        Instant before = Instant.now();
        long id = runs().start("1.2.3", "cfg", "baseline@1", new FailurePolicy(Severity.HIGH, true), 7L);
        AuditRun run = runs().run(id).orElseThrow();
        assertThat(run.id()).isEqualTo(id);
        assertThat(run.status()).isEqualTo(AuditRun.RUNNING);
        assertThat(run.toolVersion()).isEqualTo("1.2.3");
        assertThat(run.configHash()).isEqualTo("cfg");
        assertThat(run.rulePacks()).isEqualTo("baseline@1");
        assertThat(run.failOn()).isEqualTo("high");
        assertThat(run.replayOf()).isEqualTo(7L);
        assertThat(run.failOnNew()).isTrue();
        assertThat(run.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(run.host()).isNotBlank();
        assertThat(run.startedAt()).isBetween(before, Instant.now());
        assertThat(run.finishedAt()).isNull();
        assertThat(run.exitCode()).isNull();
        assertThat(run.restarts()).isZero();

        AuditRun live = runs().run(runs().start("1.2.3", "cfg", "baseline@1", "none")).orElseThrow();
        assertThat(live.replayOf()).isNull();
        assertThat(live.failOnNew()).isFalse();
        assertThat(live.failOn()).isEqualTo("none");
    }

    @Test
    void aRunThatDoesNotExistIsEmpty() {
        assertThat(runs().run(42)).isEmpty();
        assertThat(runs().count()).isZero();
        assertThat(runs().latest(10)).isEmpty();
    }

    @Test
    void finishingRecordsStatusReportAndExitCode() {
        long id = runs().start("v", "c", "p", "high");
        runs().finish(id, AuditRun.FAILED, "/reports/1", 3);
        AuditRun run = runs().run(id).orElseThrow();
        assertThat(run.status()).isEqualTo(AuditRun.FAILED);
        assertThat(run.reportDir()).isEqualTo("/reports/1");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.finishedAt()).isNotNull();

        runs().setReportDir(id, "/elsewhere");
        assertThat(runs().run(id).orElseThrow().reportDir()).isEqualTo("/elsewhere");
    }

    @Test
    void aReopenedRunIsRunningAgainAndCountsTheRestart() {
        long id = runs().start("v", "c", "p", "high");
        runs().finish(id, AuditRun.FAILED, "/r", 3);
        runs().reopen(id);
        runs().reopen(id);
        AuditRun run = runs().run(id).orElseThrow();
        assertThat(run.status()).isEqualTo(AuditRun.RUNNING);
        assertThat(run.finishedAt()).isNull();
        assertThat(run.exitCode()).isNull();
        assertThat(run.reportDir()).isEqualTo("/r");
        assertThat(run.restarts()).isEqualTo(2);
    }

    @Test
    void onlyRunningRunsAreMarkedAbandoned() {
        long done = runs().start("v", "c", "p", "high");
        runs().finish(done, AuditRun.COMPLETED, null, 0);
        long left1 = runs().start("v", "c", "p", "high");
        long left2 = runs().start("v", "c", "p", "high");
        assertThat(runs().markAbandoned()).containsExactly(left1, left2);
        assertThat(runs().run(left1).orElseThrow().status()).isEqualTo(AuditRun.ABANDONED);
        assertThat(runs().run(left2).orElseThrow().finishedAt()).isNotNull();
        assertThat(runs().run(done).orElseThrow().status()).isEqualTo(AuditRun.COMPLETED);
        assertThat(runs().markAbandoned()).isEmpty();
    }

    @Test
    void onlyARunningRunIsMarkedInterrupted() throws Exception {
        long running = runs().start("v", "c", "p", "high");
        long failed = runs().start("v", "c", "p", "high");
        runs().finish(failed, AuditRun.FAILED, null, 3);
        // a connection of its own, as the stop signal's hook opens one
        try (Connection c = jdbc.getDataSource().getConnection()) {
            assertThat(RunStore.markInterrupted(c, running, 2)).isTrue();
            assertThat(RunStore.markInterrupted(c, running, 2)).isFalse();
            assertThat(RunStore.markInterrupted(c, failed, 2)).isFalse();
        }
        assertThat(runs().run(running).orElseThrow().status()).isEqualTo(AuditRun.INTERRUPTED);
        assertThat(runs().run(running).orElseThrow().finishedAt()).isNotNull();
        assertThat(runs().run(failed).orElseThrow().status()).isEqualTo(AuditRun.FAILED);
    }

    @Test
    void latestListsNewestFirstUpToTheLimit() {
        long a = runs().start("v", "c", "p", "high");
        long b = runs().start("v", "c", "p", "high");
        long c = runs().start("v", "c", "p", "high");
        assertThat(runs().latest(2)).extracting(AuditRun::id).containsExactly(c, b);
        assertThat(runs().latest(5)).extracting(AuditRun::id).containsExactly(c, b, a);
        assertThat(runs().count()).isEqualTo(3);
    }

    @Test
    void completingARunAppliesRetentionToTheCompletedRunsBeforeIt() {
        long[] ids = new long[4];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = audit(snapshot("prod", List.of("u" + i + "@pve")),
                    evaluation("prod", List.of("R1"), finding("prod", "R1", Severity.HIGH, "u" + i + "@pve")));
        }
        long current = runs().start("v", "c", "p", "high");
        assertThat(runs().complete(current, "/r", 1, new Retention(2, null))).containsExactly(ids[0], ids[1], ids[2]);
        assertThat(runs().latest(10)).extracting(AuditRun::id).containsExactly(current, ids[3]);
        AuditRun completed = runs().run(current).orElseThrow();
        assertThat(completed.status()).isEqualTo(AuditRun.COMPLETED);
        assertThat(completed.exitCode()).isEqualTo(1);
        assertThat(completed.reportDir()).isEqualTo("/r");
        for (String table : List.of("finding", "rule_outcome", "run_cluster", "run_access", "run_finding_digest",
                "resolved_finding")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE run_id < ?", Integer.class,
                    ids[3])).as(table).isZero();
        }
        // facts only the pruned runs saw are gone, those of the run kept stay
        assertThat(jdbc.queryForList("SELECT object_key FROM access_fact", String.class))
                .contains("u3@pve").doesNotContain("u0@pve", "u1@pve", "u2@pve");
    }

    @Test
    void retentionKeepsRunningRunsTheCurrentRunAndEverythingWithoutLimits() {
        long running = runs().start("v", "c", "p", "high");
        long done = runs().start("v", "c", "p", "high");
        runs().finish(done, AuditRun.COMPLETED, null, 0);
        long failed = runs().start("v", "c", "p", "high");
        runs().finish(failed, AuditRun.FAILED, null, 3);
        long current = runs().start("v", "c", "p", "high");
        assertThat(runs().prune(current, Retention.FOREVER, Instant.now())).isEmpty();
        assertThat(runs().prune(current, null, Instant.now())).isEmpty();
        // keep one completed run: the failed run after it is newer, so it stays too
        assertThat(runs().prune(current, new Retention(1, null), Instant.now())).isEmpty();
        assertThat(runs().prune(current, new Retention(0, null), Instant.now())).isEmpty();
        runs().finish(current, AuditRun.COMPLETED, null, 0);
        long next = runs().start("v", "c", "p", "high");
        assertThat(runs().prune(next, new Retention(1, null), Instant.now())).containsExactly(done, failed);
        assertThat(runs().latest(10)).extracting(AuditRun::id).containsExactly(next, current, running);
    }

    @Test
    void retentionByDaysKeepsTheRunsOfTheLastDays() {
        long old = runs().start("v", "c", "p", "high");
        runs().finish(old, AuditRun.COMPLETED, null, 0);
        long recent = runs().start("v", "c", "p", "high");
        runs().finish(recent, AuditRun.COMPLETED, null, 0);
        jdbc.update("UPDATE audit_run SET started_at = ? WHERE id = ?",
                Instant.now().minus(Duration.ofDays(10)).toString(), old);
        long current = runs().start("v", "c", "p", "high");
        assertThat(runs().prune(current, new Retention(null, 30), Instant.now())).isEmpty();
        assertThat(runs().prune(current, new Retention(null, 5), Instant.now())).containsExactly(old);
        assertThat(runs().latest(10)).extracting(AuditRun::id).containsExactly(current, recent);
    }

    @Test
    void retentionByRunsOrDaysKeepsWhicheverKeepsMore() {
        long old = runs().start("v", "c", "p", "high");
        runs().finish(old, AuditRun.COMPLETED, null, 0);
        jdbc.update("UPDATE audit_run SET started_at = ? WHERE id = ?",
                Instant.now().minus(Duration.ofDays(10)).toString(), old);
        long current = runs().start("v", "c", "p", "high");
        // one run kept by count is the old one itself
        assertThat(runs().prune(current, new Retention(1, 5), Instant.now())).isEmpty();
    }

    @Test
    void pruningDeletesTheRunsSpringBatchMetadata() {
        long old = runs().start("v", "c", "p", "high");
        runs().finish(old, AuditRun.COMPLETED, null, 0);
        long kept = runs().start("v", "c", "p", "high");
        runs().finish(kept, AuditRun.COMPLETED, null, 0);
        batchExecution(1, old);
        batchExecution(2, kept);
        long current = runs().start("v", "c", "p", "high");
        assertThat(runs().prune(current, new Retention(1, null), Instant.now())).containsExactly(old);
        for (String table : List.of("BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "BATCH_JOB_EXECUTION_PARAMS",
                "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT")) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class)).as(table).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE", Long.class)).isEqualTo(2);
    }

    /** A Spring Batch job instance with one execution, one step and their contexts, for a run. */
    private void batchExecution(long n, long runId) {
        jdbc.update("INSERT INTO BATCH_JOB_INSTANCE(JOB_INSTANCE_ID, VERSION, JOB_NAME, JOB_KEY) VALUES (?, 0, 'audit', ?)",
                n, "key" + n);
        jdbc.update("INSERT INTO BATCH_JOB_EXECUTION(JOB_EXECUTION_ID, VERSION, JOB_INSTANCE_ID, CREATE_TIME) "
                + "VALUES (?, 0, ?, '2026-01-01')", n, n);
        jdbc.update("INSERT INTO BATCH_JOB_EXECUTION_PARAMS(JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, "
                + "PARAMETER_VALUE, IDENTIFYING) VALUES (?, 'runId', 'java.lang.Long', ?, 'Y')", n, String.valueOf(runId));
        jdbc.update("INSERT INTO BATCH_JOB_EXECUTION_CONTEXT(JOB_EXECUTION_ID, SHORT_CONTEXT) VALUES (?, '{}')", n);
        jdbc.update("INSERT INTO BATCH_STEP_EXECUTION(STEP_EXECUTION_ID, VERSION, STEP_NAME, JOB_EXECUTION_ID, "
                + "CREATE_TIME) VALUES (?, 0, 'collect', ?, '2026-01-01')", n, n);
        jdbc.update("INSERT INTO BATCH_STEP_EXECUTION_CONTEXT(STEP_EXECUTION_ID, SHORT_CONTEXT) VALUES (?, '{}')", n);
    }
}
