package org.pveaudit.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.review.CampaignProgress;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.Waiver;

/**
 * What the report template and the mail templates both see, built in one place so a finding, a cluster or a
 * waiver reads the same in both: plain maps of text, numbers and booleans (replaceable templates never see Java
 * types). Each template adds its own keys to these.
 */
public final class TemplateModel {

    private TemplateModel() {
    }

    /**
     * A finding: severity, cluster, ruleId, title, subjectKind, subject, principal, path, role, message, state
     * (new, open, regressed), firstSeenRun.
     */
    public static Map<String, Object> finding(StoredFinding sf) {
        Map<String, Object> m = finding(sf.finding());
        m.put("state", sf.state().name().toLowerCase(Locale.ROOT));
        m.put("firstSeenRun", sf.firstSeenRun());
        return m;
    }

    /** The finding's own facts: severity, cluster, ruleId, title, subjectKind, subject, principal, path, role, message. */
    public static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().key());
        m.put("cluster", f.cluster());
        m.put("ruleId", f.ruleId());
        m.put("title", f.title());
        m.put("subjectKind", f.subject().key());
        m.put("subject", f.subjectKey());
        m.put("principal", nz(f.principal()));
        m.put("path", nz(f.path()));
        m.put("role", nz(f.role()));
        m.put("message", f.message());
        return m;
    }

    /** A moment as a reader wants it: {@code 2026-12-05 11:07:46 UTC}, no fractions of a second. */
    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A cluster of the run: name, audited, pveVersion, error, counts (unwaived, by severity), newFindings, waived. */
    public static Map<String, Object> cluster(ClusterRun c, ReportData.Tally tally) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.cluster());
        m.put("audited", c.audited());
        m.put("pveVersion", nz(c.pveVersion()));
        m.put("error", nz(c.error()));
        m.put("counts", counts(tally.bySeverity()));
        m.put("newFindings", tally.newFindings());
        m.put("waived", tally.waived());
        return m;
    }

    /** A waiver of the run: rule, status (active, expiring, expired, stale) as of {@code today}, owner, expires, reason, ticket. */
    public static Map<String, Object> waiver(StoredWaiver w, LocalDate today) {
        Waiver wv = w.waiver();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", wv.rule());
        m.put("status", w.status(today).name().toLowerCase());
        m.put("owner", wv.owner());
        m.put("expires", wv.expires().toString());
        m.put("reason", wv.reason());
        m.put("ticket", nz(wv.ticket()));
        return m;
    }

    /**
     * A review campaign's progress: name, due, closed, rows, decided, open, overdue, revoke, and reviewers
     * (name and the same counts each).
     */
    public static Map<String, Object> campaign(CampaignProgress p) {
        Map<String, Object> m = tally(p.all());
        m.put("name", p.campaign().name());
        m.put("due", p.campaign().due().toString());
        m.put("closed", p.campaign().closed());
        m.put("reviewers", p.byReviewer().entrySet().stream().map(e -> {
            Map<String, Object> r = tally(e.getValue());
            r.put("name", e.getKey() == null ? "unassigned" : e.getKey());
            return r;
        }).toList());
        return m;
    }

    /** A campaign's counts: rows, decided, open, overdue, revoke. */
    public static Map<String, Object> tally(CampaignProgress.Tally t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", t.rows());
        m.put("decided", t.decided());
        m.put("open", t.open());
        m.put("overdue", t.overdue());
        m.put("revoke", t.revoke());
        return m;
    }

    /** Counts by severity key, critical first, every severity present. */
    public static Map<String, Object> counts(Map<Severity, Integer> bySeverity) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (Severity sev : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            c.put(sev.key(), bySeverity.getOrDefault(sev, 0));
        }
        return c;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
