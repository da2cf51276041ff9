package org.pveaudit.job;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.notify.MailNotifier;
import org.pveaudit.notify.MailResult;
import org.pveaudit.ops.ClusterProgress;
import org.pveaudit.ops.LogSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring context for one audit, runs the {@code audit} job and records how the run ended. */
public final class AuditRunner {

    private static final Logger log = LoggerFactory.getLogger(AuditRunner.class);

    private AuditRunner() {
    }

    /**
     * Runs the audit. {@code failOn} null means {@code none}.
     *
     * @param verbose log at INFO (per-cluster counts and step times) instead of WARN
     */
    public static AuditResult run(AuditRequest request, String toolVersion, boolean verbose) {
        return run(request, toolVersion, verbose, false);
    }

    /**
     * @param progress print a line per cluster to stderr as its collection ends (for an interactive terminal)
     */
    public static AuditResult run(AuditRequest request, String toolVersion, boolean verbose, boolean progress) {
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
        long started = System.nanoTime();
        try (ConfigurableApplicationContext ctx = app.run()) {
            log.info("started in {} ms", (System.nanoTime() - started) / 1_000_000);
            AuditHistory history = ctx.getBean(AuditHistory.class);
            long runId = history.startRun(toolVersion, request.configHash(), request.packNames(),
                    request.failOn() == null ? "none" : request.failOn().key());
            JobExecution execution;
            String failure = null;
            try {
                execution = ctx.getBean(JobOperator.class).start(ctx.getBean("auditJob", Job.class),
                        new JobParametersBuilder().addLong("runId", runId).toJobParameters());
                if (execution.getStatus() != BatchStatus.COMPLETED) {
                    failure = execution.getAllFailureExceptions().stream().map(Throwable::getMessage)
                            .findFirst().orElse("job ended " + execution.getStatus());
                }
                logSteps(execution);
            } catch (Exception e) {
                failure = e.getMessage();
            }
            var clusters = history.clusters(runId);
            var findings = history.findings(runId);
            int exit = failure != null ? ExitCode.NOT_AUDITED : ExitCode.of(clusters, findings, request.failOn());
            String reportDir = history.run(runId).map(r -> r.reportDir()).orElse(null);
            // notify after the job, not as a step: the message reports the final exit code, is sent even when
            // the job failed (send: on-failure), and a failed send must not mark the audit run FAILED
            MailResult mail = null;
            if (request.config().mail() != null) {
                mail = new MailNotifier(ctx.getBean(DataSource.class)).notify(request.config().mail(), history,
                        runId, templates(request), exit, failure);
                if (mail.failed() && exit != ExitCode.INPUT_ERROR) {
                    exit = ExitCode.NOT_AUDITED;
                }
            }
            history.finishRun(runId, failure == null ? "COMPLETED" : "FAILED", reportDir, exit);
            return new AuditResult(runId, reportDir == null ? null : Path.of(reportDir),
                    clusters, findings, exit, failure, mail);
        }
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

    private static Map<String, Object> properties(AuditRequest request, boolean verbose) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.datasource.url", request.config().history().jdbcUrl());
        p.put("spring.datasource.hikari.maximum-pool-size", "4");
        p.put("spring.batch.job.enabled", "false");
        p.put("spring.batch.jdbc.initialize-schema", "never");
        p.put("spring.freemarker.check-template-location", "false");
        p.put("spring.main.lazy-initialization", "false");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.org.pveaudit", verbose ? "INFO" : "WARN");
        p.put("logging.pattern.console", "%d{HH:mm:ss.SSS} %-5level %msg%n");
        return p;
    }
}
