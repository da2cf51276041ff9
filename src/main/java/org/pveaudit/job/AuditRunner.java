package org.pveaudit.job;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.OptionalInt;
import java.util.List;
import java.util.Map;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.Checkpoint;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.HistoryException;
import org.pveaudit.history.HistoryStorage;
import org.pveaudit.history.HistoryStorageException;
import org.pveaudit.history.Retention;
import org.pveaudit.notify.MailNotifier;
import org.pveaudit.notify.MailResult;
import org.pveaudit.logging.LogSetup;
import org.pveaudit.rules.RuleOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one audit: takes the run lock, checks the history database can be written, starts the Spring
 * context, marks runs left RUNNING by dead processes ABANDONED, creates (or reopens, for a restart) the
 * run row, runs the {@code audit} job and records how the run ended; a completed run applies retention in
 * the same transaction. A stop signal during the run marks it INTERRUPTED; a history database that cannot
 * be written ends the audit with {@link HistoryStorageException}.
 */
public final class AuditRunner {

    private static final Logger log = LoggerFactory.getLogger(AuditRunner.class);

    private AuditRunner() {
    }

    /**
     * Runs the audit with the default options, without progress lines.
     *
     * @param verbose log at INFO (per-cluster counts and step times) instead of WARN
     */
    public static AuditResult run(AuditRequest request, String toolVersion, boolean verbose) {
        return run(request, toolVersion, verbose, RunOptions.DEFAULT, false);
    }

    /**
     * Runs, replays or restarts an audit.
     *
     * @param progress print a line per cluster to stderr as its collection ends (for an interactive terminal)
     * @throws RunLock.RunLockedException when another audit holds the database (and not {@code options.waitForLock()})
     * @throws HistoryException           when the run to replay or restart does not exist or cannot be used: a run
     *                                    to restart that completed or has no Batch record, a run to replay that is
     *                                    itself a replay, stored no cluster data or lacks a chosen cluster
     */
    public static AuditResult run(AuditRequest request, String toolVersion, boolean verbose, RunOptions options,
                                  boolean progress) {
        HistoryConfig historyConfig = request.config().history();
        try (HeldRunLock lock = RunLock.acquire(historyConfig, options.waitForLock(), options.notice())) {
            if (historyConfig.file() != null) {
                // a full, read-only or damaged database is said in one line before Spring and Flyway touch it
                HistoryStorage.checkWritable(historyConfig.file(), historyConfig.jdbcUrl());
            }
            SpringApplication app = new SpringApplication(AuditApplication.class);
            app.setBannerMode(Banner.Mode.OFF);
            app.setLogStartupInfo(false);
            app.setWebApplicationType(WebApplicationType.NONE);
            // on SIGTERM the context is closed by try-with-resources after the job, not under its feet
            // (schedule lets a running audit finish)
            app.setRegisterShutdownHook(false);
            app.setDefaultProperties(properties(request, verbose));
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("auditRequest", request));
            if (LogSetup.configured()) {
                // the command line set up logging (level, text or JSON); Boot must not reset it
                app.setListeners(app.getListeners().stream()
                        .filter(l -> !(l instanceof org.springframework.boot.context.logging.LoggingApplicationListener))
                        .toList());
                if (verbose) {
                    LogSetup.atLeastInfo();
                }
            }
            if (progress) {
                app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("clusterProgress",
                        new ClusterProgress(() -> ctx.getBean(AuditHistory.class), request.clusters().size(),
                                System.err)));
            }
            long start = System.nanoTime();
            try (ConfigurableApplicationContext ctx = app.run()) {
                log.info("context started in {} ms", (System.nanoTime() - start) / 1_000_000);
                return run(ctx, request, toolVersion, options);
            }
        } catch (RuntimeException e) {
            HistoryStorageException storage = HistoryStorage.failure(database(historyConfig), e);
            Path metrics = RunMetricsOutput.file(request, options);
            if (metrics != null && (storage != null || e instanceof HistoryStorageException)) {
                // the audit ends with exit code 3 and nothing recorded: the metrics still say a run failed
                RunMetricsOutput.writeUnrecorded(metrics);
            }
            throw storage != null ? storage : e;
        }
    }

    /** The history database as messages name it: its file, or for another database only that it is one. */
    private static String database(HistoryConfig history) {
        // a jdbc: URL may carry a password: never print it
        return history.file() != null ? history.file().toString() : "(" + history.database().split(":", 3)[1]
                + " URL)";
    }

    private static AuditResult run(ConfigurableApplicationContext ctx, AuditRequest request, String toolVersion,
                                   RunOptions options) {
        AuditHistory history = ctx.getBean(AuditHistory.class);
        JobOperator operator = ctx.getBean(JobOperator.class);
        Job job = ctx.getBean("auditJob", Job.class);
        // we hold the run lock: a RUNNING run now belongs to a process that died
        for (Long id : history.runs().markAbandoned()) {
            options.notice().accept("run " + id + " was left unfinished by a process that ended; marked ABANDONED"
                    + " (pve-audit audit --restart " + id + " resumes it)");
        }
        long runId;
        List<String> names = List.of();
        if (options.restart() != null) {
            runId = options.restart();
            AuditRun run = history.runs().run(runId).orElseThrow(() -> new HistoryException("no run " + runId
                    + " in the history"));
            if (AuditRun.COMPLETED.equals(run.status())) {
                throw new HistoryException("run " + runId + " completed; there is nothing to restart");
            }
        } else {
            names = clusterNames(history, request, options);
            runId = history.runs().start(toolVersion, request.configHash(), request.packNames(),
                    request.failOn(), options.replayOf());
        }
        // from here until the run is recorded as ended, SIGTERM or Ctrl-C marks it INTERRUPTED
        try (RunInterruption interruption = RunInterruption.register(request.config().history(), runId,
                options.stopGrace(), options.notice())) {
            return run(ctx, request, options, history, job, operator, runId, names);
        } catch (RuntimeException e) {
            HistoryStorageException storage = HistoryStorage.failure(database(request.config().history()), e);
            if (storage == null) {
                throw e;
            }
            // the run row could not be finished either: it stays RUNNING, and the next audit marks it ABANDONED
            throw new HistoryStorageException(storage.getMessage() + "; run " + runId + " is not recorded as "
                    + "finished (the next audit marks it ABANDONED)", e);
        }
    }

    private static AuditResult run(ConfigurableApplicationContext ctx, AuditRequest request, RunOptions options,
                                   AuditHistory history, Job job, JobOperator operator, long runId,
                                   List<String> names) {
        long jobStart = System.nanoTime();
        String failure = null;
        String database = database(request.config().history());
        JobExecution execution = null;
        try {
            execution = options.restart() != null ? restart(ctx, history, operator, runId)
                    : operator.start(job, parameters(runId, names));
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                failure = execution.getAllFailureExceptions().stream().map(e -> message(database, e))
                        .findFirst().orElse("job ended " + execution.getStatus());
            }
            logSteps(execution);
        } catch (HistoryException e) {
            throw e;
        } catch (Exception e) {
            failure = message(database, e);
        }
        log.info("job ended in {} ms", (System.nanoTime() - jobStart) / 1_000_000);
        var clusters = history.clusters().of(runId);
        var findings = history.findings().of(runId);
        var ruleErrors = history.findings().outcomes(runId).stream().filter(o -> o.status() == RuleOutcome.Status.ERROR).toList();
        int exit = failure != null ? ExitCode.NOT_AUDITED
                : ExitCode.of(clusters, ruleErrors, findings, request.failOn());
        String reportDir = history.runs().run(runId).map(AuditRun::reportDir).orElse(null);
        // notify after the job, not as a step: the message reports the final exit code, is sent even when
        // the job failed (send: on-failure), and a failed send must not mark the audit run FAILED
        MailResult mail = null;
        if (request.config().mail() != null) {
            mail = new MailNotifier(id -> OptionalInt.of(history.comparison().resolved(id).size()))
                    .withBaseUrl(request.config().report().baseUrl())
                    .notify(request.config().mail(), history, runId, templates(request), exit, failure);
            if (mail.failed() && exit != ExitCode.INPUT_ERROR) {
                exit = ExitCode.NOT_AUDITED;
            }
        }
        if (failure == null) {
            ctx.getBeanProvider(Checkpoint.class).getIfAvailable(() -> Checkpoint.NONE).reached("finish");
            List<Long> pruned = history.runs().complete(runId, reportDir, exit, new Retention(
                    request.config().history().keepRuns(), request.config().history().keepDays()));
            if (!pruned.isEmpty()) {
                log.info("retention: pruned runs {}", pruned);
            }
            if (reportDir != null) {
                // after the history's retention, which the report folders may follow
                ctx.getBean(AuditSteps.class).tidy(Path.of(reportDir));
            }
        } else {
            history.runs().finish(runId, AuditRun.FAILED, reportDir, exit);
        }
        Path metrics = RunMetricsOutput.file(request, options);
        String metricsProblem = metrics == null ? null : RunMetricsOutput.write(metrics, history, runId, execution,
                java.time.Duration.ofNanos(System.nanoTime() - jobStart));
        Map<String, Integer> resolved = new HashMap<>();
        history.comparison().resolved(runId).forEach(r -> resolved.merge(r.finding().cluster(), 1, Integer::sum));
        RunNotices notices = RunNotices.of(history, runId, mail, failure);
        return new AuditResult(runId, reportDir == null ? null : Path.of(reportDir), clusters, findings, resolved,
                exit, failure, mail, metricsProblem == null ? notices : notices.plus(metricsProblem), ruleErrors);
    }

    private static Path templates(AuditRequest request) {
        String dir = request.config().report().templates();
        return dir == null ? null : Path.of(dir);
    }

    /** How long each step took (per cluster for the collect partitions), at INFO. */
    private static void logSteps(JobExecution execution) {
        for (var step : execution.getStepExecutions()) {
            if (step.getStartTime() != null && step.getEndTime() != null) {
                log.info("step {}: {} in {} ms", step.getStepName(), step.getStatus(),
                        java.time.Duration.between(step.getStartTime(), step.getEndTime()).toMillis());
            }
        }
    }

    /** The clusters to audit: the selected ones, or for a replay those the replayed run stored. */
    private static List<String> clusterNames(AuditHistory history, AuditRequest request, RunOptions options) {
        if (options.replayOf() == null) {
            return request.clusters().stream().map(ClusterConfig::name).toList();
        }
        long id = options.replayOf();
        AuditRun run = history.runs().run(id).orElseThrow(() -> new HistoryException("no run " + id + " in the history"));
        if (run.replayOf() != null) {
            throw new HistoryException("run " + id + " is itself a replay of run " + run.replayOf()
                    + "; replay run " + run.replayOf() + " instead");
        }
        List<ClusterRun> stored = history.clusters().of(id);
        if (stored.stream().noneMatch(ClusterRun::audited)) {
            throw new HistoryException("run " + id + " stored no cluster data to replay");
        }
        List<String> names = stored.stream().map(ClusterRun::cluster)
                .filter(c -> options.only().isEmpty() || options.only().contains(c)).toList();
        for (String wanted : options.only()) {
            if (!names.contains(wanted)) {
                throw new HistoryException("run " + id + " has no cluster '" + wanted + "' (it has: "
                        + String.join(", ", stored.stream().map(ClusterRun::cluster).toList()) + ")");
            }
        }
        return names;
    }

    /**
     * Restarts a failed or abandoned run through Spring Batch: its last job execution is marked failed
     * if a killed process left it running, and the restart resumes after the last completed step.
     */
    private static JobExecution restart(ConfigurableApplicationContext ctx, AuditHistory history,
                                        JobOperator operator, long runId) throws Exception {
        JobRepository repository = ctx.getBean(JobRepository.class);
        JobInstance instance = repository.getJobInstance("audit",
                new JobParametersBuilder().addLong("runId", runId).toJobParameters());
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null) {
            throw new HistoryException("run " + runId + " has no Spring Batch record to restart from");
        }
        if (last.isRunning() || last.getStatus() == BatchStatus.UNKNOWN) {
            last = operator.recover(last);
        }
        history.runs().reopen(runId);
        return operator.restart(last);
    }

    private static JobParameters parameters(long runId, List<String> clusters) {
        return new JobParametersBuilder().addLong("runId", runId)
                .addString("clusters", String.join(",", clusters), false).toJobParameters();
    }

    /** Why a run could not go on, in one line: a storage failure of the history database first, naming it. */
    private static String message(String database, Throwable e) {
        HistoryStorageException storage = HistoryStorage.failure(database, e);
        return storage != null ? storage.getMessage() : message(e);
    }

    /**
     * Why a run could not go on, in one line: the sentence pve-audit wrote for the operator when the chain has
     * one ({@code cannot write reports to reports/x: permission denied}), else the cause in plain words.
     */
    public static String message(Throwable e) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            boolean ours = t.getClass().getName().startsWith("org.pveaudit.")
                    // our wrappers of I/O errors; UncheckedIOException(cause) alone repeats the cause's class name
                    || t instanceof UncheckedIOException && t.getCause() != null
                    && !t.getCause().toString().equals(t.getMessage());
            if (ours && t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().replaceAll("[\\r\\n]+", " ").strip();
            }
        }
        return Cause.of(e);
    }

    /**
     * The Spring properties of an audit's context: the history database (login and migrations of its dialect, the
     * job repository's too) and quiet defaults; a worker's context ({@code job.scaleout.SiteWorker}) starts from
     * the same, so both meet the same database the same way.
     */
    public static Map<String, Object> properties(AuditRequest request, boolean verbose) {
        Map<String, Object> p = new HashMap<>();
        HistoryConfig history = request.config().history();
        p.put("spring.datasource.url", history.jdbcUrl());
        HistoryConnection login = history.connection();
        if (login.username() != null) {
            p.put("spring.datasource.username", login.username());
        }
        if (login.password() != null) {
            p.put("spring.datasource.password", login.password());
        }
        // the portable migrations and the database's own (Spring Batch's tables included)
        p.put("spring.flyway.locations", String.join(",", history.dialect().migrations()));
        p.put("spring.datasource.hikari.maximum-pool-size", "4");
        p.put("spring.batch.job.enabled", "false");
        p.put("spring.batch.jdbc.initialize-schema", "never");
        p.put("spring.freemarker.check-template-location", "false");
        p.put("spring.main.lazy-initialization", "false");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.org.pveaudit", verbose ? "INFO" : "WARN");
        p.put("logging.pattern.console", "%d{HH:mm:ss.SSS} %-5level %msg%n");
        if (request.config().scaleOut() != null) {
            p.put(ScaleOutRole.PROPERTY, ScaleOutRole.MANAGER);
        }
        return p;
    }
}
