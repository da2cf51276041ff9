package org.pveaudit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pveaudit.history.FailurePolicy;
import picocli.CommandLine.Option;

/**
 * What {@code audit} and {@code schedule} audit: the configuration, its clusters, the report folder, the metrics
 * file, the threshold.
 */
final class AuditTarget {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "pve-audit.yml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Audit only this cluster (repeatable; default: all).")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: report.out of the configuration).")
    Path out;

    @Option(names = "--metrics-file", paramLabel = "FILE", description = "After every run, write its Prometheus "
            + "metrics to FILE, e.g. for node_exporter's textfile collector (default: report.metrics of the "
            + "configuration; none when unset).")
    Path metricsFile;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "high",
            description = "Exit 1 when a finding is at or above: critical, high, medium, low, none (default: ${DEFAULT-VALUE}).")
    String failOn;

    /**
     * The {@code --fail-on} policy, with {@code --fail-on-new} where the command has it.
     *
     * @throws IllegalArgumentException with the one-line message for a level that is not one
     */
    FailurePolicy policy(boolean newOnly) {
        return FailurePolicy.parse(failOn, newOnly);
    }
}
