package org.pveaudit.review;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a campaign is as of a day: its rows, how many are decided, open, overdue (open after the due date)
 * and decided "revoke", in all and per assigned reviewer (by name; {@code null}, last, for rows no one was
 * assigned).
 */
public record CampaignProgress(Campaign campaign, Tally all, Map<String, Tally> byReviewer) {

    /** Counts of rows. */
    public record Tally(int rows, int decided, int open, int overdue, int revoke) {

        static final Tally NONE = new Tally(0, 0, 0, 0, 0);

        /** One row: decided or open, overdue or not, decided "revoke" or not. */
        static Tally row(boolean decided, boolean overdue, boolean revoke) {
            return new Tally(1, decided ? 1 : 0, decided ? 0 : 1, overdue ? 1 : 0, revoke ? 1 : 0);
        }

        Tally plus(Tally o) {
            return new Tally(rows + o.rows, decided + o.decided, open + o.open, overdue + o.overdue, revoke + o.revoke);
        }
    }

    public CampaignProgress {
        Map<String, Tally> sorted = new TreeMap<>(Comparator.nullsLast(Comparator.<String>naturalOrder()));
        sorted.putAll(byReviewer);
        byReviewer = Collections.unmodifiableMap(sorted);
    }

    public static CampaignProgress of(Campaign campaign, List<ReviewRow> rows, List<Decision> decisions,
                                      LocalDate today) {
        Map<String, Decision> decided = new HashMap<>();
        decisions.forEach(d -> decided.put(d.cluster() + "|" + d.principal(), d));
        boolean late = today.isAfter(campaign.due());
        Tally all = Tally.NONE;
        Map<String, Tally> byReviewer = new HashMap<>();
        for (ReviewRow r : rows) {
            Decision d = decided.get(r.cluster() + "|" + r.principal());
            Tally one = Tally.row(d != null, d == null && late, d != null && d.verdict() == Decision.Verdict.REVOKE);
            all = all.plus(one);
            byReviewer.put(r.reviewer(), byReviewer.getOrDefault(r.reviewer(), Tally.NONE).plus(one));
        }
        return new CampaignProgress(campaign, all, byReviewer);
    }
}
