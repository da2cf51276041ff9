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
        // what changed first, then the findings, then who holds escalation privileges, then the rest
        assertThat(page.select("h2").eachText()).containsExactly("Summary", "Warnings", "What changed since run 6",
                "Findings (4)", "Who holds escalation privileges", "People across clusters", "Frameworks", "Waivers", "Rule outcomes",
                "Inventory");
        assertThat(page.select("#sec-changes ~ h3").eachText()).startsWith("New and regressed findings (2)",
                "Resolved (1)", "Not evaluated in this run (1)", "Access changes (3)", "Waivers to review (2)");
        // the four findings of the run and the one whose rule could not be evaluated, marked so
        assertThat(page.select("#findings tbody tr.finding")).hasSize(5);
        assertThat(page.select("#new tbody tr")).hasSize(2);
        assertThat(page.select("#resolved tbody tr")).hasSize(1);
        assertThat(page.select("#drift tbody tr")).hasSize(3);
        assertThat(page.select("#waivers tbody tr")).hasSize(2);
        assertThat(page.select("#outcomes tbody tr")).hasSize(7);
        assertThat(page.select("#outcomes td.outcome-error")).hasSize(1);
        assertThat(page.select("h2:contains(Warnings) + ul li")).hasSize(3);
    }

    @Test
    void theHeaderNamesTheRunToTheSecondTheToolPacksConfigurationAndCoverage() {
        assertThat(page.select("header .meta").text()).isEqualTo("Run 7 · 2026-03-01 10:00:00 UTC · pve-audit "
                + "1.0.0-test · rule packs: baseline@1 · configuration cafe · fails on high and above");
        assertThat(page.select("header .meta code").attr("title")).contains("cafe");
        assertThat(page.select("header .coverage").text()).isEqualTo("Clusters: 2 of 3 audited; not audited: edge "
                + "(connection refused: " + HostileRun.SCRIPT + "). Not read, so not judged: prod: tfa (not readable: "
                + HostileRun.SCRIPT + ").");
    }

    @Test
    void whatChangedListsTheNewAndRegressedAndTheWaiversToReview() {
        Elements fresh = page.select("#new tbody tr");
        assertThat(fresh.get(0).select("td").eachText()).containsExactly("critical", "new", "prod", "PVE-ACL-001",
                "acl alice@pve", "/vms/100", "Escalator", HostileRun.ESCALATION.message());
        assertThat(fresh.get(1).select("td").get(1).text()).isEqualTo("regressed");
        // an ACL entry's change names who and where in cells of their own, its key only as the tooltip
        Element acl = page.select("#drift tbody tr").get(1);
        assertThat(acl.select("td").eachText()).containsExactly("prod", "acl", "changed", "alice@pve", "/vms/100",
                "Auditor", "Escalator " + HostileRun.SCRIPT);
        assertThat(acl.select("td code").first().attr("title")).isEqualTo("/vms/100|alice@pve");
        // the one expiring within days and the stale one need a look
        assertThat(page.select("#sec-waiver-problems + ul li").eachText()).containsExactly(
                "expiring: PVE-USR-002 (cluster prod, principal mallory@pve), owner Ærø <sec@example.com>, expires "
                        + "2026-03-10, SEC-42",
                "stale: PVE-TOK-003 (cluster lab*, path /pool/*, subject x), owner ops, expires 2027-01-01");
        assertThat(page.select("#sec-not-evaluated + p a").attr("href")).isEqualTo("#f:state=not-evaluated");
    }

    @Test
    void theContentSecurityPolicyAdmitsOnlyTheInlineStyleAndScriptByTheirHashes() throws Exception {
        String policy = page.select("meta[http-equiv=Content-Security-Policy]").attr("content");
        assertThat(policy).startsWith("default-src 'none';").doesNotContain("unsafe-inline");
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        String style = java.util.Base64.getEncoder().encodeToString(sha.digest(page.select("style").first().data()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String script = java.util.Base64.getEncoder().encodeToString(sha.digest(page.select("script").first().data()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(policy).contains("style-src 'sha256-" + style + "'", "script-src 'sha256-" + script + "'");
        assertThat(page.select("[style]")).as("style attributes, which the policy would block").isEmpty();
    }

    @Test
    void theFilterControlsOfferEveryValueWithItsCountAndEachRowCarriesItsValues() {
        Element filters = page.getElementById("filters");
        assertThat(filters.select("select").eachAttr("name")).containsExactly("severity", "cluster", "state", "rule",
                "group");
        assertThat(filters.select("select[name=severity] option").eachText()).containsExactly("all (5)",
                "critical (1)", "high (2)", "medium (1)", "low (1)");
        assertThat(filters.select("select[name=state] option").eachText()).containsExactly("all (5)", "new (1)",
                "regressed (1)", "open (1)", "waived (1)", "not evaluated (1)");
        assertThat(filters.select("select[name=state] option").eachAttr("value")).containsExactly("", "new",
                "regressed", "open", "waived", "not-evaluated");
        assertThat(filters.select("select[name=group] option").eachAttr("value")).containsExactly("rule",
                "principal", "cluster", "");
        Elements rows = page.select("#findings tbody tr.finding");
        assertThat(rows.eachAttr("data-state")).containsExactly("new", "open", "regressed", "waived",
                "not-evaluated");
        assertThat(rows.first().attr("data-rule")).isEqualTo("PVE-ACL-001");
        assertThat(rows.first().attr("data-who")).isEqualTo("alice@pve");
        assertThat(rows.last().select("td").last().text()).isEqualTo("not evaluated");
    }

    @Test
    void escalationCellsOpenToTheSubtreesWhereThePrivilegeIsHeld() {
        Element alice = page.select("#privileged tbody tr").stream().filter(r -> r.text().startsWith("prod alice@pve "))
                .findFirst().orElseThrow();
        Element cell = alice.select("td details").first();
        assertThat(cell.select("summary").text()).isEqualTo("/vms/100");
        assertThat(cell.select("ul.paths li").eachText()).containsExactly("/vms/100");
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
        assertThat(links.eachText()).contains("What changed (2 new, 1 resolved, 3 access)", "Findings (4)",
                "Escalation (3)", "Waivers (2)", "Rule outcomes (7)");
        for (Element a : links) {
            String id = a.attr("href").substring(1);
            assertThat(page.getElementById(id)).as(a.text()).isNotNull();
        }
        List<String> sections = page.select("h2, h3[id]").eachAttr("id");
        assertThat(sections.indexOf("sec-resolved")).isLessThan(sections.indexOf("sec-findings"));
        assertThat(sections.indexOf("sec-drift")).isLessThan(sections.indexOf("sec-findings"));
        assertThat(sections.indexOf("sec-findings")).isLessThan(sections.indexOf("sec-privileged-principals"));
        assertThat(sections.indexOf("sec-privileged-principals")).isLessThan(sections.indexOf("sec-inventory"));
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
        assertThat(bigPage.select("h3:contains(big: ACL entries) ~ div.scroll table").first().select("tbody tr"))
                .hasSize(HtmlReport.MAX_ROWS);
    }
}
