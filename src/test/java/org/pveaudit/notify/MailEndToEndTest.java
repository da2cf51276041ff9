package org.pveaudit.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code pve-audit audit} with a {@code mail:} section, against GreenMail as a real SMTP server. */
@Tag("e2e")
class MailEndToEndTest {

    static final String SECRET = "canary-77f3-smtp-SECRET";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("audit-bot", SECRET));

    @TempDir
    Path work;

    @AfterEach
    void clear() {
        System.clearProperty("PVE_AUDIT_TEST_SMTP_PASSWORD");
    }

    @Test
    void theRunIsMailedWithSummaryEscapedTextAndReadableAttachments() throws Exception {
        System.setProperty("PVE_AUDIT_TEST_SMTP_PASSWORD", SECRET);
        Path cfg = Audits.config(work, """
                mail:
                  host: localhost
                  port: %d
                  security: none
                  username: audit-bot
                  password: ${PVE_AUDIT_TEST_SMTP_PASSWORD}
                  from: pve-audit@example.com
                  to: [security@example.com]
                  cc: [it-lead@example.com]
                  routes:
                    - {min-severity: critical, to: [oncall@example.com]}
                    - {min-severity: critical, to: [nobody@example.com], new-only: true}
                """.formatted(greenMail.getSmtp().getPort()));
        Audits.Run run = Audits.run("audit", "-c", cfg.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("mail: sent to security@example.com, oncall@example.com, nobody@example.com, "
                + "cc:it-lead@example.com");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);

        MimeMessage[] received = greenMail.getReceivedMessages();
        // one copy per envelope recipient: 3 To + 1 Cc
        assertThat(received).hasSize(4);
        MimeMessage m = received[0];
        assertThat(m.getMessageID()).as("made with the sender's domain, not the host's name")
                .startsWith("<").endsWith("@example.com>");
        assertThat(m.getSubject()).isEqualTo(
                "[pve-audit] branch, lab, prod: 31 new (9 critical, 19 high, 3 low), 0 open");
        assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        assertThat(m.getHeader("X-PVE-Audit-Run")[0]).isEqualTo("1");

        List<Part> parts = new ArrayList<>();
        collect(m, parts);
        Part html = parts.stream().filter(p -> is(p, "text/html") && fileName(p) == null).findFirst().orElseThrow();
        Part text = parts.stream().filter(p -> is(p, "text/plain")).findFirst().orElseThrow();
        String htmlBody = (String) html.getContent();
        String textBody = (String) text.getContent();

        // hostile text from Proxmox arrives as text: escaped in HTML, verbatim in the plain part
        assertThat(htmlBody).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        Document doc = Jsoup.parse(htmlBody);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.text()).contains("bob.smith@corp-ldap has the comment <script>alert(1)</script>")
                .contains("New and regressed findings").contains("PVE-ACL-001");
        assertThat(doc.select("[src], link[href]")).as("nothing loaded from the network").isEmpty();
        assertThat(textBody).contains("intern1@pve has the comment <script>alert(1)</script>")
                .contains("SUMMARY").contains("31 open");

        Part xlsx = parts.stream().filter(p -> "report.xlsx".equals(fileName(p))).findFirst().orElseThrow();
        try (InputStream in = xlsx.getInputStream(); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertThat(wb.getNumberOfSheets()).isGreaterThan(1);
        }
        assertThat(parts).as("the HTML report is attached only when asked (mail.attach-html)")
                .noneMatch(p -> "report.html".equals(fileName(p)));
        assertThat(textBody).contains("The HTML report is in ").contains("report.html");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("history.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT status, attempts, attachments, policy, "
                     + "subject FROM run_mail WHERE run_id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("SENT");
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getString(3)).isEqualTo("report.xlsx");
            assertThat(rs.getString(4)).isEqualTo("always");
            assertThat(rs.getString(5)).startsWith("[pve-audit] branch, lab, prod");
        }

        // second run: nothing new, so the new-only route is not applied and on-new-findings would stay silent
        greenMail.purgeEmailFromAllMailboxes();
        Audits.Run again = Audits.run("audit", "-c", cfg.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(greenMail.getReceivedMessages()).hasSize(3);
        assertThat(greenMail.getReceivedMessages()[0].getSubject())
                .isEqualTo("[pve-audit] branch, lab, prod: no new findings, 31 open");
    }

    @Test
    void smtpDownIsRetriedRecordedAndExitsThreeWithReportsKept() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        System.setProperty("PVE_AUDIT_TEST_SMTP_PASSWORD", SECRET);
        Path cfg = Audits.config(work, """
                mail:
                  host: 127.0.0.1
                  port: %d
                  security: none
                  username: audit-bot
                  password: ${PVE_AUDIT_TEST_SMTP_PASSWORD}
                  from: pve-audit@example.com
                  to: [security@example.com]
                  retries: 2
                  retry-backoff: 10ms
                  timeout: 2s
                """.formatted(closed));
        Audits.Run run = Audits.run("audit", "-c", cfg.toString());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).contains("mail: FAILED after 3 attempts").contains("exit code 3");
        assertThat(run.err()).contains("mail: attempt 1 failed (cannot connect to 127.0.0.1:" + closed
                + " (connection refused))");
        // the last line on stderr: one line, plain words, no nested MailConnectException
        assertThat(run.err().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("pve-audit: mail not sent "
                + "after 3 attempts: cannot connect to 127.0.0.1:" + closed + " (connection refused)");
        assertThat(run.out() + run.err()).doesNotContain("Exception").doesNotContain("nested");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
        Path reportDir;
        reportDir = new org.pveaudit.report.ReportFolders(work.resolve("reports")).list().get(0).dir();
        assertThat(reportDir.resolve("report.html")).isRegularFile();
        assertThat(reportDir.resolve("report.xlsx")).isRegularFile();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("history.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT m.status, m.attempts, m.error, r.exit_code, "
                     + "r.status FROM run_mail m JOIN audit_run r ON r.id = m.run_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("FAILED");
            assertThat(rs.getInt(2)).isEqualTo(3);
            assertThat(rs.getString(3)).contains("onnect").doesNotContain(SECRET);
            assertThat(rs.getInt(4)).isEqualTo(3);
            // the audit itself completed: the next run still compares against it
            assertThat(rs.getString(5)).isEqualTo("COMPLETED");
        }
    }

    @Test
    void theSendPolicyCanKeepTheRunQuiet() throws Exception {
        Path cfg = Audits.config(work, """
                mail:
                  host: localhost
                  port: %d
                  security: none
                  from: pve-audit@example.com
                  to: [security@example.com]
                  send: on-failure
                """.formatted(greenMail.getSmtp().getPort()));
        Audits.Run run = Audits.run("audit", "-c", cfg.toString(), "--cluster", "branch", "--log-format", "json");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("mail: not sent: send policy on-failure");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
        // --log-format json: every stderr line is one JSON object, INFO by default
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<tools.jackson.databind.JsonNode> lines = run.err().lines().filter(l -> !l.isBlank())
                .map(json::readTree).toList();
        assertThat(lines).isNotEmpty().allSatisfy(n -> assertThat(n.has("timestamp") && n.has("level")
                && n.has("logger") && n.has("message")).isTrue());
        assertThat(lines).anySatisfy(n -> assertThat(n.get("message").asString())
                .isEqualTo("mail: not sent: send policy on-failure"));
        assertThat(lines).anySatisfy(n -> assertThat(n.get("message").asString())
                .startsWith("branch: collected 17 users, 6 tokens, 6 groups, 33 ACL entries, 2 pools in "));
        assertThat(lines).anySatisfy(n -> assertThat(n.get("message").asString()).startsWith("step report: COMPLETED in "));

        assertThat(lines).anySatisfy(n -> assertThat(n.get("message").asString())
                .isEqualTo("branch: coverage gap: tfa: user.cfg: second factors are kept in priv/tfa.cfg, which is "
                        + "not read"));

        // --quiet: nothing but what the operator must see (user.cfg holds no second factors)
        Audits.Run quiet = Audits.run("audit", "-c", cfg.toString(), "--cluster", "branch", "--quiet");
        assertThat(quiet.exit()).isEqualTo(1);
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err().lines()).containsExactly("pve-audit: branch: coverage gap: tfa: user.cfg: second "
                + "factors are kept in priv/tfa.cfg, which is not read");
    }

    static boolean is(Part p, String type) {
        try {
            return p.isMimeType(type);
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    static String fileName(Part p) {
        try {
            return p.getFileName();
        } catch (jakarta.mail.MessagingException e) {
            return null;
        }
    }

    static void collect(Part p, List<Part> out) throws Exception {
        if (p.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                collect(bp, out);
            }
        } else {
            out.add(p);
        }
    }
}
