package org.pveaudit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.access.ExplainedEntry;
import org.pveaudit.access.Explanation;
import org.pveaudit.access.PrivilegeRow;
import org.pveaudit.model.Group;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.model.Count;

/**
 * The evidence behind a finding, from the permission engine: for a user or token at a path the
 * explain chain (deciding and overridden ACL entries with the reason), for a principal without a
 * path where it holds privileges, for a group its members.
 */
final class Evidence {

    private static final int MAX_PATHS = 5;
    /** Runs of paths explained for a finding without a path: explaining all of a large cluster costs seconds. */
    private static final int MAX_EXPLAINED = 8;

    private Evidence() {
    }

    /** The evidence lines depend only on the finding's principal and path ({@link ClusterAccess.Explained}). */
    static List<String> of(Finding f, ClusterView view) {
        List<String> lines = new ArrayList<>();
        if (view == null || f.principal() == null) {
            return lines;
        }
        if (f.principal().startsWith("@")) {
            String id = f.principal().substring(1);
            view.snapshot().groups().stream().filter(g -> g.id().equals(id)).findFirst().map(Group::members)
                    .ifPresentOrElse(m -> lines.add("members of @" + id + ": " + (m.isEmpty() ? "(none)"
                            : String.join(", ", m))), () -> lines.add("group @" + id + " does not exist"));
            return lines;
        }
        if (!view.access().knows(f.principal())) {
            lines.add(f.principal() + " does not exist in the cluster");
            return lines;
        }
        if (f.path() != null) {
            explain(view.access().explain(f.principal(), f.path()), lines, "");
        } else {
            held(f.principal(), view, lines);
        }
        if (view.latent(f.principal())) {
            lines.add("latent: the account is disabled or expired; these privileges return when it is re-enabled");
        }
        return lines;
    }

    /**
     * Where a principal holds privileges, for a finding without a path: one explanation per run of paths alike
     * (the same privileges, one after the other), and runs from the same entries on one line:
     * "/ (+13 paths alike): 2 privileges from / @ops Auditor (propagate)".
     */
    private static void held(String principal, ClusterView view, List<String> lines) {
        PrivilegeRow row = view.row(principal);
        List<String> paths = view.relevantPaths();
        int held = row.nonEmptyPaths();
        if (held == 0) {
            lines.add(principal + " holds no privileges");
        }
        Map<String, int[]> runsBySource = new LinkedHashMap<>(); // first path index, paths
        int[] explained = {0};
        row.forEachNonEmptyRun((first, n) -> {
            String source = Count.of(row.at(first).size(), "privilege") + " from "
                    + deciding(view.access().explain(principal, paths.get(first)));
            runsBySource.computeIfAbsent(source, k -> new int[] {first, 0})[1] += n;
            return ++explained[0] < MAX_EXPLAINED;
        });
        int shown = 0;
        for (Map.Entry<String, int[]> e : runsBySource.entrySet().stream().limit(MAX_PATHS).toList()) {
            int[] at = e.getValue();
            lines.add(paths.get(at[0]) + (at[1] > 1 ? " (+" + Count.of(at[1] - 1, "path") + " alike)" : "")
                    + ": " + e.getKey());
            shown += at[1];
        }
        if (held > shown) {
            lines.add("… and " + Count.of(held - shown, "more path") + " (the Privileged access sheet, "
                    + "pve-audit explain)");
        }
    }

    /**
     * The ACL entries that decide a principal's privileges at a path, as {@code explain} names them (path,
     * principal or group, role, propagate): a reviewer sees where access comes from, not 47 privilege names.
     */
    private static String deciding(Explanation e) {
        List<String> entries = new ArrayList<>();
        for (ExplainedEntry entry : e.entries()) {
            if (entry.decisive()) {
                var a = entry.entry();
                entries.add(a.path() + " " + a.principal().spelling() + " " + a.role()
                        + (a.propagate() ? " (propagate)" : ""));
            }
        }
        String own = entries.isEmpty() ? "no entry of its own" : String.join("; ", entries);
        return e.owner() == null ? own : own + "; owner: " + deciding(e.owner());
    }

    private static void explain(Explanation e, List<String> lines, String indent) {
        lines.add(indent + e.principal() + " at " + e.path() + ": roles " + (e.roles().isEmpty() ? "(none)"
                : String.join(", ", e.roles().keySet())) + "; " + Count.of(e.privileges().size(), "privilege"));
        for (ExplainedEntry entry : e.entries()) {
            var a = entry.entry();
            lines.add(indent + (entry.decisive() ? "decides: " : "overridden: ") + a.path() + " "
                    + a.principal().spelling() + " " + a.role() + (a.propagate() ? " (propagate)" : "") + " — "
                    + entry.reason().name().toLowerCase().replace('_', ' ')
                    + (entry.detail() == null || entry.detail().isEmpty() ? "" : " (" + entry.detail() + ")"));
        }
        e.notes().forEach(n -> lines.add(indent + "note: " + n));
        if (e.owner() != null) {
            explain(e.owner(), lines, indent + "  owner: ");
        }
    }
}
