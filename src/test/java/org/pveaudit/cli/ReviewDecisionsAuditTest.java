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
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.report.ReportData;
import org.pveaudit.review.AccessDigest;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.RuleOutcome;
import org.sqlite.SQLiteDataSource;

/**
 * Review decisions checked against reality by the PVE-REVIEW rules: the sample branch cluster audited, a campaign
 * on that run with decisions, the cluster changed, audited again.
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

    private static Decision decision(String principal, Decision.Verdict verdict, int daysAgo) {
        return new Decision("branch", principal, verdict, "test", "ann@example.com", TODAY.minusDays(daysAgo));
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

        ClusterSnapshot reviewed = history.snapshots().snapshot(first, "branch");
        Map<String, String> digests = AccessDigest.byPrincipal(reviewed);
        ClusterView view = new ClusterView(reviewed, Instant.now().getEpochSecond());
        List<ReviewRow> rows = new java.util.ArrayList<>();
        reviewed.users().forEach(u -> rows.add(new ReviewRow("branch", u.id(), "user", "ann@example.com",
                view.adminEquivalent(u.id()), digests.get(u.id()), Map.of())));
        reviewed.tokens().forEach(t -> rows.add(new ReviewRow("branch", t.id(), "token", "ann@example.com",
                view.adminEquivalent(t.id()), digests.get(t.id()), Map.of())));
        Campaign c = history.reviews().open("2027-Q1", first, TODAY.minusDays(5),
                Instant.now().minusSeconds(86_400L * 20), rows);
        history.reviews().recordImport(c.id(), "test", "review.xlsx", "00", Set.of("ann@example.com"), List.of(
                decision("jdoe@corp-ad", Decision.Verdict.REVOKE, 10),      // still there: high
                decision("m.tanaka@corp-ad", Decision.Verdict.REVOKE, 10),  // removed below: nothing
                decision("auditor@pve", Decision.Verdict.CHANGE, 10),       // unchanged: medium
                decision("helpdesk1@pve", Decision.Verdict.CHANGE, 10),     // changed below: nothing
                decision("b.admin@pam", Decision.Verdict.KEEP, 100),        // older than 90 days: low
                decision("helpdesk2@pve", Decision.Verdict.KEEP, 10),       // recent: nothing
                decision("k.schmidt@corp-ad", Decision.Verdict.REVOKE, 2))); // within the grace period: nothing

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
        assertThat(data.campaigns()).singleElement().satisfies(p -> {
            assertThat(p.all().rows()).isEqualTo(rows.size());
            assertThat(p.all().decided()).isEqualTo(7);
            assertThat(p.all().overdue()).as("open after the due date").isEqualTo(rows.size() - 7);
            assertThat(p.all().revoke()).isEqualTo(3);
        });
        org.jsoup.nodes.Document html = org.jsoup.Jsoup.parse(Files.readString(Path.of(history().runs().run(second)
                .orElseThrow().reportDir()).resolve("report.html")));
        assertThat(html.select("#campaigns tbody tr td").eachText()).startsWith("2027-Q1",
                TODAY.minusDays(5).toString(), "open", String.valueOf(rows.size()), "7");
        assertThat(html.select("#sec-reviews ~ p").first().text())
                .isEqualTo("1 revocation decided and not carried out: PVE-REVIEW-001.");
        Map<String, Object> mail = org.pveaudit.notify.MailTemplates.model(new org.pveaudit.notify.MailSummary(
                data, 1, null, java.util.OptionalInt.empty()), "s", null, List.of(), null);
        assertThat(mail.get("revocationsOverdue")).isEqualTo(1L);
        assertThat((List<?>) mail.get("campaigns")).hasSize(1);
    }
}
