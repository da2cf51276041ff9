package org.pveaudit.job;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pveaudit.history.AuditHistory;
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

    private AuditRunner() {
    }

    /**
     * Runs the audit. {@code failOn} null means {@code none}.
     *
     * @param verbose log at INFO (per-cluster counts and step times) instead of WARN
     */
    public static AuditResult run(AuditRequest request, String toolVersion, boolean verbose) {
        SpringApplication app = new SpringApplication(AuditApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(properties(request, verbose));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("auditRequest", request));
        try (ConfigurableApplicationContext ctx = app.run()) {
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
            } catch (Exception e) {
                failure = e.getMessage();
            }
            var clusters = history.clusters(runId);
            var findings = history.findings(runId);
            int exit = failure != null ? ExitCode.NOT_AUDITED : ExitCode.of(clusters, findings, request.failOn());
            String reportDir = history.run(runId).map(r -> r.reportDir()).orElse(null);
            history.finishRun(runId, failure == null ? "COMPLETED" : "FAILED", reportDir, exit);
            return new AuditResult(runId, reportDir == null ? null : Path.of(reportDir),
                    clusters, findings, exit, failure);
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
