package org.pveaudit.config;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where reports go, in which formats, and an optional folder of replacement templates. */
public record ReportConfig(@DefaultValue("reports") String out,
                           @DefaultValue({"html", "xlsx", "json"}) List<ReportFormat> formats,
                           String templates) {

    public ReportConfig {
        formats = formats == null || formats.isEmpty()
                ? List.of(ReportFormat.HTML, ReportFormat.XLSX, ReportFormat.JSON) : List.copyOf(formats);
        out = out == null ? "reports" : out;
    }

    ReportConfig resolvedAgainst(java.nio.file.Path dir) {
        return new ReportConfig(out, formats, AuditConfig.resolve(dir, templates));
    }

    /** The report formats. */
    public enum ReportFormat { HTML, XLSX, JSON, CSV, SARIF, JUNIT, MATRIX }
}
