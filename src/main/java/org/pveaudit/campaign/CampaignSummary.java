package org.pveaudit.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.pveaudit.history.AuditRun;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.CampaignProgress;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;

/**
 * What a closed campaign came to, as {@code summary.html} shows it: its dates, how many rows were decided, left
 * open and overdue, per reviewer, every decision, the revocations and changes to carry out, the rows left open, the
 * import trail, and whether the run's report is in the bundle.
 *
 * @param run    the campaign's run, or null when the history no longer holds it
 * @param report where the bundle holds the run's report folder, or why it holds none
 */
public record CampaignSummary(Campaign campaign, AuditRun run, List<ReviewRow> rows, List<Decision> decisions,
                              List<WorkbookTrail.Workbook> trail, String report, boolean reportBundled,
                              String toolVersion) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    public CampaignSummary {
        if (!campaign.closed()) {
            throw new IllegalArgumentException("a summary is of a closed campaign");
        }
        rows = List.copyOf(rows);
        decisions = List.copyOf(decisions);
        trail = List.copyOf(trail);
    }

    /** The counts as of the day the campaign closed: overdue are the rows still open if that was after the due date. */
    public CampaignProgress progress() {
        return CampaignProgress.of(campaign, rows, decisions, LocalDate.ofInstant(campaign.closedAt(), ZoneOffset.UTC));
    }

    private boolean closedLate() {
        return LocalDate.ofInstant(campaign.closedAt(), ZoneOffset.UTC).isAfter(campaign.due());
    }

    /** The template's model: plain maps and lists of texts and numbers. */
    public Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", campaign.name());
        c.put("id", campaign.id());
        c.put("run", campaign.runId());
        c.put("runNote", run == null ? "no longer in the history" : "started " + time(run.startedAt()) + ", "
                + run.status() + ", pve-audit " + run.toolVersion());
        c.put("due", campaign.due().toString());
        c.put("opened", time(campaign.startedAt()));
        c.put("closed", time(campaign.closedAt()));
        c.put("closedLate", closedLate());
        m.put("campaign", c);
        m.put("toolVersion", toolVersion);
        CampaignProgress progress = progress();
        m.put("counts", Map.of("rows", progress.all().rows(), "decided", progress.all().decided(),
                "open", progress.all().open(), "overdue", progress.all().overdue()));
        List<Map<String, Object>> reviewers = new ArrayList<>();
        progress.byReviewer().forEach((reviewer, t) -> reviewers.add(Map.of("reviewer", reviewer == null
                ? "(no reviewer assigned)" : reviewer, "rows", t.rows(),
                "decided", t.decided(), "open", t.open())));
        m.put("reviewers", reviewers);
        m.put("decisions", decisions.stream().map(CampaignSummary::decision).toList());
        m.put("revocations", decisions.stream().filter(d -> d.verdict() == Decision.Verdict.REVOKE)
                .map(CampaignSummary::decision).toList());
        m.put("changes", decisions.stream().filter(d -> d.verdict() == Decision.Verdict.CHANGE)
                .map(CampaignSummary::decision).toList());
        m.put("openRows", openRows());
        m.put("trail", trail.stream().map(CampaignSummary::trailEntry).toList());
        m.put("report", report);
        m.put("reportBundled", reportBundled);
        return m;
    }

    private List<Map<String, Object>> openRows() {
        Set<String> keys = new HashSet<>();
        decisions.forEach(d -> keys.add(key(d.cluster(), d.principal())));
        List<Map<String, Object>> list = new ArrayList<>();
        for (ReviewRow r : rows) {
            if (!keys.contains(key(r.cluster(), r.principal()))) {
                list.add(Map.of("cluster", r.cluster(), "principal", r.principal(), "kind", r.kind(),
                        "reviewer", r.reviewer() == null ? "" : r.reviewer(), "adminEquivalent", r.adminEquivalent()));
            }
        }
        return list;
    }

    private static Map<String, Object> decision(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", d.cluster());
        m.put("principal", d.principal());
        m.put("decision", d.verdict().key());
        m.put("justification", d.justification() == null ? "" : d.justification());
        m.put("reviewer", d.reviewer());
        m.put("date", d.decidedOn().toString());
        return m;
    }

    private static Map<String, Object> trailEntry(WorkbookTrail.Workbook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", time(w.trail().importedAt()));
        m.put("by", w.trail().importedBy());
        m.put("file", w.trail().fileName());
        m.put("sha256", w.trail().sha256());
        m.put("reviewers", String.join(", ", w.trail().reviewers()));
        m.put("bundlePath", w.bundlePath());
        return m;
    }

    private static String key(String cluster, String principal) {
        return cluster + "\u0000" + principal;
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }
}
