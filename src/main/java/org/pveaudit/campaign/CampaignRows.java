package org.pveaudit.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.report.ClusterAccess;
import org.pveaudit.report.ReviewFacts;
import org.pveaudit.report.SpreadsheetText;
import org.pveaudit.review.AccessDigest;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import org.pveaudit.rules.ClusterView;

/**
 * The rows of a new campaign: every user and token of the chosen clusters as the run stored them, with the facts
 * the "Access review" sheet shows, the last decision an earlier campaign recorded for each, and its reviewer.
 */
final class CampaignRows {

    private CampaignRows() {
    }

    /** @param runStart the run's start, in epoch seconds: what "expired" and "latent" are measured against */
    static List<ReviewRow> of(AuditHistory history, long runId, long runStart, List<String> clusters,
                              ReviewerMap reviewers) {
        Map<String, String> lastDecisions = lastDecisions(history);
        List<ReviewRow> rows = new ArrayList<>();
        for (String cluster : clusters) {
            ClusterSnapshot snapshot = history.snapshots().snapshot(runId, cluster);
            ClusterAccess access = ClusterAccess.of(new ClusterView(snapshot, runStart));
            Map<String, String> digests = AccessDigest.byPrincipal(snapshot); // one pass over the ACL, not one a row
            for (ReviewFacts f : ReviewFacts.of(snapshot, access, history.comparison().lastChanges(runId, cluster))) {
                Map<String, String> facts = new LinkedHashMap<>();
                // what the cell shows is what the import compares with: a text too long for a cell is cut here
                f.facts().forEach((column, value) -> facts.put(column, SpreadsheetText.fit(value, "report.xlsx")));
                facts.put(ReviewColumns.LAST_DECISION, lastDecisions.getOrDefault(key(cluster, f.principal()), ""));
                rows.add(new ReviewRow(cluster, f.principal(), f.kind(), reviewers.reviewerOf(f), f.adminEquivalent(),
                        digests.get(f.principal()), facts));
            }
        }
        return rows;
    }

    /**
     * Per cluster and principal, the latest decision any earlier campaign recorded:
     * {@code keep by ann@example.com on 2026-10-02 (2026-Q4)}.
     */
    private static Map<String, String> lastDecisions(AuditHistory history) {
        Map<String, String> out = new HashMap<>();
        for (Campaign c : history.reviews().campaigns()) { // oldest first: a later campaign's decision wins
            for (Decision d : history.reviews().decisions(c.id())) {
                out.put(key(d.cluster(), d.principal()), describe(d, c.name()));
            }
        }
        return out;
    }

    static String describe(Decision d, String campaign) {
        return d.verdict().key() + " by " + d.reviewer() + " on " + d.decidedOn() + " (" + campaign + ")";
    }

    static String key(String cluster, String principal) {
        return cluster + "\n" + principal;
    }
}
