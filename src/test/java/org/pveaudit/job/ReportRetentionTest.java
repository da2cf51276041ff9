package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.HistoryConfig;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.report.ReportFolders;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RulePackLoader;

/**
 * The run folders under {@code report.out} follow the history's retention when the report has none of its own:
 * four runs of the sample {@code prod} cluster with {@code history.keep-runs: 2}.
 */
@Tag("e2e")
class ReportRetentionTest {

    @TempDir
    Path dir;

    /** An audit of the sample prod cluster writing findings.json, with these retention settings. */
    private AuditRequest request(Integer historyKeepRuns, Integer reportKeepRuns) {
        AuditConfig sample = SampleAudit.config(dir);
        ReportConfig report = new ReportConfig("reports", List.of(ReportConfig.ReportFormat.JSON), null, null,
                reportKeepRuns, null, null);
        AuditConfig config = new AuditConfig(sample.clusters().subList(0, 1), sample.rules(), sample.waivers(),
                sample.policy(), report, new HistoryConfig(dir.resolve("history.db").toString(), historyKeepRuns, null),
                null, sample.parallel(), sample.people());
        return AuditRequest.of(config, SampleAudit.CONFIG.toString(), config.clusters(),
                new RulePackLoader(new RuleExpressions()).load(config.rules()), List.of(), FailurePolicy.DEFAULT,
                dir.resolve("reports"), "sample-hash", config.report().formats());
    }

    private List<Long> runFoldersAfterFourRuns(AuditRequest request) throws Exception {
        long last = 0;
        for (int i = 0; i < 4; i++) {
            AuditResult result = AuditRunner.run(request, "test", false);
            assertThat(result.failure()).isNull();
            last = result.runId();
        }
        Path reports = dir.resolve("reports");
        assertThat(reports.resolve(ReportFolders.LATEST).toRealPath().getFileName().toString()).endsWith("-r" + last);
        assertThat(reports.resolve(ReportFolders.INDEX)).isRegularFile();
        try (var entries = Files.list(reports)) {
            assertThat(entries.filter(p -> !p.getFileName().toString().matches("\\d{8}-\\d{6}-r\\d+"))
                    .map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(ReportFolders.LATEST,
                    ReportFolders.INDEX);
        }
        return new ReportFolders(reports).list().stream().map(ReportFolders.RunFolder::runId).toList();
    }

    @Test
    void withHistoryKeepRunsTwoAndNoReportRetentionTheFoldersOfTheTwoRunsKeptRemain() throws Exception {
        assertThat(runFoldersAfterFourRuns(request(2, null))).containsExactly(4L, 3L);
        assertThat(SampleAudit.history(request(2, null)).runs().oldest()).isEqualTo(3L);
        String index = Files.readString(dir.resolve("reports").resolve(ReportFolders.INDEX));
        assertThat(index).contains("-r4/", "-r3/").doesNotContain("-r2/", "-r1/");
    }

    @Test
    void anExplicitReportKeepRunsWinsOverTheHistorys() throws Exception {
        assertThat(runFoldersAfterFourRuns(request(2, 3))).containsExactly(4L, 3L, 2L);
    }
}
