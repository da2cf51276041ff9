package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Crash and concurrency safety with real processes: an audit in a separate JVM is stopped at a
 * step by a test hook and killed with SIGKILL or stopped with SIGTERM, or left holding the run lock
 * while a second audit starts; and a failed run is restarted through Spring Batch.
 */
@Tag("e2e")
class RunSafetyTest {

    @TempDir
    Path work;

    /** An audit in its own JVM, paused at {@code point} until the test releases or kills it. */
    final class Child implements AutoCloseable {
        final Process process;
        final Path marker = work.resolve("paused");
        final Path release = work.resolve("release");
        final Path log = work.resolve("child.log");

        Child(HistoryFixture fx, String point) throws IOException {
            Files.deleteIfExists(marker);
            Files.deleteIfExists(release);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", cp, CheckpointMain.class.getName(), point, marker.toString(), release.toString(), "audit",
                    "-c", fx.config.toString()));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        /** Waits until the child reached its pause point (it fails the test if the child ends first). */
        void awaitPause() throws Exception {
            while (!Files.exists(marker) || Files.size(marker) == 0) {
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the child ended with " + process.exitValue() + " before pausing:\n"
                            + Files.readString(log));
                }
            }
        }

        /** SIGTERM, as {@code systemctl stop} sends it; returns the exit code. */
        int terminate() throws InterruptedException {
            process.destroy(); // SIGTERM on Unix
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child ends within a minute of SIGTERM").isTrue();
            return process.exitValue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Unix
            process.waitFor();
        }

        int releaseAndWait() throws Exception {
            Files.writeString(release, "go");
            return process.waitFor();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"collect", "evaluate", "history", "report"})
    void aRunKilledInTheMiddleOfAStepLeavesEarlierHistoryIntactAndTheNextRunWorks(String step) throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        assertThat(fx.audit().exit()).isEqualTo(1);
        List<List<Object>> before = fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id");
        try (Child child = new Child(fx, step)) {
            child.awaitPause();
            assertThat(fx.query("SELECT status FROM audit_run WHERE id = 2")).containsExactly(List.of("RUNNING"));
            child.kill();
        }
        HistoryFixture.Run next = fx.audit();
        assertThat(next.exit()).as(next.out() + next.err()).isEqualTo(1);
        assertThat(next.err()).contains("run 2 was left unfinished by a process that ended; marked ABANDONED");
        assertThat(fx.query("SELECT id, status FROM audit_run ORDER BY id")).containsExactly(
                List.of(1, "COMPLETED"), List.of(2, "ABANDONED"), List.of(3, "COMPLETED"));
        assertThat(fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id")).isEqualTo(before);
        // the killed run is no baseline: run 3 compares with run 1
        assertThat(fx.query("SELECT baseline_run, n_new, n_open, n_resolved FROM run_cluster WHERE run_id = 3"))
                .containsExactly(List.of(1, 0, 15, 0));
        assertThat(fx.query("PRAGMA integrity_check")).containsExactly(List.of("ok"));
        // what the killed run wrote inside the open history transaction never became visible
        if (step.equals("history")) {
            assertThat(fx.queryLong("SELECT COUNT(*) FROM finding WHERE run_id = 2 AND first_seen_run IS NOT NULL"))
                    .isZero();
        }
    }

    /**
     * SIGTERM (systemd's stop) in the middle of a step: the process marks its run INTERRUPTED as it goes, says
     * so, exits 143, and {@code --restart} completes the run. Inside the history step's transaction the run
     * holds SQLite's write lock, which dies only with the process: the mark gives up after its short busy
     * timeout, and the next audit finds the run ABANDONED instead, restartable all the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"collect", "report", "history"})
    void sigtermMarksTheRunInterruptedAtOnceExits143AndRestartCompletesIt(String step) throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        String log;
        try (Child child = new Child(fx, step)) {
            child.awaitPause();
            assertThat(child.terminate()).isEqualTo(143);
            log = Files.readString(child.log);
        }
        if (step.equals("history")) {
            assertThat(log).contains("pve-audit: stopped: run 1 could not be marked INTERRUPTED (")
                    .contains("the next audit marks it ABANDONED (pve-audit audit --restart 1 resumes it)");
            assertThat(fx.query("SELECT status FROM audit_run")).containsExactly(List.of("RUNNING"));
            HistoryFixture.Run next = fx.audit();
            assertThat(next.err()).contains("run 1 was left unfinished by a process that ended; marked ABANDONED");
            assertThat(fx.query("SELECT id, status FROM audit_run ORDER BY id"))
                    .containsExactly(List.of(1, "ABANDONED"), List.of(2, "COMPLETED"));
        } else {
            assertThat(log).contains("pve-audit: stopped: run 1 is marked INTERRUPTED (pve-audit audit --restart 1 "
                    + "resumes it)").doesNotContain("Exception");
            assertThat(fx.query("SELECT status, finished_at IS NOT NULL FROM audit_run"))
                    .containsExactly(List.of("INTERRUPTED", 1));
        }

        HistoryFixture.Run restarted = fx.audit("--restart", "1");
        assertThat(restarted.exit()).as(restarted.out() + restarted.err()).isEqualTo(1);
        assertThat(restarted.out()).contains("pve-audit run 1\n")
                .contains("prod (PVE 9.1.4): 4 critical, 11 high; 15 new");
        assertThat(fx.query("SELECT status, restarts FROM audit_run WHERE id = 1"))
                .containsExactly(List.of("COMPLETED", 1));
        assertThat(fx.query("PRAGMA integrity_check")).containsExactly(List.of("ok"));
    }

    /**
     * While a run holds the lock, a second exits 2 naming it; a third with --wait waits, and runs
     * once the first is killed (the OS releases the lock of a dead process); the killed run is then
     * restarted and resumes after its last completed step.
     */
    @Test
    void aSecondRunExitsTwoWhileOneIsRunningWaitsWithWaitAndTheKilledOneRestarts() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        try (Child child = new Child(fx, "history")) {
            child.awaitPause();
            HistoryFixture.Run second = fx.audit();
            assertThat(second.exit()).isEqualTo(2);
            assertThat(second.err().strip()).matches("pve-audit: another audit is running \\(pid "
                    + child.process.pid() + ", started at \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)");
            assertThat(fx.queryLong("SELECT COUNT(*) FROM audit_run")).isEqualTo(1);

            StringWriter err = new StringWriter();
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
                CommandLine cl = Main.newCommandLine();
                cl.setOut(new PrintWriter(new StringWriter(), true));
                cl.setErr(new PrintWriter(err, true));
                return cl.execute("audit", "-c", fx.config.toString(), "--wait");
            });
            while (!err.toString().contains("waiting for another audit to finish (pid " + child.process.pid())) {
                assertThat(waiting).as(err.toString()).isNotDone();
                Thread.sleep(20);
            }
            child.kill();
            assertThat(waiting.get(120, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).contains("run 1 was left unfinished by a process that ended; marked ABANDONED");
        }
        assertThat(fx.query("SELECT id, status FROM audit_run ORDER BY id"))
                .containsExactly(List.of(1, "ABANDONED"), List.of(2, "COMPLETED"));

        HistoryFixture.Run restarted = fx.audit("--restart", "1");
        assertThat(restarted.exit()).as(restarted.out() + restarted.err()).isEqualTo(1);
        assertThat(fx.query("SELECT id, status, restarts FROM audit_run ORDER BY id"))
                .containsExactly(List.of(1, "COMPLETED", 1), List.of(2, "COMPLETED", 0));
        assertThat(fx.query("SELECT STEP_NAME, COUNT(*) FROM BATCH_STEP_EXECUTION e JOIN BATCH_JOB_EXECUTION j "
                + "ON j.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID WHERE j.JOB_INSTANCE_ID = 1 GROUP BY STEP_NAME "
                + "ORDER BY STEP_NAME")).containsExactly(List.of("collect", 1), List.of("collectCluster:cluster:prod", 1),
                List.of("evaluate", 1), List.of("history", 2), List.of("report", 1));
        assertThat(fx.queryLong("SELECT n_new FROM run_cluster WHERE run_id = 1")).isEqualTo(15);
    }

    @Test
    void aFailedRunRestartsAfterItsLastCompletedStep() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        HistoryFixture.Run failed = StopAt.around(StopAt.failing("report"), () -> fx.audit());
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.err()).contains("the run failed: test hook: failing at report");
        assertThat(fx.query("SELECT status FROM audit_run")).containsExactly(List.of("FAILED"));

        HistoryFixture.Run restarted = fx.audit("--restart", "1");
        assertThat(restarted.exit()).as(restarted.err()).isEqualTo(1);
        assertThat(restarted.out()).contains("pve-audit run 1").contains("prod (PVE 9.1.4): 4 critical, 11 high; 15 new");
        assertThat(fx.query("SELECT status, restarts, exit_code FROM audit_run")).containsExactly(List.of("COMPLETED", 1, 1));
        assertThat(stepRuns(fx)).containsExactly(List.of("collect", 1), List.of("collectCluster:cluster:prod", 1),
                List.of("evaluate", 1), List.of("history", 1), List.of("report", 2));
        assertThat(fx.audit("--restart", "1").err()).contains("run 1 completed; there is nothing to restart");
        assertThat(fx.audit("--restart", "9").err()).contains("no run 9 in the history");
    }

    private static List<List<Object>> stepRuns(HistoryFixture fx) {
        return fx.query("SELECT STEP_NAME, COUNT(*) FROM "
                + "BATCH_STEP_EXECUTION GROUP BY STEP_NAME ORDER BY STEP_NAME");
    }
}
