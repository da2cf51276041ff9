package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.campaign.FilledWorkbooks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole access review on the sample clusters through the command line: the audit, {@code review start}, the
 * workbooks filled in with POI, {@code review import} and {@code review status}; and imports that store nothing.
 */
@Tag("e2e")
class ReviewCommandTest {

    private static final LocalDate TODAY = LocalDate.now();

    @TempDir
    static Path audited;

    @TempDir
    Path work;

    Path db;

    static HistoryFixture.Run run(String... args) {
        return HistoryFixture.run(args);
    }

    /** One audit of the three sample clusters; each test reviews a copy of its history. */
    @BeforeAll
    static void audit() throws IOException {
        HistoryFixture.auditedSamples(audited);
    }

    @BeforeEach
    void copyHistory() throws IOException {
        db = Files.copy(audited.resolve("history.db"), work.resolve("history.db"));
    }

    private HistoryFixture.Run review(String... args) {
        List<String> all = new ArrayList<>(List.of("review"));
        all.addAll(List.of(args));
        all.addAll(List.of("--database", db.toString()));
        return run(all.toArray(String[]::new));
    }

    private JsonNode status() {
        HistoryFixture.Run status = review("status", "--json");
        assertThat(status.exit()).as(status.err()).isZero();
        return JsonMapper.builder().build().readTree(status.out());
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCampaignFromStartToDecisions() throws IOException {
        HistoryFixture.Run start = review("start", "--name", "2027-Q1", "--due", TODAY.plusDays(30).toString(), "-o",
                work.toString());
        assertThat(start.exit()).as(start.err()).isZero();
        Path book = work.resolve("review-2027-Q1.xlsx");
        assertThat(start.out()).contains("campaign 2027-Q1: ").contains(book.toString());
        List<List<String>> rows = FilledWorkbooks.rows(book);
        int principals = rows.size() - 1;
        assertThat(rows.get(0)).startsWith("Cluster", "Principal", "Kind", "Realm", "Enabled", "Expires");
        // root@pam holds everything everywhere, and an unassigned reviewer is left empty
        List<String> root = rows.stream().filter(r -> r.get(0).equals("prod") && r.get(1).equals("root@pam"))
                .findFirst().orElseThrow();
        assertThat(root.get(8)).startsWith("/ (");
        assertThat(root.get(14)).isEmpty();
        assertThat(rows.stream().map(r -> r.get(0)).distinct()).contains("prod", "lab", "branch");

        JsonNode before = status().get("campaigns").get(0);
        assertThat(before.get("name").asString()).isEqualTo("2027-Q1");
        assertThat(before.get("rows").asInt()).isEqualTo(principals);
        assertThat(before.get("decided").asInt()).isZero();
        assertThat(before.get("open").asInt()).isEqualTo(principals);
        assertThat(before.get("overdue").asInt()).isZero();

        FilledWorkbooks.decideAll(book, "keep", "still needed", TODAY, "ann@example.com");
        HistoryFixture.Run imported = review("import", book.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).isEqualTo("imported " + principals + " decisions of ann@example.com into 2027-Q1"
                + System.lineSeparator());

        JsonNode after = status().get("campaigns").get(0);
        assertThat(after.get("decided").asInt()).isEqualTo(principals);
        assertThat(after.get("open").asInt()).isZero();
        assertThat(review("status").out()).contains("2027-Q1").contains("(unassigned)");

        // the next campaign, already overdue, shows each principal's last decision
        HistoryFixture.Run late = review("start", "--name", "late", "--due", "2020-01-01", "-o", work.toString());
        assertThat(late.exit()).as(late.err()).isZero();
        assertThat(late.err()).contains("the due date 2020-01-01 has passed");
        assertThat(FilledWorkbooks.rows(work.resolve("review-late.xlsx")).get(1).get(11))
                .isEqualTo("keep by ann@example.com on " + TODAY + " (2027-Q1)");
        JsonNode overdue = status().get("campaigns").get(1);
        assertThat(overdue.get("overdue").asInt()).isEqualTo(principals);
        assertThat(overdue.get("reviewers").get(0).get("reviewer").isNull()).isTrue();
    }

    @Test
    void aWorkbookWithAProblemStoresNothing() throws IOException {
        assertThat(review("start", "--name", "2027-Q1", "--due", "2027-03-31", "-o", work.toString()).exit())
                .isZero();
        Path book = work.resolve("review-2027-Q1.xlsx");
        HistoryFixture.Run unfilled = review("import", book.toString());
        assertThat(unfilled.exit()).isEqualTo(2);
        assertThat(unfilled.err()).startsWith("pve-audit: review-2027-Q1.xlsx: sheet Review, cell M2: no decision "
                + "for ").doesNotContain("Exception");

        FilledWorkbooks.decideAll(book, "revoke", "", TODAY, "ann@example.com");
        String enabled = FilledWorkbooks.rows(book).get(2).get(4);
        FilledWorkbooks.set(book, "Review", "E3", enabled.equals("yes") ? "no" : "yes");
        HistoryFixture.Run edited = review("import", book.toString());
        assertThat(edited.exit()).isEqualTo(2);
        assertThat(edited.err()).contains("sheet Review, cell E3: Enabled of ");

        FilledWorkbooks.set(book, "Review", "E3", enabled);
        FilledWorkbooks.set(book, "Campaign", "B2", "not-the-token");
        HistoryFixture.Run token = review("import", book.toString());
        assertThat(token.exit()).isEqualTo(2);
        assertThat(token.err()).contains("sheet Campaign, cell B2: the campaign token matches no campaign");
        assertThat(count("SELECT COUNT(*) FROM review_decision")).isZero();
        assertThat(count("SELECT COUNT(*) FROM review_import")).isZero();

        // a taken name, a bad name and a bad date store no second campaign
        assertThat(review("start", "--name", "2027-Q1", "--due", "2027-03-31", "-o", work.resolve("x").toString())
                .err()).contains("campaign 2027-Q1 exists already");
        assertThat(review("start", "--name", "../etc", "--due", "2027-03-31").err())
                .contains("campaign name '../etc' must be 1 to 64 letters");
        assertThat(review("start", "--name", "Q2", "--due", "31.03.2027").exit()).isEqualTo(2);
        assertThat(review("start", "--name", "Q2", "--due", "2027-03-31", "--cluster", "edge").err())
                .contains("cluster 'edge' was not audited in run 1");
        assertThat(count("SELECT COUNT(*) FROM review_campaign")).isEqualTo(1);
    }

    @Test
    void oneWorkbookPerReviewerEachImportedOnItsOwn() throws IOException {
        Path map = work.resolve("reviewers.yml");
        Files.writeString(map, """
                reviewers:
                  - {reviewer: ann@example.com, cluster: prod}
                  - {reviewer: ben@example.com, cluster: lab}
                """);
        HistoryFixture.Run start = review("start", "--name", "2027-Q1", "--due", "2027-03-31", "--reviewer-map", map.toString(),
                "--split-by", "reviewer", "-o", work.toString());
        assertThat(start.exit()).as(start.err()).isZero();
        Path ann = work.resolve("review-2027-Q1-ann@example.com.xlsx");
        Path ben = work.resolve("review-2027-Q1-ben@example.com.xlsx");
        Path unassigned = work.resolve("review-2027-Q1-unassigned.xlsx");
        assertThat(FilledWorkbooks.rows(ann).subList(1, FilledWorkbooks.rows(ann).size())).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get(0)).isEqualTo("prod");
            assertThat(r.get(14)).isEqualTo("ann@example.com");
        });
        assertThat(FilledWorkbooks.rows(unassigned).subList(1, FilledWorkbooks.rows(unassigned).size())).isNotEmpty().allSatisfy(r -> assertThat(r.get(0)).isEqualTo("branch"));
        int annRows = FilledWorkbooks.rows(ann).size() - 1;
        int benRows = FilledWorkbooks.rows(ben).size() - 1;

        FilledWorkbooks.decideAll(ben, "keep", "lab accounts", TODAY);
        assertThat(review("import", ben.toString()).out()).isEqualTo("imported " + benRows
                + " decisions of ben@example.com into 2027-Q1" + System.lineSeparator());
        JsonNode reviewers = status().get("campaigns").get(0).get("reviewers");
        assertThat(reviewers.get(0).get("reviewer").asString()).isEqualTo("ann@example.com");
        assertThat(reviewers.get(0).get("open").asInt()).isEqualTo(annRows);
        assertThat(reviewers.get(1).get("decided").asInt()).isEqualTo(benRows);

        FilledWorkbooks.decideAll(ann, "keep", "prod accounts", TODAY);
        assertThat(review("import", ann.toString()).exit()).isZero();
        FilledWorkbooks.set(ann, "Review", "M2", "revoke");
        assertThat(review("import", ann.toString()).exit()).isZero();

        assertThat(count("SELECT COUNT(*) FROM review_decision")).isEqualTo(annRows + benRows);
        assertThat(count("SELECT COUNT(*) FROM review_decision WHERE decision = 'revoke'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM review_import")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM review_import WHERE reviewers = 'ann@example.com'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(DISTINCT file_sha256) FROM review_import")).isEqualTo(3);
    }

    @Test
    void aBadReviewerMapNamesItsLineAndStoresNothing() throws IOException {
        Path map = work.resolve("reviewers.yml");
        Files.writeString(map, "reviewers:\n  - {reviewer: ann@example.com, realms: corp-ad}\n");
        HistoryFixture.Run start = review("start", "--name", "2027-Q1", "--due", "2027-03-31", "--reviewer-map", map.toString(),
                "-o", work.toString());
        assertThat(start.exit()).isEqualTo(2);
        assertThat(start.err()).isEqualTo("pve-audit: " + map + ":2:33: unknown key 'realms' (an entry has "
                + "reviewer, realm, group, cluster, principal)" + System.lineSeparator());
        assertThat(count("SELECT COUNT(*) FROM review_campaign")).isZero();
        assertThat(work.resolve("review-2027-Q1.xlsx")).doesNotExist();
    }
}
