package org.pveaudit.review;

import java.util.List;

/**
 * What the PVE-REVIEW rules see of one cluster: the latest campaign that covers it (started before the run), its
 * rows and the decisions in force. A cluster no campaign covers has none: then those rules are not evaluated.
 */
public record ReviewState(Campaign campaign, List<ReviewRow> rows, List<Decision> decisions) {

    public ReviewState {
        rows = List.copyOf(rows);
        decisions = List.copyOf(decisions);
    }
}
