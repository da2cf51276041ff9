package org.pveaudit.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.ClusterView;

/**
 * What the reports show of one cluster's effective privileges, worked out once from its {@link ClusterView} and
 * shared by every format: the access-review rows, the principals holding escalation privileges, and the
 * evidence of the findings that get one. The view itself (the permission engine's model and rows) is then
 * dropped, so a run of many clusters holds one cluster's engine at a time, not all of them.
 *
 * @param review     one row per user and token (users in snapshot order, each followed by its tokens)
 * @param privileged the principals (in the engine's order) holding at least one escalation privilege
 * @param evidence   per finding of this cluster that gets evidence, its lines (see {@link Evidence})
 */
record ClusterAccess(String cluster, List<AccessReview.Row> review, List<Privileged> privileged,
                     Map<StoredFinding, List<String>> evidence) {

    /** A principal holding escalation privileges; {@code escalation} maps each such privilege to where. */
    record Privileged(String principal, boolean latent, Map<String, String> escalation) {
    }

    ClusterAccess {
        review = List.copyOf(review);
        privileged = List.copyOf(privileged);
        evidence = java.util.Collections.unmodifiableMap(evidence);
    }

    /** @param findings the findings of this cluster whose evidence a report shows (compared by identity) */
    static ClusterAccess of(ClusterView view, Collection<StoredFinding> findings) {
        List<AccessReview.Row> review = AccessReview.rows(view);
        Map<String, AccessReview.Row> byPrincipal = new HashMap<>();
        review.forEach(r -> byPrincipal.put(r.principal(), r));
        List<Privileged> privileged = new ArrayList<>();
        for (String principal : view.access().principals()) {
            AccessReview.Row row = byPrincipal.get(principal);
            Map<String, String> where = row != null ? row.escalation() : AccessReview.escalation(view, principal);
            if (!where.isEmpty()) {
                privileged.add(new Privileged(principal, row != null ? row.latent() : view.latent(principal), where));
            }
        }
        Map<StoredFinding, List<String>> evidence = new IdentityHashMap<>();
        findings.forEach(f -> evidence.put(f, Evidence.of(f.finding(), view)));
        return new ClusterAccess(view.snapshot().cluster(), review, privileged, evidence);
    }
}
