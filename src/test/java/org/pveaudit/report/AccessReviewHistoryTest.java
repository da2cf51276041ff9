package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.MigratedHistory;
import org.pveaudit.history.Retention;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.rules.RuleEngine;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Access review sheet's "Last change seen", from a real SQLite history of three runs: a user whose ACL entry
 * changed in run 2 shows run 2's date, one never changed shows "none recorded".
 */
class AccessReviewHistoryTest {

    @TempDir
    Path dir;

    private AuditHistory history;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migrate() {
        org.sqlite.SQLiteDataSource ds = MigratedHistory.in(dir);
        history = new AuditHistory(ds);
        jdbc = new JdbcTemplate(ds);
    }

    private static User user(String id) {
        return new User(id, true, 0, null, null, null, null, null, List.of(), null, false, 0);
    }

    private static ClusterSnapshot prod(String aliceRole) {
        return Snapshots.builder().cluster("prod").user(user("alice@pve"), user("bob@pve"))
                .token(new ApiToken("alice@pve!ci", 0, true, null))
                .acl(new AclEntry("/vms", Principal.user("alice@pve"), aliceRole, true),
                        new AclEntry("/storage", Principal.user("bob@pve"), "PVEAuditor", true))
                .build();
    }

    /** A completed live run of prod started on {@code day}. */
    private long audit(ClusterSnapshot s, String day, Retention keep) {
        long id = history.runs().start("test", "hash", "baseline@1", "high");
        jdbc.update("UPDATE audit_run SET started_at = ? WHERE id = ?", day + "T06:00:00Z", id);
        history.snapshots().save(id, s);
        history.findings().saveEvaluation(id, "prod", new RuleEngine.Evaluation(List.of(), List.of(), List.of()));
        history.comparison().compareWithPrevious(id);
        history.runs().complete(id, null, 0, keep);
        return id;
    }

    /** "Last change seen" of each principal on the review sheet of the run's workbook. */
    private Map<String, String> lastChangeSeen(long run) throws Exception {
        Path out = dir.resolve("r" + run);
        java.nio.file.Files.createDirectories(out);
        new XlsxReport().write(ReportData.of(history, run).withAccess(1), out);
        Map<String, String> seen = new HashMap<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(out.resolve(XlsxReport.FILE).toFile())) {
            Sheet review = wb.getSheet(AccessReviewSheet.NAME);
            assertThat(review.getRow(0).getCell(13).getStringCellValue()).isEqualTo("Last change seen");
            assertThat(review.getRow(0).getCell(AccessReviewSheet.DECISION).getStringCellValue()).isEqualTo("Decision");
            for (Row row : review) {
                if (row.getRowNum() > 0 && row.getCell(13) != null) {
                    seen.put(row.getCell(1).getStringCellValue(), row.getCell(13).getStringCellValue());
                }
            }
        }
        return seen;
    }

    @Test
    void aUserWhoseAclEntryChangedInRunTwoShowsRunTwosDateAndAnUnchangedOneNoneRecorded() throws Exception {
        audit(prod("PVEVMUser"), "2026-11-01", Retention.FOREVER);
        long second = audit(prod("PVEVMAdmin"), "2026-11-03", Retention.FOREVER);
        long third = audit(prod("PVEVMAdmin"), "2026-11-05", Retention.FOREVER);
        assertThat(lastChangeSeen(third)).isEqualTo(Map.of("alice@pve", "2026-11-03 (run " + second + ")",
                "bob@pve", "none recorded", "alice@pve!ci", "none recorded"));
    }

    @Test
    void afterThePruneOfEarlierRunsTheSheetSaysSinceWhichRunNothingWasRecorded() throws Exception {
        audit(prod("PVEVMUser"), "2026-11-01", Retention.FOREVER);
        long second = audit(prod("PVEVMAdmin"), "2026-11-03", Retention.FOREVER);
        long third = audit(prod("PVEVMAdmin"), "2026-11-05", new Retention(2, null));
        assertThat(lastChangeSeen(third)).containsEntry("alice@pve", "2026-11-03 (run " + second + ")")
                .containsEntry("bob@pve", "none recorded since run " + second);
    }

    @Test
    void aReportNotReadFromTheHistoryLeavesTheCellEmpty() {
        assertThat(AccessReviewSheet.lastChangeSeen(null, "alice@pve")).isNull();
    }

    @Test
    void aCampaignIsShownTheFactsTheSheetShows() throws Exception {
        audit(prod("PVEVMUser"), "2026-11-01", Retention.FOREVER);
        java.util.SortedSet<String> all = org.pveaudit.model.PrivilegeCatalog.of(org.pveaudit.model.PveRelease.PVE9)
                .builtInRoles().get("Administrator");
        ClusterSnapshot withAdministrator = Snapshots.from(prod("Administrator"))
                .role(new org.pveaudit.model.Role("Administrator", all, true)).build();
        long second = audit(withAdministrator, "2026-11-03", Retention.FOREVER);
        ClusterSnapshot s = history.snapshots().snapshot(second, "prod");
        List<ReviewFacts> facts = ReviewFacts.of(s, ClusterAccess.of(new org.pveaudit.rules.ClusterView(s,
                java.time.Instant.parse("2026-11-03T06:00:00Z").getEpochSecond())),
                history.comparison().lastChanges(second, "prod"));
        assertThat(facts).extracting(ReviewFacts::principal).containsExactly("alice@pve", "alice@pve!ci", "bob@pve");
        ReviewFacts alice = facts.get(0);
        assertThat(alice.adminEquivalent()).isTrue();
        assertThat(alice.facts()).containsEntry("Realm", "pve").containsEntry("Enabled", "yes")
                .containsEntry("Expires", "never").containsEntry("Administrator on", "/vms (2 paths)")
                .containsEntry("Last change seen", lastChangeSeen(second).get("alice@pve"));
        assertThat(alice.facts().keySet()).containsExactlyElementsOf(ReviewFacts.COLUMNS);
        assertThat(facts.get(2).adminEquivalent()).isFalse();
        assertThat(facts.get(2).facts()).containsEntry("Administrator on", "").containsEntry("Escalation privileges", "");
    }
}
