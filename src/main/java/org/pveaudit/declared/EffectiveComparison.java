package org.pveaudit.declared;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.pveaudit.access.AccessModel;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;

/**
 * Compares what each declared user and token can do on the cluster with what the declaration would let it do:
 * rows can all match by name and still grant more (a custom role that gained privileges, a group with another
 * member, a token without privilege separation). The declaration is worked out by the same engine on a snapshot
 * that holds the declared users, groups, tokens and ACL entries (plus the held ones an allow-pattern covers), the
 * held built-in roles, the held custom roles with the declared ones in their place, and the held pools and realms.
 */
public final class EffectiveComparison {

    /** At most this many paths are named in one drift; the rest are counted. */
    static final int PATHS_SHOWN = 3;

    private EffectiveComparison() {
    }

    /**
     * One {@link Drift.Kind#PRIVILEGES_BEYOND} per declared user or token that holds, at some path, privileges the
     * declaration does not give it there, ordered by principal.
     *
     * @param heldPrivileges a principal's privileges on the cluster by path (every path where it holds some),
     *                       as the rules have worked them out already
     */
    public static List<Drift> of(DeclaredAccess declared, ClusterSnapshot held,
                                 Function<String, Map<String, List<String>>> heldPrivileges) {
        AccessModel intended = AccessModel.of(declaredWorld(declared, held));
        Set<String> compared = new TreeSet<>();
        declared.users().forEach(u -> compared.add(u.id()));
        declared.tokens().forEach(t -> compared.add(t.id()));
        compared.remove(Principal.ROOT);
        List<Drift> drift = new ArrayList<>();
        for (String principal : compared) {
            Map<String, List<String>> beyond = new LinkedHashMap<>();
            Map<String, String> intendedAt = new HashMap<>();
            heldPrivileges.apply(principal).forEach((path, privileges) -> {
                Set<String> allowed = intended.privileges(principal, path).keySet();
                List<String> extra = privileges.stream().filter(p -> !allowed.contains(p)).toList();
                if (!extra.isEmpty()) {
                    beyond.put(path, extra);
                    intendedAt.put(path, allowed.isEmpty() ? "nothing" : String.join(", ", allowed));
                }
            });
            if (!beyond.isEmpty()) {
                drift.add(new Drift(Drift.Kind.PRIVILEGES_BEYOND, principal, shown(beyond, intendedAt::get),
                        shown(beyond, path -> String.join(", ", beyond.get(path)))));
            }
        }
        return drift;
    }

    /** The first paths with what each side has there, and how many more paths differ. */
    private static String shown(Map<String, List<String>> beyond, Function<String, String> at) {
        List<String> parts = new ArrayList<>();
        beyond.keySet().stream().limit(PATHS_SHOWN).forEach(path -> parts.add(path + ": " + at.apply(path)));
        int more = beyond.size() - PATHS_SHOWN;
        return String.join("; ", parts) + (more > 0 ? "; " + more + " more " + (more == 1 ? "path" : "paths") : "");
    }

    /** The cluster as the declaration would have it (see the class comment). */
    static ClusterSnapshot declaredWorld(DeclaredAccess declared, ClusterSnapshot held) {
        Map<String, User> heldUsers = new HashMap<>();
        held.users().forEach(u -> heldUsers.put(u.id(), u));
        List<User> users = new ArrayList<>();
        for (DeclaredUser d : declared.users()) {
            User h = heldUsers.get(d.id());
            // membership comes from the declared groups alone
            users.add(h == null ? new User(d.id(), d.enabled(), d.expire(), null, null, null, null, null, List.of(),
                    null, false, 0)
                    : new User(h.id(), d.enabled(), d.expire(), h.firstname(), h.lastname(), h.email(), h.comment(),
                    h.keys(), List.of(), h.realmType(), h.totpLocked(), h.tfaLockedUntil()));
        }
        if (heldUsers.containsKey(Principal.ROOT) && users.stream().noneMatch(u -> u.id().equals(Principal.ROOT))) {
            users.add(heldUsers.get(Principal.ROOT));
        }
        List<ApiToken> tokens = declared.tokens().stream()
                .map(t -> new ApiToken(t.id(), t.expire(), t.privsep(), null)).toList();
        List<Group> groups = declared.groups().stream()
                .map(g -> new Group(g.id(), List.copyOf(g.members()), null)).toList();
        Map<String, Role> roles = new LinkedHashMap<>();
        held.roles().forEach(r -> roles.put(r.id(), r));
        declared.roles().forEach(r -> {
            Role h = roles.get(r.id());
            if (h == null || !h.builtIn()) {
                roles.put(r.id(), new Role(r.id(), r.privileges(), false));
            }
        });
        List<AclEntry> acl = new ArrayList<>(declared.acl());
        held.acl().stream().filter(e -> declared.allow().stream().anyMatch(a -> a.allows(e))).forEach(acl::add);
        return new ClusterSnapshot(held.identity(), held.collectedAt(), users, tokens, groups,
                List.copyOf(roles.values()), acl, held.realms(), held.tfa(), held.pools(), held.gaps(),
                List.of(), held.source());
    }
}
