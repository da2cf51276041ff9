package org.pveaudit.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.MigratedHistory;
import org.pveaudit.history.ReviewStore;
import org.pveaudit.report.ReviewFacts;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;

/** A review workbook written, filled in with POI and imported; and every way a filled one is refused. */
class FilledWorkbookTest {

    private static final Instant START = Instant.parse("2027-01-02T09:00:00Z");
    private static final Clock TODAY = Clock.fixed(Instant.parse("2027-01-10T12:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate DECIDED = LocalDate.of(2027, 1, 5);
    private static final String HOSTILE = "=HYPERLINK(\"http://x\")@pve";

    @TempDir
    Path dir;

    AuditHistory history;
    Campaign campaign;
    Path filled;

    private static ReviewRow row(String principal, String reviewer, boolean admin) {
        Map<String, String> facts = new LinkedHashMap<>();
        ReviewFacts.COLUMNS.forEach(c -> facts.put(c, ""));
        facts.put("Realm", "pve");
        facts.put("Enabled", "yes");
        facts.put("Expires", "never");
        facts.put("Administrator on", admin ? "/" : "");
        facts.put(ReviewColumns.LAST_DECISION, "");
        return new ReviewRow("prod", principal, principal.contains("!") ? "token" : "user", reviewer, admin, "d",
                facts);
    }

    @BeforeEach
    void campaignWithAFilledWorkbook() throws IOException {
        history = new AuditHistory(MigratedHistory.in(dir));
        List<ReviewRow> rows = List.of(row("alice@pve", "ann@example.com", true), row("bob@pve", "ben@example.com",
                false), row("bob@pve!ci", "ben@example.com", false), row(HOSTILE, null, false));
        campaign = history.reviews().open("2027-Q1", 7, LocalDate.of(2027, 1, 31), START, rows);
        filled = dir.resolve("review-2027-Q1.xlsx");
        ReviewWorkbook.write(filled, campaign, rows);
        FilledWorkbooks.decideAll(filled, "keep", "needed for the nightly jobs", DECIDED);
        FilledWorkbooks.set(filled, "Review", "O5", "sec@example.com"); // the unassigned row
    }

    private ReviewImport.Imported importing(Path file) {
        return new ReviewImport(file, "ops", TODAY).run(history);
    }

    /** The import fails with this message and stores nothing. */
    private void refused(String message) {
        assertThatThrownBy(() -> importing(filled)).isInstanceOf(ReviewInputException.class)
                .hasMessage(message);
        assertThat(history.reviews().decisions(campaign.id())).isEmpty();
        assertThat(history.reviews().imports(campaign.id())).isEmpty();
    }

    @Test
    void aFilledWorkbookIsImportedWithItsTrail() throws IOException {
        assertThat(FilledWorkbooks.rows(filled).get(4).get(1)).isEqualTo(HOSTILE); // text, not a formula
        FilledWorkbooks.set(filled, "Review", "M3", "Revoke");
        FilledWorkbooks.set(filled, "Review", "P3", null); // no date: today

        ReviewImport.Imported imported = importing(filled);

        assertThat(imported.decisions()).isEqualTo(4);
        assertThat(imported.reviewers()).containsExactly("ann@example.com", "ben@example.com", "sec@example.com");
        assertThat(history.reviews().decisions(campaign.id()))
                .extracting(Decision::principal, Decision::verdict, Decision::decidedOn)
                .contains(org.assertj.core.groups.Tuple.tuple("bob@pve", Decision.Verdict.REVOKE,
                        LocalDate.of(2027, 1, 10)), org.assertj.core.groups.Tuple.tuple("alice@pve",
                        Decision.Verdict.KEEP, DECIDED));
        ReviewStore.Import trail = history.reviews().imports(campaign.id()).get(0);
        assertThat(trail.importedBy()).isEqualTo("ops");
        assertThat(trail.fileName()).isEqualTo("review-2027-Q1.xlsx");
        assertThat(trail.sha256()).hasSize(64);
    }

    @Test
    void aWorkbookOfAnotherCampaignOrHistoryIsRefused() throws IOException {
        FilledWorkbooks.set(filled, "Campaign", "B2", "00000000000000000000000000000000");
        refused("review-2027-Q1.xlsx: sheet Campaign, cell B2: the campaign token matches no campaign of this "
                + "history (a workbook of another history, or edited)");
    }

    @Test
    void aClosedCampaignTakesNoMoreDecisions() {
        history.reviews().close(campaign.id(), START.plusSeconds(86_400));
        assertThatThrownBy(() -> importing(filled)).hasMessageStartingWith("review-2027-Q1.xlsx: sheet Campaign, "
                + "cell B1: campaign 2027-Q1 was closed on 2027-01-03T09:00:00Z; it takes no more decisions");
        assertThat(history.reviews().decisions(campaign.id())).isEmpty();
    }

    @Test
    void aMissingRowIsRefused() throws IOException {
        FilledWorkbooks.deleteRow(filled, 3);
        refused("review-2027-Q1.xlsx: sheet Review: the row of bob@pve on prod (row 3 when written) is missing; "
                + "every row needs a decision");
    }

    @Test
    void anEditedFactIsRefusedNamingItsCell() throws IOException {
        FilledWorkbooks.set(filled, "Review", "D3", "pam");
        refused("review-2027-Q1.xlsx: sheet Review, cell D3: Realm of bob@pve is 'pam', was 'pve' when written; "
                + "facts must stay as written");
    }

    @Test
    void anEditedPrincipalIsRefusedNamingItsCell() throws IOException {
        FilledWorkbooks.set(filled, "Review", "B3", "mallory@pve");
        refused("review-2027-Q1.xlsx: sheet Review, cell B3: 'mallory@pve' was 'bob@pve' when written; facts must "
                + "stay as written");
    }

    @Test
    void everyRowNeedsAValidDecisionAndAReviewer() throws IOException {
        FilledWorkbooks.set(filled, "Review", "M4", null);
        refused("review-2027-Q1.xlsx: sheet Review, cell M4: no decision for bob@pve!ci (keep, revoke or change)");
        FilledWorkbooks.set(filled, "Review", "M4", "maybe");
        refused("review-2027-Q1.xlsx: sheet Review, cell M4: decision 'maybe' is not keep, revoke or change");
        FilledWorkbooks.set(filled, "Review", "M4", "keep");
        FilledWorkbooks.set(filled, "Review", "O4", " ");
        refused("review-2027-Q1.xlsx: sheet Review, cell O4: no reviewer for bob@pve!ci");
    }

    @Test
    void keepingAdministratorAccessNeedsAJustification() throws IOException {
        FilledWorkbooks.set(filled, "Review", "N2", null);
        refused("review-2027-Q1.xlsx: sheet Review, cell N2: keeping alice@pve, which holds every privilege of "
                + "Administrator on /, needs a justification");
        // revoking it needs none, nor does keeping an ordinary account
        FilledWorkbooks.set(filled, "Review", "M2", "revoke");
        FilledWorkbooks.set(filled, "Review", "N3", null);
        assertThat(importing(filled).decisions()).isEqualTo(4);
    }

    @Test
    void aDateInTheFutureOrNotADateIsRefused() throws IOException {
        FilledWorkbooks.set(filled, "Review", "P3", LocalDate.of(2027, 2, 1));
        refused("review-2027-Q1.xlsx: sheet Review, cell P3: date 2027-02-01 is in the future");
        FilledWorkbooks.set(filled, "Review", "P3", "next week");
        refused("review-2027-Q1.xlsx: sheet Review, cell P3: 'next week' is not a date like 2027-01-15");
        FilledWorkbooks.set(filled, "Review", "P3", "2026-12-01");
        refused("review-2027-Q1.xlsx: sheet Review, cell P3: date 2026-12-01 is before the campaign started "
                + "(2027-01-02)");
    }

    @Test
    void aFileThatIsNoWorkbookIsRefused() throws IOException {
        Files.writeString(filled, "Cluster,Principal\nprod,alice@pve\n");
        refused("review-2027-Q1.xlsx: not a readable XLSX workbook");
    }

    @Test
    void theReviewerColumnsAreWhereTheMessagesSay() {
        assertThat(FilledWorkbooks.column("Decision")).isEqualTo("M");
        assertThat(FilledWorkbooks.column("Date")).isEqualTo("P");
    }

    @Test
    void theFactsAreLockedTheAnswersOpenAndTheCampaignSheetHidden() throws IOException {
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
                Files.newInputStream(filled))) {
            var review = wb.getSheet("Review");
            assertThat(review.getProtect()).isTrue();
            assertThat(review.getRow(1).getCell(3).getCellStyle().getLocked()).isTrue();
            assertThat(review.getRow(1).getCell(12).getCellStyle().getLocked()).isFalse();
            assertThat(review.getRow(1).getCell(15).getCellStyle().getLocked()).isFalse();
            assertThat(review.getRow(4).getCell(1).getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(review.getDataValidations()).as("decision, date").hasSize(2);
            assertThat(wb.isSheetHidden(wb.getSheetIndex("Campaign"))).isTrue();
            assertThat(wb.getSheet("Campaign").getRow(1).getCell(1).getStringCellValue()).isEqualTo(campaign.token());
        }
    }
}
