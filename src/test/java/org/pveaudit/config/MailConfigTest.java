package org.pveaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mail:} section: binding, defaults, one-line errors with file:line:col, and secrets kept out. */
class MailConfigTest {

    static final String SECRET = "canary-91ab-mail-SECRET";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("PVE_AUDIT_TEST_SMTP");
    }

    private Path config(String mail) throws IOException {
        Path file = dir.resolve("pve-audit.yml");
        Files.writeString(file, "clusters:\n  - {name: prod, source: snapshot, path: prod}\nmail:\n" + mail);
        return file;
    }

    private static final String BASE = """
              host: smtp.example.com
              from: pve-audit@example.com
              to: [sec@example.com]
            """;

    @Test
    void bindsWithDefaultsAndNoMailSectionMeansNoMail() throws IOException {
        MailConfig m = AuditConfigLoader.load(config(BASE + """
                  send: on-new-findings
                  max-attachment-bytes: 2MB
                  retry-backoff: 10ms
                  routes:
                    - {min-severity: critical, to: [oncall@example.com], new-only: true}
                """)).mail();
        assertThat(m.security()).isEqualTo(MailConfig.Security.STARTTLS);
        assertThat(m.port()).isEqualTo(587);
        assertThat(m.send()).isEqualTo(MailConfig.Send.ON_NEW_FINDINGS);
        assertThat(m.maxAttachmentBytes().toBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(m.retries()).isEqualTo(3);
        assertThat(m.retryBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(m.routes()).singleElement().satisfies(r -> {
            assertThat(r.newOnly()).isTrue();
            assertThat(r.to()).containsExactly("oncall@example.com");
        });
        Path none = dir.resolve("none.yml");
        Files.writeString(none, "clusters:\n  - {name: prod, source: snapshot, path: prod}\n");
        assertThat(AuditConfigLoader.load(none).mail()).isNull();
        assertThat(AuditConfigLoader.load(config(BASE + "  security: smtps\n")).mail().port()).isEqualTo(465);
        assertThat(m.attachHtml()).as("the workbook only, unless asked").isFalse();
        assertThat(AuditConfigLoader.load(config(BASE + "  attach-html: true\n")).mail().attachHtml()).isTrue();
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverPrinted() throws IOException {
        System.setProperty("PVE_AUDIT_TEST_SMTP", SECRET);
        AuditConfig cfg = AuditConfigLoader.load(config(BASE
                + "  username: bot\n  password: ${PVE_AUDIT_TEST_SMTP}\n"));
        assertThat(cfg.mail().password()).isEqualTo(SECRET);
        assertThat(cfg.mail().toString()).doesNotContain(SECRET).contains("password=<redacted>");
        assertThat(cfg.toString()).doesNotContain(SECRET);
    }

    @Test
    void aPasswordWrittenIntoTheFileIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = config(BASE + "  username: bot\n  password: " + SECRET + "\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pve-audit.yml:8:13: mail.password: write an environment placeholder")
                .hasMessageNotContaining(SECRET);
        Path unset = config(BASE + "  username: bot\n  password: ${PVE_AUDIT_TEST_UNSET_VAR}\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(unset))
                .hasMessageContaining("mail.password: environment variable PVE_AUDIT_TEST_UNSET_VAR is not set");
    }

    @Test
    void mistakesAreOneLineWithTheirPlace() throws IOException {
        assertThatThrownBy(() -> AuditConfigLoader.load(config("  from: a@example.com\n  to: [b@example.com]\n")))
                .hasMessage(dir.resolve("pve-audit.yml") + ":4:9: mail.host: required (the SMTP server)");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(BASE.replace("sec@example.com", "not an address"))))
                .hasMessageContaining(":6:8: mail.to[0]: 'not an address' is not an e-mail address");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(BASE + "  send: sometimes\n")))
                .hasMessageContaining(":7:9: mail.send: 'sometimes' is not one of always, on_findings");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(BASE + "  routes: [{min-severity: urgent, to: [x@example.com]}]\n")))
                .hasMessageContaining("mail.routes[0].min-severity: 'urgent' is not one of critical, high, medium, low");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(BASE + "  password-file: pw.txt\n")))
                .hasMessageContaining("mail.password-file: needs mail.username");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(BASE + "  username: bot\n  password-file: pw.txt\n")))
                .hasMessageContaining("mail.password-file: file not found: " + dir.resolve("pw.txt"));
        assertThatThrownBy(() -> AuditConfigLoader.load(config(BASE + "  colour: blue\n")))
                .hasMessageContaining("mail.colour: unknown setting");
    }
}
