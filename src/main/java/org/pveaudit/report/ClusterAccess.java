package org.pveaudit.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.work.ClusterWork;

/**
 * What the reports show of one cluster's effective privileges, worked out once from its {@link ClusterView} and
 * shared by every format: per user and token what the engine says it holds, the principals holding escalation
 * privileges, and the evidence of the findings that get one. The view itself (the permission engine's model
 * and rows) is then dropped, so a run of many clusters holds one engine per worker, not one per cluster.
 *
 * @param held       per user (snapshot order), each followed by its tokens: what the engine says it holds
 * @param privileged the principals (in the engine's order) holding at least one escalation privilege
 * @param evidence   the evidence lines ({@link Evidence}) of the findings explained so far, by what they depend on
 */
public record ClusterAccess(String cluster, Map<String, AccessReview.Held> held, List<Privileged> privileged,
                            Map<Explained, List<String>> evidence) {

    /** What a finding's evidence depends on: its principal and its path (null: wherever the principal holds some). */
    record Explained(String principal, String path) {

        static Explained of(Finding f) {
            return new Explained(f.principal(), f.path());
        }
    }

    /** A principal holding escalation privileges; {@code escalation} maps each such privilege to where. */
    record Privileged(String principal, boolean latent, Map<String, String> escalation) {
    }

    public ClusterAccess {
        held = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(held));
        privileged = List.copyOf(privileged);
        evidence = java.util.Collections.unmodifiableMap(evidence);
    }

    /**
     * Whether the reports show the evidence of every finding of a run with this many: beyond
     * {@link XlsxReport#EVIDENCE_LIMIT} they show it for the first {@link HtmlReport#MAX_ROWS} only, which the
     * report step explains itself.
     */
    public static boolean explainsAll(int runFindings) {
        return runFindings <= XlsxReport.EVIDENCE_LIMIT;
    }

    /** The engine's part without evidence. */
    public static ClusterAccess of(ClusterView view) {
        return of(view, List.of());
    }

    /**
     * The same with the evidence of these findings of this cluster, for the evaluate step to hand to the report
     * step of the same run: the view's rows are computed by then, so this costs little there and saves the
     * report step the whole engine.
     */
    public static ClusterAccess of(ClusterView view, Collection<Finding> findings) {
        return of(view, findings, 1);
    }

    /** The same, explaining the findings on {@code threads} threads (a run with fewer clusters than threads). */
    public static ClusterAccess of(ClusterView view, Collection<Finding> findings, int threads) {
        Map<String, AccessReview.Held> held = AccessReview.held(view);
        List<Privileged> privileged = new ArrayList<>();
        for (String principal : view.access().principals()) {
            AccessReview.Held h = held.get(principal);
            Map<String, String> where = h != null ? h.escalation() : AccessReview.escalation(view, principal);
            if (!where.isEmpty()) {
                privileged.add(new Privileged(principal, h != null ? h.latent() : view.latent(principal), where));
            }
        }
        return new ClusterAccess(view.snapshot().cluster(), held, privileged, evidence(view, findings, threads));
    }

    /** The same with the evidence of these findings too, explained with {@code view}. */
    ClusterAccess withEvidence(ClusterView view, Collection<Finding> findings) {
        Map<Explained, List<String>> more = new HashMap<>(evidence);
        more.putAll(evidence(view, findings, 1));
        return new ClusterAccess(cluster, held, privileged, more);
    }

    /** Whether the evidence of this finding of the cluster is known (a finding without a principal has none). */
    boolean explains(Finding f) {
        return f.principal() == null || evidence.containsKey(Explained.of(f));
    }

    /** The evidence lines of this finding of the cluster, empty when it has none or was not explained. */
    List<String> evidence(Finding f) {
        return f.principal() == null ? List.of() : evidence.getOrDefault(Explained.of(f), List.of());
    }

    /** Each principal and path explained once (rules often find the same principal at the same path). */
    private static Map<Explained, List<String>> evidence(ClusterView view, Collection<Finding> findings, int threads) {
        Map<Explained, Finding> distinct = new LinkedHashMap<>();
        findings.stream().filter(f -> f.principal() != null).forEach(f -> distinct.putIfAbsent(Explained.of(f), f));
        List<Finding> todo = List.copyOf(distinct.values());
        if (threads > 1) {
            view.computeRows(threads); // then the view only reads
        }
        List<List<String>> lines = ClusterWork.mapInSlices(todo, threads, MIN_PER_THREAD,
                slice -> slice.stream().map(f -> List.copyOf(Evidence.of(f, view))).toList());
        Map<Explained, List<String>> evidence = new HashMap<>();
        for (int i = 0; i < todo.size(); i++) {
            evidence.put(Explained.of(todo.get(i)), lines.get(i));
        }
        return evidence;
    }

    /** Below this many explanations a thread of its own costs more than it saves. */
    private static final int MIN_PER_THREAD = 100;
}
