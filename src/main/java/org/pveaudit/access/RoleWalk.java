package org.pveaudit.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.Pool;

/**
 * The role walk of {@code PVE::AccessControl::roles} (reference 2.3) and the pool merge of
 * reference 2.4 step 3, on role names: what {@link AccessModel#roles} and {@link Explainer} report.
 * The matrix walks compute the same on privilege bits.
 */
final class RoleWalk {

    private static final String NO_ACCESS = AccessModel.NO_ACCESS;

    private final AclIndex index;
    private final Map<String, List<String>> poolsOfMember = new HashMap<>();

    RoleWalk(AclIndex index, List<Pool> pools) {
        this.index = index;
        for (Pool p : pools) {
            p.vms().forEach(vm -> poolsOfMember.computeIfAbsent("/vms/" + vm, k -> new ArrayList<>()).add(p.id()));
            p.storages().forEach(s -> poolsOfMember.computeIfAbsent("/storage/" + s, k -> new ArrayList<>()).add(p.id()));
        }
    }

    /** The paths that are members of a pool. */
    Set<String> poolMembers() {
        return poolsOfMember.keySet();
    }

    /** Regular roles with the pool roles merged in (reference 2.4 step 3). */
    Map<String, Boolean> regularWithPools(String principal, String path) {
        Map<String, Boolean> rs = cancelled(rawRoles(principal, path));
        Map<String, Boolean> pr = poolRoles(principal, path);
        if (!pr.isEmpty() && !rs.containsKey(NO_ACCESS)) {
            if (pr.containsKey(NO_ACCESS)) {
                rs = Map.of(NO_ACCESS, false);
            } else {
                rs = new LinkedHashMap<>(rs);
                for (String role : pr.keySet()) {
                    rs.putIfAbsent(role, false);
                }
            }
        }
        return rs;
    }

    /** Union of the roles on every pool that has this exact path as a member. */
    Map<String, Boolean> poolRoles(String principal, String path) {
        List<String> pools = poolsOfMember.get(path);
        if (pools == null) {
            return Map.of();
        }
        Map<String, Boolean> pr = new LinkedHashMap<>();
        for (String pool : pools) {
            cancelled(rawRoles(principal, "/pool/" + pool)).keySet().forEach(r -> pr.put(r, false));
        }
        return pr;
    }

    List<String> poolsOf(String path) {
        return poolsOfMember.getOrDefault(path, List.of());
    }

    /** The role walk of reference 2.3 steps 3 and 4, before NoAccess cancels the rest. */
    Map<String, Boolean> rawRoles(String principal, String path) {
        List<Map<String, Boolean>> current = new ArrayList<>(List.of(Map.of()));
        index.walk(path, (node, last) -> {
            Map<String, Boolean> next = applicable(node, principal, last);
            if (next != null) {
                current.set(0, next);
            }
        });
        return current.get(0);
    }

    /** What one node contributes for a principal (token, else user, else union of groups), or null. */
    Map<String, Boolean> applicable(AclIndex.Node node, String principal, boolean last) {
        Map<String, Boolean> t = pick(node.tokens.get(principal), last, null);
        if (t != null) {
            return t;
        }
        Map<String, Boolean> u = pick(node.users.get(principal), last, null);
        if (u != null) {
            return u;
        }
        Map<String, Boolean> g = null;
        if (!node.groups.isEmpty()) {
            for (String group : index.groupsOf(principal)) {
                g = pick(node.groups.get(group), last, g);
            }
        }
        return g;
    }

    private static Map<String, Boolean> pick(Map<String, AclEntry> entries, boolean last, Map<String, Boolean> into) {
        if (entries == null) {
            return into;
        }
        for (AclEntry e : entries.values()) {
            if (last || e.propagate()) {
                if (into == null) {
                    into = new LinkedHashMap<>();
                }
                into.merge(e.role(), e.propagate(), Boolean::logicalOr);
            }
        }
        return into;
    }

    static Map<String, Boolean> cancelled(Map<String, Boolean> roles) {
        Boolean na = roles.get(NO_ACCESS);
        return na == null ? roles : Map.of(NO_ACCESS, na);
    }

    /** {@code /}, then each ancestor, then the path itself. */
    static List<String> prefixes(String path) {
        List<String> out = new ArrayList<>();
        out.add("/");
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                out.add(path.substring(0, i));
            }
        }
        if (!path.equals("/")) {
            out.add(path);
        }
        return out;
    }
}
