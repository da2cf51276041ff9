package org.pveaudit.rules;

import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.review.ReviewState;

/**
 * What a run knows of a cluster besides its snapshot: the review campaign in force (from the history), the declared
 * access (from the configuration) and the people across the run's clusters. Each is null when the run has none;
 * {@code peopleGap} then says why the people are not known.
 */
public record ClusterContext(ReviewState reviews, DeclaredAccess declared, PeopleIndex people, String peopleGap) {

    /** Nothing beyond the snapshot: no campaign, no declaration, one cluster on its own. */
    public static final ClusterContext NONE = new ClusterContext(null, null, null,
            "the other clusters of a run are not known here");

    /** With the campaign in force and nothing else. */
    public static ClusterContext of(ReviewState reviews) {
        return new ClusterContext(reviews, null, null, NONE.peopleGap());
    }

    public ClusterContext withPeople(PeopleIndex index) {
        return new ClusterContext(reviews, declared, index, null);
    }
}
