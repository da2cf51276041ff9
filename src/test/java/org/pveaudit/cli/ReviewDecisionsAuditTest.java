package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.campaign.FilledWorkbooks;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.report.ReportData;
import org.pveaudit.rules.RuleOutcome;
import org.sqlite.SQLiteDataSource;

/**
 * Review decisions checked against reality by the PVE-REVIEW rules: the sample branch cluster audited, a campaign
 * opened on that run with {@code review start}, its workbook filled in with POI and imported, ten days passing (the
 * dates moved back in the history), the cluster changed, audited again.
 */
@Tag("e2e")
class ReviewDecisionsAuditTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path userCfg;
    private Path config;

    @BeforeEach
    void branch() throws IOException {
        userCfg = tmp.resolve("user.cfg");
        Files.copy(Path.of("sample-data/branch/user.cfg"), userCfg);
        Files.copy(Path.of("sample-data/branch/domains.cfg"), tmp.resolve("domains.cfg"));
        config = tmp.resolve("pve-audit.yml");
        Files.writeString(config, """
                clusters:
                  - {name: branch, source: usercfg, user-cfg: user.cfg, domains-cfg: domains.cfg, pve-version: "9.1"}
                rules: ["classpath:rules/baseline.yml"]
                report: {out: %s, formats: [html, json]}
                history: {database: %s}
                """.formatted(tmp.resolve("reports"), tmp.resolve("history.db")));
    }

    private long audit() {
        assertThat(Main.run("audit", "-c", config.toString(), "--quiet")).isEqualTo(1);
        return history().runs().latest(1).get(0).id();
    }

    private AuditHistory history() {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + tmp.resolve("history.db"));
        return new AuditHistory(ds);
    }

    /** The PVE-REVIEW findings of a run: rule id to the principals it found. */
    private Map<String, Set<String>> reviewFindings(long run) {
        return ReportData.of(history(), run).findings().stream().map(StoredFinding::finding)
                .filter(f -> f.ruleId().startsWith("PVE-REVIEW-"))
                .collect(Collectors.groupingBy(f -> f.ruleId(), Collectors.mapping(f -> f.principal(),
                        Collectors.toSet())));
    }

    @Test
    void decisionsAreCheckedAgainstWhatTheClusterHoldsAtTheNextAudit() throws IOException {
        long first = audit();
        AuditHistory history = history();
        // without a campaign the review rules are not evaluated, never passed
        assertThat(ReportData.of(history, first).outcomes()).filteredOn(o -> o.ruleId().startsWith("PVE-REVIEW-"))
                .hasSize(4).allSatisfy(o -> {
                    assertThat(o.status()).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
                    assertThat(o.reason()).contains("no access review campaign");
                });

        // the campaign through the command line, its workbook filled in with POI: keep for everyone, then
        // the decisions under test in their rows
        Path db = tmp.resolve("history.db");
        assertThat(Main.run("review", "start", "--name", "2027-Q1", "--due", TODAY.plusDays(30).toString(),
                "--database", db.toString(), "-o", tmp.toString())).isZero();
        Path book = tmp.resolve("review-2027-Q1.xlsx");
        FilledWorkbooks.decideAll(book, "keep", "still needed", TODAY, "ann@example.com");
        List<List<String>> rows = FilledWorkbooks.rows(book);
        Map<String, String> decisions = Map.of(
                "jdoe@corp-ad", "revoke",        // still there: high
                "m.tanaka@corp-ad", "revoke",    // removed below: nothing
                "auditor@pve", "change",         // unchanged: medium
                "helpdesk1@pve", "change");      // changed below: nothing
        decisions.forEach((principal, verdict) -> {
            int row = 1 + rows.indexOf(rows.stream().filter(r -> r.get(1).equals(principal)).findFirst().orElseThrow());
            try {
                FilledWorkbooks.set(book, "Review", FilledWorkbooks.column("Decision") + row, verdict);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Main.run("review", "import", book.toString(), "--database", db.toString())).isZero();
        // ten days pass (b.admin's keep a hundred, so it is due for review again)
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.executeUpdate("UPDATE review_campaign SET started_at = '" + Instant.now().minusSeconds(86_400L * 20)
                    + "'");
            st.executeUpdate("UPDATE review_decision SET decided_on = '" + TODAY.minusDays(10) + "'");
            st.executeUpdate("UPDATE review_decision SET decided_on = '" + TODAY.minusDays(100)
                    + "' WHERE principal = 'b.admin@pam'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }

        String cfg = Files.readString(userCfg)
                .replace("acl:1:/mapping/pci/gpu0:m.tanaka@corp-ad:PVEMappingUser:\n", "")
                .replace("acl:1:/vms/110:m.tanaka@corp-ad:PVEAuditor,PVEVMUser:\n", "")
                .replace("user:helpdesk1@pve:1:0:", "user:helpdesk1@pve:0:0:")
                + "user:new.hire@pve:1:0::::::\nacl:1:/vms:new.hire@pve:PVEVMUser:\n"
                + "acl:1:/:helpdesk2@pve:Administrator:\n";
        Files.writeString(userCfg, cfg);
        long second = audit();

        Map<String, Set<String>> found = reviewFindings(second);
        assertThat(found.get("PVE-REVIEW-001")).containsExactly("jdoe@corp-ad");
        assertThat(found.get("PVE-REVIEW-002")).containsExactly("auditor@pve");
        // created since, and made administrator-equivalent since its review
        assertThat(found.get("PVE-REVIEW-003")).containsExactlyInAnyOrder("new.hire@pve", "helpdesk2@pve");
        assertThat(found.get("PVE-REVIEW-004")).containsExactly("b.admin@pam");

        // the report and the mail show the campaign's progress and the revocation not carried out
        ReportData data = ReportData.of(history(), second);
        int principals = rows.size() - 1;
        assertThat(data.campaigns()).singleElement().satisfies(p -> {
            assertThat(p.all().rows()).isEqualTo(principals);
            assertThat(p.all().decided()).isEqualTo(principals);
            assertThat(p.all().overdue()).isZero();
            assertThat(p.all().revoke()).isEqualTo(2);
        });
        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(Files.readString(Path.of(history().runs().run(second)
                .orElseThrow().reportDir()).resolve("report.html")));
        assertThat(html.select("#campaigns tbody tr td").eachText()).startsWith("2027-Q1",
                TODAY.plusDays(30).toString(), "open", String.valueOf(principals), String.valueOf(principals));
        assertThat(html.select("#sec-reviews ~ p").first().text())
                .isEqualTo("1 revocation decided and not carried out: PVE-REVIEW-001.");
        Map<String, Object> mail = org.pveaudit.notify.MailTemplates.model(new org.pveaudit.notify.MailSummary(
                data, 1, null, java.util.OptionalInt.empty()), "s", null, List.of(), null);
        assertThat(mail.get("revocationsOverdue")).isEqualTo(1L);
        assertThat((List<?>) mail.get("campaigns")).hasSize(1);
    }
}
