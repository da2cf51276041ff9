package org.pveaudit.campaign;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.pveaudit.history.ReviewStore;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.ReviewRow;

/**
 * Where a campaign stands: its rows, how many have a decision in force, how many are open, and how many of those
 * are overdue (open after the due date); the same per assigned reviewer ({@code null}: rows no one was assigned).
 */
public record CampaignStatus(Campaign campaign, Counts total, Map<String, Counts> byReviewer) {

    /** Rows, decided, open and overdue. */
    public record Counts(int rows, int decided, int open, int overdue) {

        Counts plus(boolean decided, boolean overdue) {
            return new Counts(rows + 1, this.decided + (decided ? 1 : 0), open + (decided ? 0 : 1),
                    this.overdue + (!decided && overdue ? 1 : 0));
        }
    }

    private static final Counts NONE = new Counts(0, 0, 0, 0);

    public CampaignStatus {
        byReviewer = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byReviewer));
    }

    /** Every campaign, oldest first, as of {@code today}. */
    public static List<CampaignStatus> of(ReviewStore reviews, LocalDate today) {
        return reviews.campaigns().stream().map(c -> of(reviews, c, today)).toList();
    }

    static CampaignStatus of(ReviewStore reviews, Campaign campaign, LocalDate today) {
        Set<String> decided = new HashSet<>();
        reviews.decisions(campaign.id()).forEach(d -> decided.add(CampaignRows.key(d.cluster(), d.principal())));
        boolean late = today.isAfter(campaign.due());
        Counts total = NONE;
        // by name, the unassigned rows last
        Map<String, Counts> byReviewer = new TreeMap<>(java.util.Comparator.nullsLast(String::compareTo));
        for (ReviewRow r : reviews.rows(campaign.id())) {
            boolean done = decided.contains(CampaignRows.key(r.cluster(), r.principal()));
            total = total.plus(done, late);
            byReviewer.put(r.reviewer(), byReviewer.getOrDefault(r.reviewer(), NONE).plus(done, late));
        }
        return new CampaignStatus(campaign, total, byReviewer);
    }
}
