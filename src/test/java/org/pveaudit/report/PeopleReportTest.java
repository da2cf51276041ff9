package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.rules.ClusterView;

/** The People sheet: one person's accounts on two clusters, linked by e-mail, read back with POI. */
/** The people across clusters in the workbook's People sheet and the HTML report's People section. */
class PeopleReportTest {

    @TempDir
    Path dir;

    private static User user(String id, boolean enabled, String email) {
        return new User(id, enabled, 0, "<b>Alice</b>", "Example", email, null, null, List.of(), null, false, 0);
    }

    /**
     * Alice: administrator on prod (enabled there), disabled on lab with a token left, one person by e-mail; the
     * run found her still active on prod. Her first name is hostile.
     */
    private static ReportData aliceOnTwoClusters() {
        long now = HostileRun.STARTED.getEpochSecond();
        ClusterView prod = new ClusterView(Snapshots.builder().identity("prod", "9.1.4", "pve1")
                .collectedAt(HostileRun.STARTED).user(user("alice@pve", true, "alice@example.com"))
                .role(new Role("Administrator", PrivilegeCatalog.of(PveRelease.PVE9).builtInRoles().get("Administrator"),
                        true))
                .acl(new AclEntry("/", Principal.user("alice@pve"), "Administrator", true)).build(), now);
        ClusterView lab = new ClusterView(Snapshots.builder().identity("lab", "8.4.1", "n1")
                .collectedAt(HostileRun.STARTED).user(user("alice@corp", false, " ALICE@example.com"))
                .token(new ApiToken("alice@corp!ci", 0, true, null)).build(), now);
        ReportData one = HostileRun.data();
        StoredFinding leaver = new StoredFinding(new Finding("prod", "PVE-PEOPLE-001", Severity.HIGH, "Leaver",
                SubjectKind.PERSON, "alice@pve", "alice@pve", null,
                "alice@pve (Alice Example) is active here but disabled or expired on [lab]"),
                StoredFinding.State.NEW, 7, null, null);
        ReportData data = new ReportData(one.run(), List.of(
                new ClusterRun(7, "prod", ClusterRun.Status.EVALUATED, "9.1.4", null, HostileRun.STARTED),
                new ClusterRun(7, "lab", ClusterRun.Status.EVALUATED, "8.4.1", null, HostileRun.STARTED)),
                List.of(), List.of(leaver), List.of(), one.today(), List.of(prod, lab), List.of());
        return data;

    }

    @Test
    void onePersonAcrossClustersWithWhereSheIsActiveAdministratorAndALeaverToLookAt() throws Exception {
        ReportData data = aliceOnTwoClusters();
        Path file = new XlsxReport().write(data, dir);
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(file.toFile())) {
            Sheet people = wb.getSheet(PeopleSheet.NAME);
            for (Row row : people) {
                List<String> cells = new ArrayList<>();
                row.forEach(c -> cells.add(c.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                        ? String.valueOf((long) c.getNumericCellValue()) : c.getStringCellValue()));
                rows.add(cells);
            }
        }
        assertThat(rows.get(0)).containsExactly("Person", "E-mail", "Clusters", "Accounts", "Active on", "Tokens",
                "Administrator-equivalent on", "Look at");
        // root@pam of each cluster is its own person; Alice is one person on both clusters
        List<String> alice = rows.stream().filter(r -> r.get(0).equals("<b>Alice</b> Example")).findFirst().orElseThrow();
        assertThat(alice.subList(0, 7)).containsExactly("<b>Alice</b> Example", "alice@example.com", "2",
                "lab:alice@corp, prod:alice@pve", "prod", "lab:alice@corp!ci", "prod");
        assertThat(alice.get(7)).isEqualTo("high PVE-PEOPLE-001: alice@pve (Alice Example) is active here but "
                + "disabled or expired on [lab]");
    }

    @Test
    void theHtmlReportShowsThePeopleToLookAtEscaped() throws Exception {
        Path file = new HtmlReport(null).write(aliceOnTwoClusters(), dir);
        Document html = Jsoup.parse(Files.readString(file));
        assertThat(html.select("nav.toc a[href=#sec-people]").text()).isEqualTo("People (1)");
        Elements rows = html.select("table#people tbody tr");
        assertThat(rows).hasSize(1);
        Elements cells = rows.get(0).select("td");
        assertThat(cells.get(0).text()).isEqualTo("<b>Alice</b> Example");
        assertThat(cells.get(0).select("b")).as("a name is text, never markup").isEmpty();
        assertThat(cells.get(2).select("code").eachText()).containsExactly("lab:alice@corp", "prod:alice@pve");
        assertThat(cells.get(3).text()).isEqualTo("prod");
        assertThat(cells.get(4).text()).isEqualTo("prod");
        assertThat(cells.get(5).text()).isEqualTo("lab:alice@corp!ci");
        assertThat(cells.get(6).text()).isEqualTo("high PVE-PEOPLE-001: alice@pve (Alice Example) is active here but "
                + "disabled or expired on [lab]");
    }

    @Test
    void findingsJsonListsThePeopleToLookAt() throws Exception {
        Path file = new JsonReport().write(aliceOnTwoClusters(), dir);
        tools.jackson.databind.JsonNode people = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(file.toFile()).get("people");
        assertThat(people).hasSize(1);
        tools.jackson.databind.JsonNode alice = people.get(0);
        assertThat(alice.get("name").asString()).isEqualTo("<b>Alice</b> Example");
        assertThat(alice.get("accounts").toString()).isEqualTo("[\"lab:alice@corp\",\"prod:alice@pve\"]");
        assertThat(alice.get("administratorEquivalentOn").asString()).isEqualTo("prod");
        assertThat(alice.get("findings").get(0).asString()).startsWith("high PVE-PEOPLE-001: ");
    }
}
