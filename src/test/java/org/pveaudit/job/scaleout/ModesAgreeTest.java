package org.pveaudit.job.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pveaudit.cli.AuditSummary;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.PostgresServer;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ExitCode;
import org.pveaudit.report.JsonReport;
import org.pveaudit.rules.RuleOutcome;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18's "done when both modes pass the same end-to-end tests": the three sample clusters audited by one
 * process and by a manager with a worker for each of two sites (prod at dc-east, branch at dc-west, lab
 * local), each on a SQLite history file and on a PostgreSQL history that manager and workers share. Every
 * variant must agree with the single process on SQLite: every cluster evaluated, the same findings per cluster,
 * rule outcomes, exit code, summary lines and report; and in scale-out each remote cluster must have been
 * collected by a worker of its own site, the local one by the manager. One broker for the class; each variant
 * a history of its own (a new file, or a new database on the test JVM's one embedded PostgreSQL).
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModesAgreeTest {

    enum Mode { SINGLE_PROCESS, SCALE_OUT }

    enum Database { SQLITE, POSTGRESQL }

    /** The site of each cluster in the manager's configuration ({@link ScaleOutSetup}); lab is local. */
    private static final Map<String, String> SITE = Map.of("prod", "dc-east", "branch", "dc-west");

    /** The workers started per site in scale-out, by name. */
    private static final Map<String, List<String>> WORKERS = Map.of("dc-east", List.of("east-1"),
            "dc-west", List.of("west-1"));

    @TempDir
    Path dir;

    private TestBroker broker;
    /** Each variant's outcome, audited once: the reference (single process on SQLite) is compared with each. */
    private final Map<String, Outcome> outcomes = new HashMap<>();

    /** What a run ended with, as far as the two modes must agree, and who collected what. */
    record Outcome(AuditResult result, Map<String, ClusterRun.Status> statuses, Map<String, List<String>> fingerprints,
                   Map<String, String> findings, List<RuleOutcome> ruleOutcomes, List<String> summary,
                   Path report, Map<String, List<String>> reportedFingerprints, List<String> reportedOutcomes,
                   Map<String, String> collectedBy, long ms) {
    }

    @BeforeAll
    void startBroker() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    void stopBroker() throws Exception {
        broker.close();
    }

    static Stream<Arguments> variants() {
        return Stream.of(arguments(Mode.SINGLE_PROCESS, Database.SQLITE), arguments(Mode.SCALE_OUT, Database.SQLITE),
                arguments(Mode.SINGLE_PROCESS, Database.POSTGRESQL), arguments(Mode.SCALE_OUT, Database.POSTGRESQL));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("variants")
    void bothModesAuditTheSameClustersAlikeOnEitherDatabase(Mode mode, Database database) throws Exception {
        Outcome reference = outcome(Mode.SINGLE_PROCESS, Database.SQLITE);
        Outcome run = outcome(mode, database);
        System.out.printf("%s on %s: %d ms%n", mode, database, run.ms());

        assertThat(run.result().failure()).isNull();
        assertThat(run.statuses()).as("every cluster collected and evaluated").isEqualTo(Map.of(
                "prod", ClusterRun.Status.EVALUATED, "lab", ClusterRun.Status.EVALUATED,
                "branch", ClusterRun.Status.EVALUATED));
        assertThat(run.result().exitCode()).as("the samples have high findings")
                .isEqualTo(ExitCode.FINDINGS).isEqualTo(reference.result().exitCode());

        assertThat(run.fingerprints()).containsOnlyKeys("prod", "lab", "branch")
                .allSatisfy((cluster, found) -> assertThat(found).as(cluster).isNotEmpty());
        assertThat(run.fingerprints()).isEqualTo(reference.fingerprints());
        assertThat(run.findings()).as("severity, title, message, principal and path of each finding")
                .isEqualTo(reference.findings());
        assertThat(run.ruleOutcomes()).isNotEmpty().isEqualTo(reference.ruleOutcomes());
        assertThat(run.result().ruleErrors()).isEmpty();
        assertThat(run.summary()).hasSize(3).isEqualTo(reference.summary());
        assertThat(run.summary().get(0)).startsWith("  branch (PVE 9.1): ");

        assertThat(run.report()).isRegularFile();
        assertThat(run.reportedFingerprints()).as("the report lists the run's findings").isEqualTo(run.fingerprints());
        assertThat(run.reportedOutcomes()).hasSameSizeAs(run.ruleOutcomes()).isEqualTo(reference.reportedOutcomes());

        for (String cluster : List.of("prod", "lab", "branch")) {
            String site = mode == Mode.SCALE_OUT ? SITE.get(cluster) : null;
            if (site == null) {
                assertThat(run.collectedBy()).as("%s was collected by the manager", cluster).containsEntry(cluster, null);
            } else {
                assertThat(run.collectedBy().get(cluster)).as("%s was collected by a worker of %s", cluster, site)
                        .isIn(WORKERS.get(site));
            }
        }
    }

    private Outcome outcome(Mode mode, Database database) throws Exception {
        String key = mode + "-" + database;
        Outcome known = outcomes.get(key);
        if (known == null) {
            known = audit(mode, database, Files.createDirectories(dir.resolve(key)));
            outcomes.put(key, known);
        }
        return known;
    }

    private Outcome audit(Mode mode, Database database, Path here) throws Exception {
        HistoryConnection postgres = database == Database.POSTGRESQL ? PostgresServer.newDatabase() : null;
        ScaleOutSetup setup = new ScaleOutSetup(here, broker.url(), "30s", "", postgres);
        long start = System.nanoTime();
        AuditResult result;
        List<SiteWorker> workers = new ArrayList<>();
        try {
            if (mode == Mode.SCALE_OUT) {
                for (Map.Entry<String, String> cluster : SITE.entrySet()) {
                    for (String name : WORKERS.get(cluster.getValue())) {
                        workers.add(SiteWorker.start(setup.workerRequest(cluster.getValue(), cluster.getKey()),
                                new WorkerIdentity(cluster.getValue(), name), false));
                    }
                }
                result = AuditRunner.run(setup.managerRequest(), "test", false);
            } else {
                result = AuditRunner.run(setup.singleProcessRequest(), "test", false);
            }
        } finally {
            workers.forEach(SiteWorker::close);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;

        Map<String, ClusterRun.Status> statuses = new TreeMap<>();
        result.clusters().forEach(c -> statuses.put(c.cluster(), c.status()));
        Map<String, TreeSet<String>> fingerprints = new TreeMap<>();
        Map<String, String> findings = new TreeMap<>();
        for (StoredFinding f : result.findings()) {
            fingerprints.computeIfAbsent(f.finding().cluster(), c -> new TreeSet<>()).add(f.finding().fingerprint());
            findings.put(f.finding().fingerprint(), f.finding().severity().key() + " " + f.finding().title() + ": "
                    + f.finding().message() + " (" + f.finding().principal() + " on " + f.finding().path() + ")");
        }
        List<RuleOutcome> ruleOutcomes = setup.openHistory().findings().outcomes(result.runId());

        Path report = result.reportDir() == null ? here.resolve("no-report") : result.reportDir().resolve(JsonReport.FILE);
        Map<String, TreeSet<String>> reported = new TreeMap<>();
        List<String> reportedOutcomes = new ArrayList<>();
        if (Files.isRegularFile(report)) {
            JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report));
            json.get("findings").forEach(f -> reported.computeIfAbsent(f.get("cluster").asString(), c -> new TreeSet<>())
                    .add(f.get("fingerprint").asString()));
            json.get("ruleOutcomes").forEach(o -> reportedOutcomes.add(o.toString()));
        }
        return new Outcome(result, statuses, lists(fingerprints), findings, ruleOutcomes,
                AuditSummary.clusterLines(result), report, lists(reported), reportedOutcomes,
                collectors(setup), ms);
    }

    private static Map<String, List<String>> lists(Map<String, TreeSet<String>> sets) {
        Map<String, List<String>> out = new TreeMap<>();
        sets.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /**
     * Who collected each cluster's partition of the collect step, as the shared job repository records it
     * ({@link WorkerConfiguration#COLLECTED_BY}; null: the manager itself), read with Spring Batch's own
     * repository on the history database.
     */
    private static Map<String, String> collectors(ScaleOutSetup setup) throws Exception {
        DataSource ds;
        if (setup.postgres() != null) {
            ds = PostgresServer.dataSource(setup.postgres());
        } else {
            SQLiteDataSource sqlite = new SQLiteDataSource();
            sqlite.setUrl("jdbc:sqlite:" + setup.history());
            ds = sqlite;
        }
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(ds);
        factory.setTransactionManager(new JdbcTransactionManager(ds));
        factory.afterPropertiesSet();
        JobRepository jobs = factory.getObject();
        Map<String, String> out = new LinkedHashMap<>();
        new JdbcTemplate(ds).query("SELECT STEP_EXECUTION_ID, STEP_NAME FROM BATCH_STEP_EXECUTION "
                + "WHERE STEP_NAME LIKE 'collectCluster:cluster:%' ORDER BY STEP_NAME", rs -> {
            StepExecution partition = jobs.getStepExecution(rs.getLong(1));
            out.put(rs.getString(2).substring("collectCluster:cluster:".length()),
                    partition.getExecutionContext().containsKey(WorkerConfiguration.COLLECTED_BY)
                            ? partition.getExecutionContext().getString(WorkerConfiguration.COLLECTED_BY) : null);
        });
        return out;
    }
}
