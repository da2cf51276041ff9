package org.pveaudit.review;

import java.util.Map;

/**
 * One principal of a campaign as its reviewer was shown it: {@code facts} (realm, enabled, expiry, second
 * factors, groups, admin-equivalent paths, last change seen, last decision) by column name, the reviewer the
 * reviewer map assigned (or null), whether it held admin-equivalent access at the campaign's run, and the
 * {@link AccessDigest} of its access then, so a later audit can tell whether a "change" happened.
 */
public record ReviewRow(String cluster, String principal, String kind, String reviewer, boolean adminEquivalent,
                        String accessDigest, Map<String, String> facts) {

    public ReviewRow {
        facts = Map.copyOf(facts);
    }
}
