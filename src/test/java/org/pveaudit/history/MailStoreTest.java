package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What became of each run's e-mail. */
class MailStoreTest extends HistoryDatabaseTest {

    @Test
    void aDeliveryIsRecordedOncePerRunTheLastAttemptWinning() {
        long run = history.runs().start("v", "c", "p", "high");
        assertThat(history.mail().find(run)).isEmpty();
        history.mail().record(run, new MailDelivery("FAILED", "a@example.com", 3, "connection refused", "always",
                "[pve-audit] 2 critical", List.of()));
        MailDelivery sent = new MailDelivery("SENT", "a@example.com, b@example.com", 1, null, "on-findings",
                "[pve-audit] 2 critical", List.of("report.xlsx", "report.html"));
        history.mail().record(run, sent);
        assertThat(history.mail().find(run)).contains(sent);
        assertThat(jdbc.queryForObject("SELECT attachments FROM run_mail", String.class))
                .isEqualTo("report.xlsx, report.html");
        assertThat(jdbc.queryForObject("SELECT attempted_at FROM run_mail", String.class)).isNotBlank();
    }

    @Test
    void aSkippedMailHasNoAttachmentsAndNoSubject() {
        long run = history.runs().start("v", "c", "p", "high");
        MailDelivery skipped = new MailDelivery("SKIPPED", "", 0, "send policy never", "never", null, null);
        history.mail().record(run, skipped);
        assertThat(history.mail().find(run)).contains(skipped);
        assertThat(skipped.attachments()).isEmpty();
    }
}
