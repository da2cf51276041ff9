package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.Severity;
import org.sqlite.SQLiteDataSource;

/**
 * The demo configuration {@code sample-data/pve-audit.yml} (three clusters, the baseline pack) as an audit
 * request, with its history database and report folder moved into a test's temporary folder.
 */
final class SampleAudit {

    static final Path CONFIG = Path.of("sample-data", "pve-audit.yml");

    /** Findings of the baseline per sample cluster without the dated PVE-TOKEN-003 (sample-data/README.md). */
    static final Map<String, int[]> FIXED_COUNTS = Map.of(
            // critical, high, medium, low, info
            "prod", new int[] {10, 65, 19, 14, 3},
            "lab", new int[] {4, 16, 6, 5, 1},
            "branch", new int[] {6, 32, 11, 8, 0});

    /** The one rule whose findings depend on the day the test runs (tokens valid for more than a year from now). */
    static final String DATED_RULE = "PVE-TOKEN-003";

    private SampleAudit() {
    }

    /** The sample configuration writing its history to {@code dir/history.db}. */
    static AuditConfig config(Path dir) {
        AuditConfig c = AuditConfigLoader.load(CONFIG);
        return new AuditConfig(c.clusters(), c.rules(), c.waivers(), c.policy(), c.report(),
                new HistoryConfig(dir.resolve("history.db").toString(), null, null), c.mail(), c.parallel(), c.people());
    }

    /** An audit of every sample cluster, failing on high, writing {@code formats} under {@code dir/reports}. */
    static AuditRequest request(Path dir, List<ReportConfig.ReportFormat> formats) {
        return request(dir, formats, FailurePolicy.DEFAULT);
    }

    /** The same audit, failing as {@code policy} says. */
    static AuditRequest request(Path dir, List<ReportConfig.ReportFormat> formats, FailurePolicy policy) {
        return request(config(dir), dir, formats, policy);
    }

    /** The sample audit writing its history to {@code history} (a PostgreSQL database, say). */
    static AuditRequest request(Path dir, HistoryConfig history) {
        AuditConfig c = config(dir);
        return request(new AuditConfig(c.clusters(), c.rules(), c.waivers(), c.policy(), c.report(), history, c.mail(),
                c.parallel(), c.people()), dir, List.of(ReportConfig.ReportFormat.JSON), FailurePolicy.DEFAULT);
    }

    private static AuditRequest request(AuditConfig config, Path dir, List<ReportConfig.ReportFormat> formats,
                                        FailurePolicy policy) {
        return AuditRequest.of(config, CONFIG.toString(), config.clusters(),
                new RulePackLoader(new RuleExpressions()).load(config.rules()), List.of(), policy,
                dir.resolve("reports"), "sample-hash", formats);
    }

    /** The history the request's runs write, read directly from its SQLite file. */
    static AuditHistory history(AuditRequest request) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(request.config().history().jdbcUrl());
        return new AuditHistory(ds);
    }
}
