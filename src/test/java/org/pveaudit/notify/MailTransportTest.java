package org.pveaudit.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.MailConfig;
import org.pveaudit.history.AuditHistory;
import org.springframework.util.unit.DataSize;
import org.sqlite.SQLiteDataSource;

/**
 * The SMTP transports against real servers, on a run recorded once: plain, STARTTLS (through
 * {@link StartTlsProxy}) and SMTPS (GreenMail with the test certificate), with the server certificate
 * verified against {@code ca-file}; plus the attachment size cap.
 */
@Tag("e2e")
class MailTransportTest {

    static {
        // GreenMail's SMTPS serves the test certificate (SAN localhost), which ca-file trusts in these tests only
        System.setProperty("greenmail.tls.keystore.file", Path.of("src/test/resources/tls/server.p12").toAbsolutePath()
                .toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
    }

    static final String CA = Path.of("src/test/resources/tls/server.crt").toAbsolutePath().toString();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()});

    @TempDir
    static Path work;

    static SQLiteDataSource db;

    @BeforeAll
    static void recordOneRun() throws Exception {
        Audits.Run run = Audits.run("audit", "-c", Audits.config(work, "").toString(), "--cluster", "branch");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        db = new SQLiteDataSource();
        db.setUrl("jdbc:sqlite:" + work.resolve("history.db"));
    }

    static MailConfig mail(MailConfig.Security security, int port, String caFile, long maxAttachmentBytes) {
        return new MailConfig("localhost", port, security, null, null, null, caFile, "pve-audit@example.com",
                List.of("security@example.com"), List.of(), MailConfig.Send.ALWAYS, null, List.of(), null,
                DataSize.ofBytes(maxAttachmentBytes), 1, Duration.ofMillis(10), Duration.ofSeconds(5), true);
    }

    static MailResult send(MailConfig mail) {
        return new MailNotifier().notify(mail, new AuditHistory(db), 1, null, 1, null);
    }

    static List<String> attachments(MimeMessage m) throws Exception {
        List<Part> parts = new ArrayList<>();
        MailEndToEndTest.collect(m, parts);
        return parts.stream().map(MailEndToEndTest::fileName).filter(n -> n != null).toList();
    }

    @Test
    void starttlsWithAVerifiedCertificate() throws Exception {
        try (StartTlsProxy proxy = new StartTlsProxy(greenMail.getSmtp().getPort(), true)) {
            MailResult r = send(mail(MailConfig.Security.STARTTLS, proxy.port(), CA, 10_000_000));
            assertThat(r.status()).as(r.detail()).isEqualTo(MailResult.Status.SENT);
        }
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).startsWith("[pve-audit] branch: ");
    }

    @Test
    void starttlsIsRequiredNotOpportunistic() throws Exception {
        try (StartTlsProxy proxy = new StartTlsProxy(greenMail.getSmtp().getPort(), false)) {
            MailResult r = send(mail(MailConfig.Security.STARTTLS, proxy.port(), CA, 10_000_000));
            assertThat(r.status()).isEqualTo(MailResult.Status.FAILED);
            assertThat(r.attempts()).as("a missing STARTTLS is not retried").isEqualTo(1);
            assertThat(r.detail()).contains("STARTTLS");
        }
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsWithAVerifiedCertificate() throws Exception {
        MailResult r = send(mail(MailConfig.Security.SMTPS, greenMail.getSmtps().getPort(), CA, 10_000_000));
        assertThat(r.status()).as(r.detail()).isEqualTo(MailResult.Status.SENT);
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(attachments(greenMail.getReceivedMessages()[0])).containsExactly("report.xlsx", "report.html");
    }

    @Test
    void withABaseUrlTheMailLinksToThePublishedReportInsteadOfAPath() throws Exception {
        Path dir;
        dir = new org.pveaudit.report.ReportFolders(work.resolve("reports")).list().get(0).dir();
        MailConfig workbookOnly = mail(MailConfig.Security.NONE, greenMail.getSmtp().getPort(), null, 10_000_000);
        MailResult r = new MailNotifier().withBaseUrl("https://audit.example.com/pve/")
                .notify(new MailConfig(workbookOnly.host(), workbookOnly.port(), workbookOnly.security(), null, null,
                        null, null, workbookOnly.from(), workbookOnly.to(), workbookOnly.cc(), workbookOnly.send(), null,
                        List.of(), null, workbookOnly.maxAttachmentBytes(), 1, workbookOnly.retryBackoff(),
                        workbookOnly.timeout(), false), new AuditHistory(db), 1, null, 1, null);
        assertThat(r.status()).as(r.detail()).isEqualTo(MailResult.Status.SENT);
        MimeMessage m = greenMail.getReceivedMessages()[0];
        List<Part> parts = new ArrayList<>();
        MailEndToEndTest.collect(m, parts);
        String url = "https://audit.example.com/pve/" + dir.getFileName() + "/report.html";
        String text = (String) parts.stream().filter(p -> MailEndToEndTest.is(p, "text/plain")).findFirst()
                .orElseThrow().getContent();
        assertThat(text).contains("Full report: " + url).contains("The HTML report is at " + url)
                .doesNotContain(dir.toString());
        String html = (String) parts.stream().filter(p -> MailEndToEndTest.is(p, "text/html")
                && MailEndToEndTest.fileName(p) == null).findFirst().orElseThrow().getContent();
        assertThat(org.jsoup.Jsoup.parse(html).select("a[href]").eachAttr("href")).contains(url);
    }

    @Test
    void anUntrustedCertificateFailsAtOnce() {
        int port = greenMail.getSmtps().getPort();
        MailResult r = send(mail(MailConfig.Security.SMTPS, port, null, 10_000_000));
        assertThat(r.status()).isEqualTo(MailResult.Status.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.detail()).isEqualTo("cannot connect to localhost:" + port
                + " (TLS handshake failed: the server certificate is not trusted)");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsOneLineInPlainWords() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        MailResult r = send(mail(MailConfig.Security.NONE, closed, null, 10_000_000));
        assertThat(r.status()).isEqualTo(MailResult.Status.FAILED);
        assertThat(r.attempts()).as("retried once, as configured").isEqualTo(2);
        assertThat(r.detail()).isEqualTo("cannot connect to localhost:" + closed + " (connection refused)");
        assertThat(r.describe()).isEqualTo("FAILED after 2 attempts: cannot connect to localhost:" + closed
                + " (connection refused)");
    }

    @Test
    void aRefusedLoginQuotesTheServersReply() {
        greenMail.setUser("audit-bot", "the-right-one");
        MailConfig base = mail(MailConfig.Security.NONE, greenMail.getSmtp().getPort(), null, 10_000_000);
        MailConfig wrong = new MailConfig(base.host(), base.port(), base.security(), "audit-bot", "a-wrong-one", null,
                null, base.from(), base.to(), base.cc(), base.send(), base.minSeverity(), base.routes(),
                base.subjectPrefix(), base.maxAttachmentBytes(), base.retries(), base.retryBackoff(), base.timeout(),
                base.attachHtml());
        MailResult r = send(wrong);
        assertThat(r.status()).isEqualTo(MailResult.Status.FAILED);
        assertThat(r.attempts()).as("not retried").isEqualTo(1);
        assertThat(r.detail()).startsWith("localhost:" + greenMail.getSmtp().getPort() + " refused the login (535")
                .doesNotContain("Exception").doesNotContain("a-wrong-one");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aboveTheSizeCapOnlyTheWorkbookIsAttachedAndTheBodySaysWhereTheReportIs() throws Exception {
        Path dir;
        dir = new org.pveaudit.report.ReportFolders(work.resolve("reports")).list().get(0).dir();
        long xlsx = Files.size(dir.resolve("report.xlsx"));
        assertThat(Files.size(dir.resolve("report.html"))).isGreaterThan(10);
        MailResult r = send(mail(MailConfig.Security.NONE, greenMail.getSmtp().getPort(), null, xlsx + 10));
        assertThat(r.status()).as(r.detail()).isEqualTo(MailResult.Status.SENT);
        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(attachments(m)).containsExactly("report.xlsx");
        List<Part> parts = new ArrayList<>();
        MailEndToEndTest.collect(m, parts);
        String text = (String) parts.stream().filter(p -> MailEndToEndTest.is(p, "text/plain")).findFirst()
                .orElseThrow().getContent();
        assertThat(text).contains("larger than the attachment limit").contains(dir.resolve("report.html").toString());
    }

    @Test
    void neverSendsNothingAndRecordsIt() {
        MailConfig never = new MailConfig("localhost", greenMail.getSmtp().getPort(), MailConfig.Security.NONE, null,
                null, null, null, "pve-audit@example.com", List.of("security@example.com"), List.of(),
                MailConfig.Send.NEVER, null, List.of(), null, null, null, null, null, null);
        MailResult r = send(never);
        assertThat(r.status()).isEqualTo(MailResult.Status.SKIPPED);
        assertThat(new AuditHistory(db).mail().find(1)).hasValueSatisfying(m -> assertThat(m.status())
                .isEqualTo("SKIPPED"));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
