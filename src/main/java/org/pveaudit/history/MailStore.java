package org.pveaudit.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code run_mail} table (migration V10): one row per run telling what became of its e-mail. */
public final class MailStore {

    private final HistorySql sql;

    MailStore(HistorySql sql) {
        this.sql = sql;
    }

    /** Records a run's e-mail, replacing what an earlier attempt recorded. */
    public void record(long runId, MailDelivery mail) {
        sql.jdbc.update(sql.dialect.insertOrReplace("run_mail", "run_id", "run_id, attempted_at, status, policy, "
                        + "subject, recipients, attempts, attachments, error"),
                runId, Instant.now().toString(), mail.status(), mail.policy(), mail.subject(), mail.recipients(),
                mail.attempts(), String.join(", ", mail.attachments()), mail.error());
    }

    /** The recorded outcome of a run's e-mail. */
    public Optional<MailDelivery> find(long runId) {
        return sql.jdbc.query("SELECT status, recipients, attempts, error, policy, subject, attachments FROM run_mail "
                + "WHERE run_id = ?", (rs, i) -> new MailDelivery(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getString(4), rs.getString(5), rs.getString(6), attachments(rs.getString(7))), runId)
                .stream().findFirst();
    }

    private static List<String> attachments(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(", "));
    }
}
