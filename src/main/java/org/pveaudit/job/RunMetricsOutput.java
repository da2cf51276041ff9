package org.pveaudit.job;

import java.nio.file.Path;
import java.util.Map;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.report.MetricsFile;
import org.pveaudit.report.PrometheusText;
import org.pveaudit.report.RunMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;

/** Where a run's Prometheus metrics go, and their writing once the run is recorded as ended (or could not be). */
public final class RunMetricsOutput {

    private static final Logger log = LoggerFactory.getLogger(AuditRunner.class);

    private RunMetricsOutput() {
    }

    /** The metrics of a run the history database could not record, keeping the last success the file had. */
    static void writeUnrecorded(Path file) {
        try {
            MetricsFile.write(file, PrometheusText.render(RunMetrics.unrecorded(java.time.Instant.now(),
                    ExitCode.NOT_AUDITED, MetricsFile.value(file, RunMetrics.LAST_SUCCESS))));
        } catch (RuntimeException e) {
            log.warn("{}", AuditRunner.message(e));
        }
    }

    /** Where the run's metrics go: {@code --metrics-file}, else {@code report.metrics}, else nowhere (null). */
    public static Path file(AuditRequest request, RunOptions options) {
        String configured = request.config().report().metrics();
        return options.metricsFile() != null ? options.metricsFile() : configured == null ? null : Path.of(configured);
    }

    /**
     * Writes the Prometheus metrics of the run, recorded as ended. A failure is a notice only (printed at the end,
     * logged as a warning by {@code schedule}): the metrics describe the audit, they must not fail it or change
     * its exit code.
     *
     * @return the one-line notice when the file could not be written, else null
     */
    static String write(Path file, AuditHistory history, long runId, JobExecution execution,
                        java.time.Duration total) {
        try {
            MetricsFile.write(file, PrometheusText.render(RunMetrics.read(history, runId, stepDurations(execution),
                    total).families()));
            return null;
        } catch (RuntimeException e) {
            String why = AuditRunner.message(e);
            return why.startsWith("cannot write metrics") ? why : "cannot write metrics to " + file + ": " + why;
        }
    }

    /**
     * How long each step of the job took, in the order they ran: the job's own steps only (the collect step
     * covers its per-cluster partitions); a restart has only the steps it ran again.
     */
    private static Map<String, java.time.Duration> stepDurations(JobExecution execution) {
        Map<String, java.time.Duration> out = new java.util.LinkedHashMap<>();
        if (execution == null) {
            return out;
        }
        execution.getStepExecutions().stream()
                .filter(s -> AuditJobConfiguration.STEPS.contains(s.getStepName()))
                .filter(s -> s.getStartTime() != null && s.getEndTime() != null)
                .sorted(java.util.Comparator.comparing(s -> s.getStartTime()))
                .forEach(s -> out.put(s.getStepName(), java.time.Duration.between(s.getStartTime(), s.getEndTime())));
        return out;
    }
}
