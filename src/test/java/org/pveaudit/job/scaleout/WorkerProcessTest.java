package org.pveaudit.job.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ExitCode;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * A worker in a JVM of its own ({@code pve-audit worker}, started from the test's class path), a manager in
 * the test's JVM, an embedded broker on a loopback port and one history both use (a SQLite file; for the first
 * test also a PostgreSQL database): the manager and the worker share only the broker and the database.
 */
@Tag("e2e")
class WorkerProcessTest {

    @TempDir
    Path dir;

    /** A {@code pve-audit worker} process and what it printed so far. */
    record WorkerProcess(Process process, List<String> lines) {

        static WorkerProcess start(Path config, String site, String name) throws Exception {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                    "org.pveaudit.cli.Main", "worker", "--site", site, "--name", name, "-v", "-c", config.toString())
                    .redirectErrorStream(true).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            RemoteCollectionTest.waitUntil(() -> lines.stream().anyMatch(l -> l.contains("consuming "
                    + new SiteQueue(site).name())) || !p.isAlive(), 60_000);
            assertThat(p.isAlive()).as("worker started: %s", lines).isTrue();
            return new WorkerProcess(p, lines);
        }
    }

    /** On a SQLite file both open, and on a PostgreSQL database both log in to (the production set-up). */
    @ParameterizedTest(name = "history on {0}")
    @ValueSource(strings = {"SQLite", "PostgreSQL"})
    void aWorkerInItsOwnProcessCollectsItsSiteForTheManager(String database) throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            ScaleOutSetup setup = new ScaleOutSetup(dir, broker.url(), "3s", "",
                    database.equals("PostgreSQL") ? org.pveaudit.history.PostgresServer.newDatabase() : null);
            WorkerProcess worker = WorkerProcess.start(setup.workerConfig("dc-east", "prod"), "dc-east", "east-proc");
            try {
                AuditResult result = AuditRunner.run(setup.managerRequest(), "test", false);

                assertThat(result.clusters()).extracting(ClusterRun::cluster, ClusterRun::status)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("prod", ClusterRun.Status.EVALUATED),
                                org.assertj.core.groups.Tuple.tuple("lab", ClusterRun.Status.EVALUATED),
                                org.assertj.core.groups.Tuple.tuple("branch", ClusterRun.Status.NOT_AUDITED));
                assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_AUDITED);
                assertThat(worker.lines()).as("the worker process says it collected prod")
                        .anyMatch(l -> l.contains("prod: run " + result.runId() + ": collected by worker east-proc"));
                assertThat(worker.lines()).noneMatch(l -> l.contains("lab:") || l.contains("branch:"));
            } finally {
                worker.process().destroy();
                assertThat(worker.process().waitFor(30, TimeUnit.SECONDS)).as("the worker stops on SIGTERM").isTrue();
            }
        }
    }

    @Test
    void aClusterWhoseWorkerIsKilledWhileReadingGoesToAnotherWorkerOfTheSite() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            ScaleOutSetup setup = new ScaleOutSetup(dir, broker.url(), "90s");
            // the first dc-west worker blocks reading branch's user.cfg, a FIFO nobody writes
            Path fifo = dir.resolve("branch-user.cfg");
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
            Path stuck = setup.workerConfig("dc-west", "branch");
            Path stuckConfig = dir.resolve("worker-west-stuck.yml");
            Files.writeString(stuckConfig, Files.readString(stuck)
                    .replace(ScaleOutSetup.SAMPLES.resolve("branch/user.cfg").toString(), fifo.toString()));
            WorkerProcess first = WorkerProcess.start(stuckConfig, "dc-west", "west-1");
            try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                    new WorkerIdentity("dc-east", "east-1"), false)) {
                var request = setup.managerRequest();
                CompletableFuture<AuditResult> run = CompletableFuture.supplyAsync(
                        () -> AuditRunner.run(request, "test", false));
                RemoteCollectionTest.waitUntil(() -> "STARTED".equals(status(setup, "branch")), 60_000);

                first.process().destroyForcibly(); // SIGKILL while it holds branch's request, unacknowledged
                assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                try (SiteWorker second = SiteWorker.start(setup.workerRequest("dc-west", "branch"),
                        new WorkerIdentity("dc-west", "west-2"), false)) {
                    AuditResult result = run.get(120, TimeUnit.SECONDS);

                    assertThat(result.clusters()).extracting(ClusterRun::cluster, ClusterRun::status)
                            .containsOnly(org.assertj.core.groups.Tuple.tuple("prod", ClusterRun.Status.EVALUATED),
                                    org.assertj.core.groups.Tuple.tuple("lab", ClusterRun.Status.EVALUATED),
                                    org.assertj.core.groups.Tuple.tuple("branch", ClusterRun.Status.EVALUATED));
                    JobRepository jobs = second.context().getBean(JobRepository.class);
                    long id = new JdbcTemplate(dataSource(setup)).queryForObject("SELECT STEP_EXECUTION_ID FROM "
                            + "BATCH_STEP_EXECUTION WHERE STEP_NAME = 'collectCluster:cluster:branch'", Long.class);
                    assertThat(jobs.getStepExecution(id).getExecutionContext()
                            .getString(WorkerConfiguration.COLLECTED_BY)).isEqualTo("west-2");
                }
            } finally {
                first.process().destroyForcibly();
            }
        }
    }

    private static String status(ScaleOutSetup setup, String cluster) {
        if (!Files.exists(setup.history())) {
            return null;
        }
        try {
            return new JdbcTemplate(dataSource(setup)).query("SELECT STATUS FROM BATCH_STEP_EXECUTION WHERE "
                    + "STEP_NAME = ?", rs -> rs.next() ? rs.getString(1) : null, "collectCluster:cluster:" + cluster);
        } catch (org.springframework.dao.DataAccessException e) {
            return null; // the schema is not there yet
        }
    }

    private static SQLiteDataSource dataSource(ScaleOutSetup setup) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + setup.history() + "?busy_timeout=30000");
        return ds;
    }
}
