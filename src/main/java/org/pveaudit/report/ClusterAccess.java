package org.pveaudit.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.ClusterView;

/**
 * What the reports show of one cluster's effective privileges, worked out once from its {@link ClusterView} and
 * shared by every format: per user and token what the engine says it holds, the principals holding escalation
 * privileges, and the evidence of the findings that get one. The view itself (the permission engine's model
 * and rows) is then dropped, so a run of many clusters holds one engine per worker, not one per cluster.
 *
 * @param held       per user (snapshot order), each followed by its tokens: what the engine says it holds
 * @param privileged the principals (in the engine's order) holding at least one escalation privilege
 * @param evidence   per finding of this cluster that gets evidence, its lines (see {@link Evidence})
 */
public record ClusterAccess(String cluster, Map<String, AccessReview.Held> held, List<Privileged> privileged,
                            Map<StoredFinding, List<String>> evidence) {

    /** A principal holding escalation privileges; {@code escalation} maps each such privilege to where. */
    record Privileged(String principal, boolean latent, Map<String, String> escalation) {
    }

    public ClusterAccess {
        held = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(held));
        privileged = List.copyOf(privileged);
        evidence = java.util.Collections.unmodifiableMap(evidence);
    }

    /**
     * The engine's part without evidence, for the evaluate step to hand to the report step of the same run: the
     * view's rows are computed by then, so this costs little there and saves the report step the whole engine.
     */
    public static ClusterAccess of(ClusterView view) {
        return of(view, List.of());
    }

    /** The same with the evidence of these findings of this cluster, explained with {@code view}. */
    ClusterAccess withEvidence(ClusterView view, Collection<StoredFinding> findings) {
        return new ClusterAccess(cluster, held, privileged, evidence(view, findings));
    }

    /** @param findings the findings of this cluster whose evidence a report shows (compared by identity) */
    static ClusterAccess of(ClusterView view, Collection<StoredFinding> findings) {
        Map<String, AccessReview.Held> held = AccessReview.held(view);
        List<Privileged> privileged = new ArrayList<>();
        for (String principal : view.access().principals()) {
            AccessReview.Held h = held.get(principal);
            Map<String, String> where = h != null ? h.escalation() : AccessReview.escalation(view, principal);
            if (!where.isEmpty()) {
                privileged.add(new Privileged(principal, h != null ? h.latent() : view.latent(principal), where));
            }
        }
        return new ClusterAccess(view.snapshot().cluster(), held, privileged, evidence(view, findings));
    }

    private static Map<StoredFinding, List<String>> evidence(ClusterView view, Collection<StoredFinding> findings) {
        Map<StoredFinding, List<String>> evidence = new IdentityHashMap<>();
        Evidence.Cache explained = new Evidence.Cache(view);
        findings.forEach(f -> evidence.put(f, explained.of(f.finding())));
        return evidence;
    }
}
