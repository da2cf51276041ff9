package org.pveaudit.people;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pveaudit.model.ApiToken;
import org.pveaudit.rules.Severity;

/**
 * The people whose accounts disagree across clusters: disabled or expired on one cluster but active on another
 * (high: the leaver process reached some clusters only), every account inactive but tokens left (high: a
 * re-enabled account brings them back), administrator-equivalent on more than N clusters (medium).
 */
public final class Leavers {

    /** Administrator-equivalent on more clusters than this is reported, unless a caller says otherwise. */
    public static final int DEFAULT_MAX_ADMIN_CLUSTERS = 2;

    private Leavers() {
    }

    public static List<Leaver> of(PeopleIndex index) {
        return of(index, DEFAULT_MAX_ADMIN_CLUSTERS);
    }

    /** @param maxAdminClusters the clusters a person may be administrator-equivalent on before it is reported */
    public static List<Leaver> of(PeopleIndex index, int maxAdminClusters) {
        List<Leaver> found = new ArrayList<>();
        for (Person p : index.people()) {
            Set<String> inactive = new TreeSet<>();
            Set<String> active = new TreeSet<>();
            p.accounts().forEach(a -> (a.active() ? active : inactive).add(a.cluster()));
            if (!active.isEmpty() && inactive.stream().anyMatch(c -> !active.contains(c))) {
                inactive.removeAll(active);
                found.add(new Leaver(p, Leaver.Kind.INACTIVE_HERE_ACTIVE_THERE, Severity.HIGH, p.name()
                        + " is disabled or expired on " + String.join(", ", inactive) + " but active on "
                        + String.join(", ", active)));
            }
            List<String> tokens = p.accounts().stream().flatMap(a -> a.liveTokens(index.now()).stream()
                    .map(ApiToken::id).map(t -> a.cluster() + ":" + t)).toList();
            if (!p.activeAnywhere() && !tokens.isEmpty()) {
                found.add(new Leaver(p, Leaver.Kind.INACTIVE_WITH_TOKENS, Severity.HIGH, p.name()
                        + " has no active account but still has " + (tokens.size() == 1 ? "token " : "tokens ")
                        + String.join(", ", tokens)));
            }
            Set<String> admin = new TreeSet<>();
            p.accounts().stream().filter(Account::adminEquivalent).forEach(a -> admin.add(a.cluster()));
            if (admin.size() > maxAdminClusters) {
                found.add(new Leaver(p, Leaver.Kind.ADMIN_ON_MANY_CLUSTERS, Severity.MEDIUM, p.name()
                        + " is administrator-equivalent on " + admin.size() + " clusters (" + String.join(", ", admin)
                        + "), more than " + maxAdminClusters));
            }
        }
        return found;
    }
}
