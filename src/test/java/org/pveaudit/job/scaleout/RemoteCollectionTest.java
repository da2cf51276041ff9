package org.pveaudit.job.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ExitCode;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * The collect step as a remote-partitioning manager, with an embedded Artemis broker and a worker of site
 * dc-east in the same JVM (its own Spring context and thread): prod is collected by that worker, lab by the
 * manager (site local), branch's site dc-west has no worker, so branch is not audited once the wait is over;
 * a partition delivered twice is applied once.
 */
@Tag("e2e")
class RemoteCollectionTest {

    @TempDir
    Path dir;

    TestBroker broker;
    ScaleOutSetup setup;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBroker.start();
        setup = new ScaleOutSetup(dir, broker.url(), "3s");
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void eachClusterIsCollectedAtItsSiteAndASiteWithoutWorkerCostsOnlyItsCluster() throws Exception {
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            long start = System.nanoTime();
            long before = System.currentTimeMillis();
            AuditResult result = AuditRunner.run(setup.managerRequest(), "test", false);
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.failure()).isNull();
            Map<String, ClusterRun> clusters = byName(result.clusters());
            assertThat(clusters.get("prod").status()).isEqualTo(ClusterRun.Status.EVALUATED);
            assertThat(clusters.get("lab").status()).isEqualTo(ClusterRun.Status.EVALUATED);
            assertThat(clusters.get("branch").status()).isEqualTo(ClusterRun.Status.NOT_AUDITED);
            assertThat(clusters.get("branch").error()).isEqualTo("no worker of site dc-west answered within 3s");
            assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_AUDITED);
            assertThat(ms).as("the manager waited for dc-west, no longer").isGreaterThanOrEqualTo(3000);
            assertThat(result.findings()).as("prod and lab were evaluated").isNotEmpty()
                    .allMatch(f -> !f.finding().cluster().equals("branch"));

            JobRepository jobs = east.context().getBean(JobRepository.class);
            Map<String, StepExecution> partitions = partitions(jobs);
            assertThat(partitions.get("prod").getExecutionContext().getString(WorkerConfiguration.COLLECTED_BY))
                    .isEqualTo("east-1");
            assertThat(partitions.get("lab").getExecutionContext().containsKey(WorkerConfiguration.COLLECTED_BY))
                    .as("lab was collected by the manager, not a worker").isFalse();
            assertThat(partitions.get("branch").getExitStatus().getExitCode()).isEqualTo("NOT_AUDITED");
            assertThat(broker.expiration(new SiteQueue("dc-west").name()))
                    .as("branch's request expires the wait (3s) after it was sent, during the run")
                    .isBetween(before + 3000, System.currentTimeMillis() + 3000);
        }
    }

    @Test
    void aPartitionDeliveredAgainIsAcknowledgedAndNotAppliedTwice() throws Exception {
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            AuditResult result = AuditRunner.run(setup.managerRequest(), "test", false);
            assertThat(byName(result.clusters()).get("prod").status()).isEqualTo(ClusterRun.Status.EVALUATED);
            JobRepository jobs = east.context().getBean(JobRepository.class);
            StepExecution prod = partitions(jobs).get("prod");
            assertThat(prod.getStatus()).isEqualTo(BatchStatus.COMPLETED);

            // the broker hands the same request over a second time (a redelivery after a lost acknowledgement)
            JmsTemplate jms = new JmsTemplate(east.context().getBean(jakarta.jms.ConnectionFactory.class));
            String queue = new SiteQueue("dc-east").name();
            jms.convertAndSend(queue, "collectCluster " + prod.getId());
            waitUntil(() -> broker.pending(queue) == 0, 10_000);

            StepExecution after = jobs.getStepExecution(prod.getId());
            assertThat(after.getVersion()).as("the partition's record untouched").isEqualTo(prod.getVersion());
            assertThat(after.getEndTime()).isEqualTo(prod.getEndTime());
            AuditHistory history = setup.openHistory();
            // storing the snapshot again would have set prod back to COLLECTED
            assertThat(byName(history.clusters().of(result.runId())).get("prod").status())
                    .isEqualTo(ClusterRun.Status.EVALUATED);
        }
    }

    @Test
    void aWorkerThatComesAfterTheWaitSkipsTheRequestTheManagerClosed() throws Exception {
        AuditResult result;
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            result = AuditRunner.run(setup.managerRequest(), "test", false);
        }
        String west = new SiteQueue("dc-west").name();
        // the request is still there (the broker drops expired messages when it next looks), or already dropped
        assertThat(broker.pending(west)).isBetween(0L, 1L);
        try (SiteWorker late = SiteWorker.start(setup.workerRequest("dc-west", "branch"),
                new WorkerIdentity("dc-west", "west-1"), false)) {
            waitUntil(() -> broker.pending(west) == 0, 10_000);
            StepExecution branch = partitions(late.context().getBean(JobRepository.class)).get("branch");
            assertThat(branch.getExecutionContext().containsKey(WorkerConfiguration.COLLECTED_BY)).isFalse();
        }
        ClusterRun branch = byName(setup.openHistory().clusters().of(result.runId())).get("branch");
        assertThat(branch.status()).isEqualTo(ClusterRun.Status.NOT_AUDITED);
    }

    @Test
    void aClusterAWorkerFinishesAfterTheWaitIsNotStoredIntoTheRunThatGaveUp() throws Exception {
        // branch's user.cfg is a FIFO: the worker's read blocks until the test writes it, after the wait
        Path fifo = dir.resolve("branch-user.cfg");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path config = setup.workerConfig("dc-west", "branch");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                .replace(ScaleOutSetup.SAMPLES.resolve("branch/user.cfg").toString(), fifo.toString()));
        AuditResult result;
        String west = new SiteQueue("dc-west").name();
        try (SiteWorker slow = SiteWorker.start(org.pveaudit.job.AuditRequestLoader.load(config, List.of(), null,
                org.pveaudit.history.FailurePolicy.DEFAULT, List.of()), new WorkerIdentity("dc-west", "west-1"),
                false)) {
            result = AuditRunner.run(setup.managerRequest(), "test", false);
            ClusterRun branch = byName(result.clusters()).get("branch");
            assertThat(branch.status()).isEqualTo(ClusterRun.Status.NOT_AUDITED);
            assertThat(branch.error()).isEqualTo("the worker of site dc-west did not finish within 3s");

            // the worker is still blocked in its read: opening the FIFO for writing meets it
            java.nio.file.Files.write(fifo, java.nio.file.Files.readAllBytes(
                    ScaleOutSetup.SAMPLES.resolve("branch/user.cfg")));
            waitUntil(() -> broker.pending(west) == 0, 30_000);
        }
        ClusterRun branch = byName(setup.openHistory().clusters().of(result.runId())).get("branch");
        assertThat(branch.status()).as("the late snapshot was dropped").isEqualTo(ClusterRun.Status.NOT_AUDITED);
        assertThat(branch.error()).isEqualTo("the worker of site dc-west did not finish within 3s");
    }

    @Test
    void aBrokerThatIsDownCostsTheRemoteClustersNotTheRun() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ScaleOutSetup down = new ScaleOutSetup(dir, "tcp://127.0.0.1:" + closed, "30s");
        long start = System.nanoTime();
        AuditResult result = AuditRunner.run(down.managerRequest(), "test", false);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.failure()).isNull();
        Map<String, ClusterRun> clusters = byName(result.clusters());
        assertThat(clusters.get("lab").status()).isEqualTo(ClusterRun.Status.EVALUATED);
        for (String remote : List.of("prod", "branch")) {
            assertThat(clusters.get(remote).status()).as(remote).isEqualTo(ClusterRun.Status.NOT_AUDITED);
        }
        assertThat(clusters.get("prod").error())
                .isEqualTo("not sent to site dc-east: the broker did not take it: cannot connect to server(s)");
        assertThat(clusters.get("branch").error())
                .isEqualTo("not sent to site dc-west: the broker did not take it: cannot connect to server(s)");
        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_AUDITED);
        assertThat(ms).as("no wait for requests that were never sent").isLessThan(20_000);
    }

    @Test
    void aReplayReadsTheStoredSnapshotsHereWithoutAskingTheSites() throws Exception {
        AuditResult first;
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            first = AuditRunner.run(setup.managerRequest(), "test", false);
        }
        assertThat(byName(first.clusters()).get("prod").status()).isEqualTo(ClusterRun.Status.EVALUATED);
        String east = new SiteQueue("dc-east").name();

        AuditResult replay = AuditRunner.run(setup.managerRequest(), "test", false,
                new org.pveaudit.job.RunOptions(first.runId(), null, false, List.of(), m -> { }), false);

        Map<String, ClusterRun> clusters = byName(replay.clusters());
        assertThat(clusters.get("prod").status()).as("no dc-east worker runs now").isEqualTo(ClusterRun.Status.EVALUATED);
        assertThat(clusters.get("lab").status()).isEqualTo(ClusterRun.Status.EVALUATED);
        assertThat(clusters.get("branch").error()).startsWith("not audited in run " + first.runId());
        assertThat(broker.pending(east)).as("nothing sent to dc-east").isZero();
    }

    @Test
    void aRestartedRunDoesNotSendAgainWhatTheWorkersCollected() throws Exception {
        AuditResult failed;
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            org.pveaudit.history.Checkpoint failAtEvaluate = point -> {
                if (point.equals("evaluate")) {
                    throw new IllegalStateException("test hook: failing at evaluate");
                }
            };
            var request = setup.managerRequest();
            failed = org.springframework.boot.SpringApplication.withHook(app ->
                    new org.springframework.boot.SpringApplicationRunListener() {
                        @Override
                        public void contextPrepared(org.springframework.context.ConfigurableApplicationContext c) {
                            c.getBeanFactory().registerSingleton("checkpoint", failAtEvaluate);
                        }
                    }, () -> AuditRunner.run(request, "test", false));
        }
        assertThat(failed.failure()).isNotNull();
        String east = new SiteQueue("dc-east").name();
        assertThat(broker.pending(east)).isZero();

        // no dc-east worker now: the restart resumes after the completed collect step
        AuditResult restarted = AuditRunner.run(setup.managerRequest(), "test", false,
                new org.pveaudit.job.RunOptions(null, failed.runId(), false, List.of(), m -> { }), false);

        assertThat(restarted.failure()).isNull();
        Map<String, ClusterRun> clusters = byName(restarted.clusters());
        assertThat(clusters.get("prod").status()).isEqualTo(ClusterRun.Status.EVALUATED);
        assertThat(clusters.get("lab").status()).isEqualTo(ClusterRun.Status.EVALUATED);
        assertThat(clusters.get("branch").error()).isEqualTo("no worker of site dc-west answered within 3s");
        assertThat(broker.pending(east)).as("nothing sent to dc-east again").isZero();
    }

    @Test
    void aRequestForAPartitionTheDatabaseDoesNotHoldOrAnythingElseIsDroppedOnceNotRedelivered() throws Exception {
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            String queue = new SiteQueue("dc-east").name();
            JmsTemplate jms = new JmsTemplate(east.context().getBean(jakarta.jms.ConnectionFactory.class));
            jms.convertAndSend(queue, "collectCluster 999999");
            jms.convertAndSend(queue, "not a request");
            jms.convertAndSend(queue, java.util.Map.of("stepExecutionId", 1));
            waitUntil(() -> broker.acknowledged(queue) + broker.killed(queue) >= 3, 15_000);
            Thread.sleep(500); // time for redeliveries, if one failed
            assertThat(broker.pending(queue)).isZero();
            assertThat(broker.acknowledged(queue)).isEqualTo(3);
            assertThat(broker.killed(queue)).as("not failed again and again until the broker gave up").isZero();
        }
    }

    @Test
    void theProgressLinesNameEveryClusterLocalOrRemote() throws Exception {
        try (SiteWorker east = SiteWorker.start(setup.workerRequest("dc-east", "prod"),
                new WorkerIdentity("dc-east", "east-1"), false)) {
            var request = setup.managerRequest();
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            java.io.PrintStream err = System.err;
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                AuditRunner.run(request, "test", false, org.pveaudit.job.RunOptions.DEFAULT, true);
            } finally {
                System.setErr(err);
            }
            List<String> lines = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.matches("\\[\\d/3\\] .*")).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines).anyMatch(l -> l.matches("\\[\\d/3\\] lab: \\d+ users?, .*"));
            assertThat(lines).anyMatch(l -> l.matches("\\[\\d/3\\] prod: \\d+ users?, .*"));
            assertThat(lines).anyMatch(l -> l.matches("\\[\\d/3\\] branch: NOT AUDITED: no worker of site dc-west "
                    + "answered within 3s \\(.*\\)"));
        }
    }

    /** The collect partitions of the (only) run, by cluster, as the shared job repository holds them. */
    private Map<String, StepExecution> partitions(JobRepository jobs) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + setup.history());
        Map<String, StepExecution> out = new HashMap<>();
        new JdbcTemplate(ds).query("SELECT STEP_EXECUTION_ID, STEP_NAME FROM BATCH_STEP_EXECUTION "
                + "WHERE STEP_NAME LIKE 'collectCluster:cluster:%'", rs -> {
            out.put(rs.getString(2).substring("collectCluster:cluster:".length()),
                    jobs.getStepExecution(rs.getLong(1)));
        });
        return out;
    }

    private static Map<String, ClusterRun> byName(List<ClusterRun> clusters) {
        Map<String, ClusterRun> out = new HashMap<>();
        clusters.forEach(c -> out.put(c.cluster(), c));
        return out;
    }

    static void waitUntil(java.util.function.BooleanSupplier done, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not done within " + ms + " ms");
            }
            Thread.sleep(50);
        }
    }
}
