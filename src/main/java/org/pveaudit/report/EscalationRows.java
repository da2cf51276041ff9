package org.pveaudit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the HTML report's "Who holds escalation privileges": per user and token, each escalation privilege
 * as "/" or the first path and how many more, with the subtrees that cell opens to.
 */
final class EscalationRows {

    private EscalationRows() {
    }

    /** At most {@code maxRows} rows, clusters in report order. */
    static List<Map<String, Object>> of(ReportData data, int maxRows) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClusterAccess access : data.access().values()) {
            for (ClusterAccess.Privileged p : access.privileged()) {
                if (rows.size() < maxRows) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("cluster", access.cluster());
                    row.put("principal", p.principal());
                    row.put("latent", p.latent());
                    AccessReview.Held held = access.held().get(p.principal());
                    List<Map<String, Object>> cells = new ArrayList<>();
                    AccessReview.ESCALATION.forEach(e -> cells.add(Map.of("text", p.escalation().getOrDefault(e, ""),
                            "subtrees", subtrees(held, e))));
                    row.put("cells", cells);
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * Where a principal holds a privilege beyond the root, as the subtrees the "/vms +16" cell opens to: each top
     * path with how many relevant paths below it hold the privilege; empty at the root or when not known.
     */
    private static List<String> subtrees(AccessReview.Held held, String privilege) {
        if (held == null) {
            return List.of();
        }
        for (AccessReview.Holding h : held.holdings()) {
            if (h.privilege().equals(privilege) && !(h.top().size() == 1 && h.top().get(0).path().equals("/"))) {
                List<String> out = new ArrayList<>();
                h.top().forEach(r -> out.add(r.path() + (r.paths() > 1 ? " (" + r.paths() + " paths)" : "")));
                if (h.regions() > h.top().size()) {
                    out.add("… and " + (h.regions() - h.top().size()) + " more subtrees (Privileged access sheet)");
                }
                return out;
            }
        }
        return List.of();
    }
}
