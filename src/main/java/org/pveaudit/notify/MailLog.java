package org.pveaudit.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code run_mail} table (migration V10): one row per run telling what became of its e-mail. */
public final class MailLog {

    private final JdbcTemplate jdbc;

    public MailLog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void record(long runId, String policy, String subject, MailResult result, List<String> attachments) {
        jdbc.update("INSERT OR REPLACE INTO run_mail(run_id, attempted_at, status, policy, subject, recipients, "
                        + "attempts, attachments, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, Instant.now().toString(), result.status().name(), policy, subject, result.recipients(),
                result.attempts(), String.join(", ", attachments), result.detail());
    }

    /** The recorded outcome of a run's e-mail. */
    public Optional<MailResult> find(long runId) {
        return jdbc.query("SELECT status, recipients, attempts, error FROM run_mail WHERE run_id = ?",
                (rs, i) -> new MailResult(MailResult.Status.valueOf(rs.getString(1)), rs.getString(2), rs.getInt(3),
                        rs.getString(4)), runId).stream().findFirst();
    }
}
