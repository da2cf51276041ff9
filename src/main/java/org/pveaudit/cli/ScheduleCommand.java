package org.pveaudit.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.pveaudit.config.ConfigException;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRequestLoader;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.RunMetricsOutput;
import org.pveaudit.job.RunOptions;
import org.pveaudit.job.AuditScheduler;
import org.pveaudit.job.ExitCode;
import org.pveaudit.rules.RuleFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.pveaudit.model.Count;
import org.pveaudit.report.MetricsEndpoint;

/** {@code pve-audit schedule}: audits on a cron schedule in one long-lived process. */
@Command(name = "schedule", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run audits on a cron schedule in one long-lived process, one at a time.",
                "The configuration, rules and waivers are read again before every run. SIGTERM (or Ctrl-C) "
                        + "starts no new run and lets a running audit finish (up to --stop-timeout); then the "
                        + "process exits 143 (130 after Ctrl-C)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:--max-runs reached",
                "2:usage or configuration error at start",
                "143:stopped by SIGTERM (130: by Ctrl-C); a run still going is marked INTERRUPTED"})
final class ScheduleCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ScheduleCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    AuditTarget target = new AuditTarget();

    @Option(names = "--cron", paramLabel = "EXPR", required = true,
            description = "Spring cron expression with seconds: second minute hour day month weekday, "
                    + "e.g. \"0 0 2 * * *\" (02:00 every day) or \"0 30 6 * * MON-FRI\".")
    String cron;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the cron expression (default: the system's).")
    String zone;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "0",
            description = "Stop after N runs (0: until stopped; default: ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--stop-timeout", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "On SIGTERM, how long a running audit may take to finish (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    @Option(names = "--metrics-port", paramLabel = "N", description = "Also serve the metrics file over HTTP on "
            + "this port (GET /metrics) for Prometheus to scrape; needs --metrics-file or report.metrics.")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", description = "Address --metrics-port listens on "
            + "(default: 127.0.0.1, this host only; 0.0.0.0 for every interface).")
    String metricsBind;

    @Mixin
    LogOptions logging = new LogOptions();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        String problem = logging.check();
        if (problem == null && !CronExpression.isValidExpression(cron)) {
            problem = "--cron: '" + cron + "' is not a cron expression with six fields "
                    + "(second minute hour day month weekday), e.g. \"0 0 2 * * *\"";
        }
        FailurePolicy policy = null;
        try {
            policy = target.policy(false);
        } catch (IllegalArgumentException e) {
            problem = problem != null ? problem : e.getMessage();
        }
        ZoneId zoneId = ZoneId.systemDefault();
        try {
            zoneId = zone == null ? zoneId : ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            problem = problem != null ? problem : "--zone: '" + zone + "' is not a time zone such as Europe/Berlin";
        }
        if (problem == null && maxRuns < 0) {
            problem = "--max-runs must not be negative";
        }
        if (problem == null && metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            problem = "--metrics-port must be a port from 0 (any free one) to 65535";
        }
        if (problem == null && metricsBind != null && metricsPort == null) {
            problem = "--metrics-bind needs --metrics-port";
        }
        if (problem != null) {
            err.println("pve-audit: " + problem);
            return ExitCode.INPUT_ERROR;
        }
        logging.apply(true);
        AuditRequest first;
        try {
            first = AuditRequestLoader.load(target.config, target.clusters, target.out, policy, List.of()); // fail fast on a broken configuration
        } catch (ConfigException | RuleFileException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        }
        MetricsEndpoint endpoint;
        try {
            endpoint = metricsPort == null ? null : serveMetrics(first);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        }
        try (MetricsEndpoint served = endpoint) {
            return schedule(policy, zoneId);
        }
    }

    /** {@code --metrics-port}: the run's metrics file over HTTP, on loopback unless {@code --metrics-bind} says. */
    private MetricsEndpoint serveMetrics(AuditRequest first) {
        Path file = RunMetricsOutput.file(first, RunOptions.DEFAULT.withMetricsFile(target.metricsFile));
        InetSocketAddress address = new InetSocketAddress(metricsBind == null ? "127.0.0.1" : metricsBind,
                metricsPort);
        if (file == null) {
            throw new IllegalArgumentException("--metrics-port needs --metrics-file or report.metrics in the "
                    + "configuration: it serves that file");
        }
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--metrics-bind: '" + metricsBind + "' is not an address");
        }
        MetricsEndpoint endpoint = MetricsEndpoint.start(address, file);
        log.info("schedule: metrics of {} served at http://{}:{}{}", file, endpoint.address().getHostString(),
                endpoint.address().getPort(), MetricsEndpoint.PATH);
        return endpoint;
    }

    private int schedule(FailurePolicy policy, ZoneId zoneId) throws InterruptedException {
        FailurePolicy failOn = policy;
        AuditScheduler scheduler = new AuditScheduler(new CronTrigger(cron, zoneId), () -> runOnce(failOn),
                maxRuns);
        Thread hook = new Thread(() -> {
            log.info("schedule: stopping (waiting up to {} s for a running audit)", stopTimeout.toSeconds());
            scheduler.stop(stopTimeout);
        }, "schedule-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("schedule: '{}' ({}); first run at {}", cron, zoneId, scheduler.firstRun());
        int runs = scheduler.runUntilStopped();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook is what released us
        }
        log.info("schedule: stopped after {} run{}", runs, runs == 1 ? "" : "s");
        return ExitCode.OK;
    }

    private void runOnce(FailurePolicy policy) {
        AuditRequest request;
        try {
            request = AuditRequestLoader.load(target.config, target.clusters, target.out, policy, List.of());
        } catch (ConfigException | RuleFileException e) {
            log.error("schedule: run skipped, the configuration is not valid: {}", e.getMessage());
            return;
        }
        long start = System.nanoTime();
        // a manual audit on the same database may be running: wait for it rather than skip the slot
        AuditResult result = AuditRunner.run(request, Main.version(), logging.verbose,
                new RunOptions(null, null, true, List.of(), m -> log.info("schedule: {}", m), stopTimeout)
                        .withMetricsFile(target.metricsFile),
                false);
        long notAudited = result.clusters().stream().filter(c -> !c.audited()).count();
        String line = "run {} finished in {} s: exit code {}, {}, {} not audited, reports {}{}";
        Object[] args = {result.runId(), (System.nanoTime() - start) / 1_000_000_000, result.exitCode(),
                Count.of(result.findings().stream().filter(f -> !f.waived()).count(), "finding"),
                Count.of(notAudited, "cluster"), result.reportDir(),
                result.mail() == null ? "" : "; mail " + result.mail().describe()};
        if (result.exitCode() >= 2) {
            log.warn(line, args);
        } else {
            log.info(line, args);
        }
        // what a manual audit prints at its end: gaps, waivers to review, clusters not audited, mail
        org.slf4j.Logger notices = LoggerFactory.getLogger(org.pveaudit.logging.LogSetup.NOTICES);
        result.notices().lines().forEach(n -> notices.warn("run {}: {}", result.runId(), n));
    }
}
