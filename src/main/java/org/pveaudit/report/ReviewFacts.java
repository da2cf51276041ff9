package org.pveaudit.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.LastAccessChanges;
import org.pveaudit.model.ClusterSnapshot;

/**
 * What an access review shows of one user or token, worked out as the "Access review" sheet works it out: the
 * {@link #COLUMNS} as text, whether it holds every privilege of the Administrator role somewhere, and, to assign
 * it a reviewer, its realm and groups (a token's are its owner's).
 */
public record ReviewFacts(String cluster, String principal, String kind, String realm, List<String> groups,
                          boolean adminEquivalent, Map<String, String> facts) {

    /** The facts' columns, in the order a review shows them. */
    public static final List<String> COLUMNS = List.of("Realm", "Enabled", "Expires", "Second factors", "Groups",
            "Administrator on", "Escalation privileges", "Last change seen");

    public ReviewFacts {
        groups = List.copyOf(groups);
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /**
     * The facts of every user (snapshot order), each followed by its tokens.
     *
     * @param access  the cluster's access ({@link ClusterAccess#of(org.pveaudit.rules.ClusterView)})
     * @param changes the latest change the history recorded per principal; null without history
     */
    public static List<ReviewFacts> of(ClusterSnapshot snapshot, ClusterAccess access, LastAccessChanges changes) {
        Map<String, List<String>> groupsOf = new HashMap<>();
        List<ReviewFacts> out = new ArrayList<>();
        for (AccessReview.Row a : AccessReview.rows(snapshot, access.held())) {
            boolean token = a.kind().equals("token");
            if (!token) {
                groupsOf.put(a.principal(), a.groups());
            }
            String owner = token ? a.principal().substring(0, a.principal().indexOf('!')) : a.principal();
            String administratorOn = AccessReview.administratorOn(a.held());
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("Realm", a.realm());
            facts.put("Enabled", a.enabled() ? "yes" : "no");
            // the day the sheet's date cell shows (UTC), or "never" as there
            facts.put("Expires", a.expire() > 0 ? LocalDate.ofInstant(Instant.ofEpochSecond(a.expire()),
                    ZoneOffset.UTC).toString() : "never");
            facts.put("Second factors", a.tfa());
            facts.put("Groups", String.join(", ", a.groups()));
            facts.put("Administrator on", administratorOn);
            facts.put("Escalation privileges", AccessReview.escalationPrivileges(a.held()));
            String seen = AccessReviewSheet.lastChangeSeen(changes, a.principal());
            facts.put("Last change seen", seen == null ? "" : seen);
            out.add(new ReviewFacts(a.cluster(), a.principal(), a.kind(), a.realm(),
                    groupsOf.getOrDefault(owner, List.of()), !administratorOn.isEmpty(), facts));
        }
        return out;
    }
}
