package org.pveaudit.campaign;

import java.util.List;
import org.pveaudit.report.ReviewFacts;
import org.pveaudit.input.Glob;

/**
 * Who reviews which principal: entries tried in order, the first whose conditions all hold names the reviewer.
 * A condition is a pattern in which {@code *} stands for any text; an entry without one matches every principal.
 */
public record ReviewerMap(List<Entry> entries) {

    /** No reviewer for anyone (no {@code --reviewer-map}). */
    public static final ReviewerMap NONE = new ReviewerMap(List.of());

    /** One entry: the reviewer, and the patterns a principal's realm, group, cluster and id must match (null: any). */
    public record Entry(String reviewer, String realm, String group, String cluster, String principal) {

        boolean matches(ReviewFacts f) {
            return matches(realm, f.realm()) && matches(cluster, f.cluster()) && matches(principal, f.principal())
                    && (group == null || f.groups().stream().anyMatch(g -> matches(group, g)));
        }

        private static boolean matches(String pattern, String value) {
            return pattern == null || glob(pattern, value);
        }
    }

    public ReviewerMap {
        entries = List.copyOf(entries);
    }

    /** The reviewer of the first matching entry, or null. */
    public String reviewerOf(ReviewFacts facts) {
        return entries.stream().filter(e -> e.matches(facts)).map(Entry::reviewer).findFirst().orElse(null);
    }

    /** Whether {@code text} matches {@code pattern}, where {@code *} is any text (no regular expression: a name is no pattern). */
    static boolean glob(String pattern, String text) {
        return new Glob(pattern).matches(text);
    }
}
