package org.pveaudit.job;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.notify.MailResult;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Waiver;

/**
 * What the operator must see at the end of an audit, one line each, even with {@code --quiet}: clusters not
 * audited, rules that failed (outcome ERROR), coverage gaps, waivers that expired, expire soon or matched
 * nothing, an e-mail not sent, a failed run, a metrics file not written. Read back from what the run recorded, so a restart or a replay prints the same as the report says.
 */
public record RunNotices(List<String> lines) {

    public RunNotices {
        lines = List.copyOf(lines);
    }

    /**
     * The notices of a run.
     *
     * @param mail    what became of the run's e-mail, or null when none is configured
     * @param failure why the job failed, or null
     */
    public static RunNotices of(AuditHistory history, long runId, MailResult mail, String failure) {
        List<String> lines = new ArrayList<>();
        List<ClusterRun> clusters = history.clusters().of(runId);
        for (ClusterRun c : clusters) {
            if (!c.audited()) {
                lines.add(c.cluster() + ": not audited: " + (c.error() == null ? "no reason recorded" : c.error()));
            }
        }
        history.findings().outcomes(runId).stream().filter(o -> o.status() == RuleOutcome.Status.ERROR).forEach(o -> lines.add(
                o.cluster() + ": rule " + o.ruleId() + " failed: " + o.reason()));
        for (ClusterRun c : clusters) {
            if (c.audited()) {
                ClusterSnapshot s = history.snapshots().snapshot(runId, c.cluster());
                // gaps(), not coverage(): an offline source lacking the live API's transport facts is what it
                // is, not data that failed to be read; said on every run, it would teach operators to skip these
                s.gaps().forEach(g -> lines.add(c.cluster() + ": coverage gap: " + g.dataset().key() + ": "
                        + g.source() + ": " + g.reason()));
            }
        }
        // the day the report judges waivers by (ReportData), so both say the same
        LocalDate today = history.runs().run(runId).map(AuditRun::startedAt)
                .map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC)).orElse(LocalDate.now(ZoneOffset.UTC));
        for (StoredWaiver w : history.findings().waivers(runId)) {
            String line = waiver(w, today);
            if (line != null) {
                lines.add(line);
            }
        }
        if (mail != null && mail.failed()) {
            lines.add("mail not sent" + (mail.attempts() > 1 ? " after " + mail.attempts() + " attempts" : "") + ": "
                    + mail.detail());
        }
        if (failure != null) {
            lines.add("the run failed: " + failure);
        }
        return new RunNotices(lines);
    }

    /** The same notices and one more line at the end (a step after the run, such as its metrics, went wrong). */
    public RunNotices plus(String line) {
        List<String> more = new ArrayList<>(lines);
        more.add(line);
        return new RunNotices(more);
    }

    /** The line for a waiver that needs its owner, or null for an active one. */
    static String waiver(StoredWaiver stored, LocalDate today) {
        Waiver w = stored.waiver();
        String which = "waiver " + w.source() + " (" + w.rule() + (w.ticket() == null ? "" : ", ticket " + w.ticket())
                + ", owner " + w.owner() + ")";
        return switch (stored.status(today)) {
            case ACTIVE -> null;
            case EXPIRED -> which + " expired on " + w.expires() + " and no longer applies";
            case STALE -> which + " matched no finding; delete it or correct it";
            case EXPIRING -> {
                long days = ChronoUnit.DAYS.between(today, w.expires());
                yield which + " expires on " + w.expires() + (days == 0 ? " (its last day)" : days == 1
                        ? " (tomorrow)" : " (in " + days + " days)");
            }
        };
    }
}
