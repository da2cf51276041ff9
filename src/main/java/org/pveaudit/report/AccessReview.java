package org.pveaudit.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pveaudit.access.PrivilegeRow;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;
import org.pveaudit.rules.ClusterView;

/**
 * What an access review goes through, one row per user and token: the grants it has (directly,
 * through a group, or as a token), and the escalation privileges it effectively holds.
 */
final class AccessReview {

    /** Privileges that let their holder widen its own or others' access (reference section 6). */
    static final List<String> ESCALATION = List.of("Permissions.Modify", "Sys.Modify", "User.Modify",
            "Realm.Allocate", "Realm.AllocateUser", "Group.Allocate", "Sys.Console");

    /** What the privileged-access summary calls holding every privilege of the Administrator role. */
    static final String ADMINISTRATOR = "Administrator (every privilege)";
    /** Subtrees named per holding; the rest are counted. */
    static final int TOP_REGIONS = 10;

    /**
     * One principal under review. {@code escalation} maps a privilege to where it is held; {@code holdings} say
     * in which subtrees it holds everything Administrator holds, and each escalation privilege.
     */
    record Row(String cluster, String principal, String kind, boolean enabled, boolean latent, List<String> grants,
               int privilegedPaths, Map<String, String> escalation, List<Holding> holdings) {
    }

    /**
     * Where a principal holds a privilege (or all of Administrator's): on how many relevant paths, in how many
     * subtrees, and the first {@link #TOP_REGIONS} of them.
     */
    record Holding(String privilege, int paths, int regions, List<PrivilegeRow.Region> top) {

        static Holding of(String privilege, List<PrivilegeRow.Region> regions) {
            int paths = regions.stream().mapToInt(PrivilegeRow.Region::paths).sum();
            return new Holding(privilege, paths, regions.size(),
                    List.copyOf(regions.subList(0, Math.min(TOP_REGIONS, regions.size()))));
        }
    }

    private AccessReview() {
    }

    static List<Row> rows(ClusterView view) {
        ClusterSnapshot s = view.snapshot();
        Map<String, List<String>> grants = new TreeMap<>();
        Map<String, Group> groups = new HashMap<>();
        s.groups().forEach(g -> groups.put(g.id(), g));
        for (AclEntry a : s.acl()) {
            String grant = a.role() + " on " + a.path() + (a.propagate() ? "" : " (not propagated)");
            if (a.principal().kind() == Principal.Kind.GROUP) {
                Group g = groups.get(a.principal().id());
                if (g != null) {
                    g.members().forEach(m -> grants.computeIfAbsent(m, k -> new ArrayList<>())
                            .add(grant + " via @" + g.id()));
                }
            } else {
                grants.computeIfAbsent(a.principal().id(), k -> new ArrayList<>()).add(grant);
            }
        }
        Map<String, List<ApiToken>> tokensOf = new HashMap<>();
        s.tokens().forEach(t -> tokensOf.computeIfAbsent(t.owner(), k -> new ArrayList<>()).add(t));
        List<Row> rows = new ArrayList<>();
        for (User u : s.users()) {
            rows.add(row(view, u.id(), "user", u.enabled(), grants));
            for (ApiToken t : tokensOf.getOrDefault(u.id(), List.of())) {
                List<String> own = new ArrayList<>(grants.getOrDefault(t.id(), List.of()));
                if (!t.privsep()) {
                    own.add(0, "all privileges of " + u.id() + " (privsep 0; own ACL entries ignored)");
                }
                rows.add(new Row(s.cluster(), t.id(), "token", true, view.latent(t.id()), own,
                        view.row(t.id()).nonEmptyPaths(), escalation(view, t.id()), holdings(view, t.id())));
            }
        }
        return rows;
    }

    private static Row row(ClusterView view, String id, String kind, boolean enabled, Map<String, List<String>> grants) {
        return new Row(view.snapshot().cluster(), id, kind, enabled, view.latent(id),
                Principal.ROOT.equals(id) ? List.of("Administrator everywhere (root@pam)")
                        : grants.getOrDefault(id, List.of()),
                view.row(id).nonEmptyPaths(), escalation(view, id), holdings(view, id));
    }

    /** Where the principal holds all of Administrator's privileges, then each escalation privilege, as subtrees. */
    static List<Holding> holdings(ClusterView view, String principal) {
        PrivilegeRow row = view.row(principal);
        List<Holding> out = new ArrayList<>();
        Role admin = view.role("Administrator");
        if (admin != null) {
            List<PrivilegeRow.Region> all = row.regionsOfAll(admin.privileges());
            if (!all.isEmpty()) {
                out.add(Holding.of(ADMINISTRATOR, all));
            }
        }
        for (String privilege : ESCALATION) {
            List<PrivilegeRow.Region> regions = row.regions(privilege);
            if (!regions.isEmpty()) {
                out.add(Holding.of(privilege, regions));
            }
        }
        return out;
    }

    /** For each escalation privilege held: "/" when at the root, else the first path and how many more. */
    static Map<String, String> escalation(ClusterView view, String principal) {
        PrivilegeRow row = view.row(principal);
        Map<String, String> out = new TreeMap<>();
        for (String privilege : ESCALATION) {
            PrivilegeRow.Held held = row.held(privilege);
            if (held != null) {
                out.put(privilege, held.atRoot() ? "/"
                        : held.firstPath() + (held.paths() > 1 ? " +" + (held.paths() - 1) : ""));
            }
        }
        return out;
    }
}
