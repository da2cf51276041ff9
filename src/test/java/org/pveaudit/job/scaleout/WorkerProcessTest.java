package org.pveaudit.job.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ExitCode;

/**
 * A worker in a JVM of its own ({@code pve-audit worker}, started from the test's class path), a manager in
 * the test's JVM, an embedded broker on a loopback port and one SQLite history file both open: the manager
 * and the worker share only the broker and the database.
 */
@Tag("e2e")
class WorkerProcessTest {

    @TempDir
    Path dir;

    @Test
    void aWorkerInItsOwnProcessCollectsItsSiteForTheManager() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            ScaleOutSetup setup = new ScaleOutSetup(dir, broker.url(), "3s");
            Path workerConfig = setup.workerConfig("dc-east", "prod");
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                    "org.pveaudit.cli.Main", "worker", "--site", "dc-east", "--name", "east-proc", "-v",
                    "-c", workerConfig.toString())
                    .redirectErrorStream(true).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.start();
            try {
                RemoteCollectionTest.waitUntil(() -> lines.stream().anyMatch(l -> l.contains("consuming "
                        + new SiteQueue("dc-east").name())) || !worker.isAlive(), 60_000);
                assertThat(worker.isAlive()).as("worker started: %s", lines).isTrue();

                AuditResult result = AuditRunner.run(setup.managerRequest(), "test", false);

                assertThat(result.clusters()).extracting(ClusterRun::cluster, ClusterRun::status)
                        .containsExactlyInAnyOrder(
                                org.assertj.core.groups.Tuple.tuple("prod", ClusterRun.Status.EVALUATED),
                                org.assertj.core.groups.Tuple.tuple("lab", ClusterRun.Status.EVALUATED),
                                org.assertj.core.groups.Tuple.tuple("branch", ClusterRun.Status.NOT_AUDITED));
                assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_AUDITED);
                assertThat(lines).as("the worker process says it collected prod")
                        .anyMatch(l -> l.contains("prod: run " + result.runId() + ": collected by worker east-proc"));
                assertThat(lines).noneMatch(l -> l.contains("lab:") || l.contains("branch:"));
            } finally {
                worker.destroy();
                assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("the worker stops on SIGTERM").isTrue();
                reader.join(5_000);
            }
        }
    }
}
