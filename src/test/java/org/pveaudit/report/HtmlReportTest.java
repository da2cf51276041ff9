package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Snapshots;
import org.pveaudit.rules.ClusterView;

/** {@code report.html} of {@link HostileRun}, parsed: what a reader sees, and that no cluster text became markup. */
class HtmlReportTest {

    @TempDir
    Path dir;

    private String html;
    private Document page;

    @BeforeEach
    void write() throws Exception {
        Path file = new HtmlReport(null).withRules(HostileRun.packs()).write(HostileRun.data(), dir);
        assertThat(file.getFileName()).hasToString(HtmlReport.FILE);
        html = Files.readString(file);
        page = Jsoup.parse(html);
    }

    @Test
    void clusterTextNeverBecomesMarkup() {
        // the template's own script is the only one; every hostile <script> and <b> is text
        assertThat(page.select("script")).hasSize(1);
        assertThat(page.select("script").first().data()).doesNotContain("pwned");
        assertThat(page.select("b")).isEmpty();
        assertThat(html).doesNotContain(HostileRun.SCRIPT).contains("&lt;script&gt;");
        assertThat(page.select("#findings tbody tr").first().text()).contains(HostileRun.SCRIPT);
        assertThat(page.select("h3").eachText()).contains("lab \"<b>east</b>\" PVE 8.4.1");
        assertThat(page.text()).contains(HostileRun.UNICODE).contains(HostileRun.HYPERLINK);
    }

    @Test
    void everySectionIsThereWithItsCount() {
        // what changed first, then the findings
        assertThat(page.select("h2").eachText()).containsExactly("Summary", "Warnings",
                "Resolved since the previous run (1)", "Not evaluated in this run (1)",
                "Access changes since the previous run (3)", "Findings (4)", "Privileged principals", "Waivers",
                "Rule outcomes", "Inventory");
        assertThat(page.select("#findings tbody tr")).hasSize(4);
        assertThat(page.select("#resolved tbody tr")).hasSize(1);
        assertThat(page.select("#unevaluated tbody tr")).hasSize(1);
        assertThat(page.select("#drift tbody tr")).hasSize(3);
        assertThat(page.select("#waivers tbody tr")).hasSize(2);
        assertThat(page.select("#outcomes tbody tr")).hasSize(7);
        assertThat(page.select("#outcomes td.outcome-error")).hasSize(1);
        assertThat(page.select("h2:contains(Warnings) + ul li")).hasSize(3);
        assertThat(page.select(".meta").text()).contains("Run 7").contains("pve-audit 1.0.0-test")
                .contains("fails on high");
    }

    @Test
    void theSummaryCountsUnwaivedFindingsPerClusterAndNamesTheOneNotAudited() {
        Elements cards = page.select(".card");
        assertThat(cards).hasSize(3);
        Element prod = cards.get(0);
        assertThat(prod.select(".sev").eachText()).containsExactly("critical 1", "high 1", "medium 1", "low 0",
                "info 0");
        assertThat(prod.text()).contains("1 new · 1 resolved · 3 access changes · 1 waived · 1 not evaluated")
                .contains("access not compared (not read): tfa")
                .contains("rules: 0 passed, 3 failed, 1 not evaluated, 1 failed to run (error)");
        assertThat(prod.select("svg.trend title").first().text()).isEqualTo("run 6: 3 findings");
        Element down = cards.get(2);
        assertThat(down.hasClass("down")).isTrue();
        assertThat(down.text()).isEqualTo("edge Not audited. connection refused: " + HostileRun.SCRIPT);
    }

    @Test
    void findingsCarryEvidenceRemediationAndTheirWaiver() {
        Element escalation = page.select("#findings tbody tr").first();
        assertThat(escalation.select("td").get(2).attr("title")).isEqualTo("Title of PVE-ACL-001");
        // who, not the internal key: the principal (the key stays as the cell's title), the path in its own cell
        assertThat(escalation.select("td").get(3).text()).isEqualTo("acl alice@pve");
        assertThat(escalation.select("td").get(3).select("code").attr("title")).isEqualTo("/vms/100|alice@pve|Escalator");
        assertThat(escalation.select("td").get(4).text()).isEqualTo("/vms/100");
        assertThat(escalation.select("ul.evidence li").eachText()).anyMatch(l -> l.startsWith("decides: /vms/100 "
                + "alice@pve Escalator"));
        assertThat(escalation.select("details p").first().text()).isEqualTo("Remediation: fix PVE-ACL-001 by \"hand\"");
        assertThat(escalation.select(".ref").text()).isEqualTo("https://pve.proxmox.com/wiki/User_Management");
        Element waived = page.select("#findings tbody tr").get(3);
        assertThat(waived.select("td").last().text()).isEqualTo("waived");
        assertThat(waived.select("td").last().select("span").attr("title"))
                .isEqualTo("accepted until the LDAP move " + HostileRun.SCRIPT + " (owner Ærø <sec@example.com>, "
                        + "until 2026-03-10, SEC-42)");
    }

    @Test
    void privilegedPrincipalsAndInventoryComeFromTheSnapshot() {
        Elements privileged = page.select("#privileged tbody tr");
        assertThat(privileged.eachText()).anyMatch(r -> r.startsWith("prod alice@pve "))
                .anyMatch(r -> r.startsWith("prod mallory@pve (latent)"));
        assertThat(page.select("h3").eachText()).contains("prod: users (3)", "prod: API tokens (2)",
                "prod: ACL entries (3)", "lab \"<b>east</b>\": users (0)");
    }

    @Test
    void aTableOfContentsWithCountsLeadsToEverySectionAndWhatChangedComesBeforeTheFindings() {
        Elements links = page.select("nav.toc a[href]");
        assertThat(links.eachText()).contains("Findings (4)", "Resolved (1)", "Access changes (3)",
                "Not evaluated (1)");
        for (Element a : links) {
            String id = a.attr("href").substring(1);
            assertThat(page.getElementById(id)).as(a.text()).isNotNull();
        }
        List<String> sections = page.select("h2").eachAttr("id");
        assertThat(sections.indexOf("sec-resolved")).isLessThan(sections.indexOf("sec-findings"));
        assertThat(sections.indexOf("sec-drift")).isLessThan(sections.indexOf("sec-findings"));
        assertThat(sections.indexOf("sec-findings")).isLessThan(sections.indexOf("sec-privileged-principals"));
        assertThat(page.select("[id]").eachAttr("id")).doesNotHaveDuplicates();
    }

    @Test
    void inventoryTablesShowTheirFirstRowsAndTheirFullCount() throws Exception {
        List<AclEntry> acl = new ArrayList<>();
        for (int i = 0; i < HtmlReport.MAX_ROWS + 500; i++) {
            acl.add(new AclEntry("/vms/" + (100 + i), Principal.user("u@pve"), "PVEAuditor", true));
        }
        ClusterSnapshot big = Snapshots.builder().identity("big", "9.1.4", "pve1").collectedAt(HostileRun.STARTED)
                .acl(acl).build();
        ReportData one = HostileRun.data();
        ReportData data = new ReportData(one.run(), List.of(new ClusterRun(7, "big", ClusterRun.Status.EVALUATED,
                "9.1.4", null, HostileRun.STARTED)), List.of(), List.of(), List.of(), one.today(),
                List.of(new ClusterView(big, HostileRun.STARTED.getEpochSecond())), List.of());
        Document bigPage = Jsoup.parse(Files.readString(new HtmlReport(null).write(data,
                Files.createDirectories(dir.resolve("big")))));
        assertThat(bigPage.select("h3").eachText()).contains("big: ACL entries (2500)");
        assertThat(bigPage.text()).contains("Only the first 2000 entries are shown");
        assertThat(bigPage.select("h3:contains(big: ACL entries) ~ table").first().select("tbody tr"))
                .hasSize(HtmlReport.MAX_ROWS);
    }
}
