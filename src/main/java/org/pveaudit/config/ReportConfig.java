package org.pveaudit.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where reports go, in which formats, an optional folder of replacement templates, and the address where the
 * report folders are published ({@code base-url}: links in the e-mail point there instead of to a file path),
 * and which run folders to keep ({@code keep-runs}, {@code keep-days}: whichever keeps more; unset, the folders
 * follow the history's retention, and without that too all are kept), and the file the run's Prometheus metrics
 * are written to after every run ({@code metrics}, for node_exporter's textfile collector; none when unset).
 */
public record ReportConfig(@DefaultValue("reports") String out,
                           @DefaultValue({"html", "xlsx", "json"}) List<ReportFormat> formats,
                           String templates,
                           @Pattern(regexp = "https?://[^\\s\"<>]+", message = "must be an http:// or https:// address")
                           String baseUrl,
                           @Min(value = 1, message = "must be at least 1") Integer keepRuns,
                           @Min(value = 1, message = "must be at least 1") Integer keepDays,
                           String metrics) {

    public ReportConfig {
        formats = formats == null || formats.isEmpty()
                ? List.of(ReportFormat.HTML, ReportFormat.XLSX, ReportFormat.JSON) : List.copyOf(formats);
        out = out == null ? "reports" : out;
    }

    /**
     * Whether the run folders follow the history's retention: no {@code keep-runs} or {@code keep-days} of their
     * own, and {@code history} has one: a run folder goes when the history prunes its run.
     */
    public boolean followsHistory(HistoryConfig history) {
        return keepRuns == null && keepDays == null && (history.keepRuns() != null || history.keepDays() != null);
    }

    ReportConfig resolvedAgainst(java.nio.file.Path dir) {
        return new ReportConfig(out, formats, AuditConfig.resolve(dir, templates), baseUrl, keepRuns, keepDays,
                metrics);
    }

    /** The report formats. */
    public enum ReportFormat { HTML, XLSX, JSON, CSV, SARIF, JUNIT, MATRIX }
}
