package org.pveaudit.declared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;

/**
 * Compares declared access with what a cluster holds, object by object: ACL entries by (path, principal,
 * role), users, tokens, roles and groups by id. Built-in roles are not compared (Proxmox generates them),
 * and root@pam is never undeclared (it exists on every cluster and cannot be removed).
 */
public final class AccessComparison {

    private AccessComparison() {
    }

    /** The datasets a comparison looks at. */
    private static final Set<Dataset> COMPARED = EnumSet.of(Dataset.ACL, Dataset.USERS, Dataset.TOKENS,
            Dataset.ROLES, Dataset.GROUPS);

    /**
     * The differences, ordered by kind and then subject. A dataset the snapshot could not read
     * ({@link #notCompared}) is left out: its declared objects would otherwise all be "missing".
     */
    public static List<Drift> of(DeclaredAccess declared, ClusterSnapshot held) {
        Set<Dataset> skip = notCompared(held);
        List<Drift> drift = new ArrayList<>();
        if (!skip.contains(Dataset.ACL)) {
            acl(declared, held, drift);
        }
        if (!skip.contains(Dataset.USERS)) {
            users(declared, held, drift);
        }
        if (!skip.contains(Dataset.TOKENS)) {
            tokens(declared, held, drift);
        }
        if (!skip.contains(Dataset.ROLES)) {
            roles(declared, held, drift);
        }
        if (!skip.contains(Dataset.GROUPS)) {
            groups(declared, held, drift);
        }
        drift.sort(Comparator.comparing(Drift::kind).thenComparing(Drift::subject));
        return List.copyOf(drift);
    }

    /** The datasets a comparison with {@code held} leaves out, because the snapshot could not read them. */
    public static Set<Dataset> notCompared(ClusterSnapshot held) {
        Set<Dataset> missing = EnumSet.copyOf(COMPARED);
        missing.retainAll(held.missing());
        return missing;
    }

    private static void acl(DeclaredAccess declared, ClusterSnapshot held, List<Drift> drift) {
        Map<String, AclEntry> want = byKey(declared.acl(), AccessComparison::aclKey);
        Map<String, AclEntry> have = byKey(held.acl(), AccessComparison::aclKey);
        have.forEach((key, entry) -> {
            AclEntry w = want.get(key);
            if (w == null) {
                boolean allowed = declared.allow().stream().anyMatch(a -> a.allows(entry));
                boolean root = entry.principal().equals(Principal.user(Principal.ROOT));
                if (!allowed && !root) {
                    drift.add(new Drift(Drift.Kind.UNDECLARED_ACL, key, Drift.ABSENT, propagation(entry)));
                }
            } else if (w.propagate() != entry.propagate()) {
                drift.add(new Drift(Drift.Kind.ACL_DIFFERS, key, propagation(w), propagation(entry)));
            }
        });
        want.forEach((key, entry) -> {
            if (!have.containsKey(key)) {
                drift.add(new Drift(Drift.Kind.MISSING_ACL, key, propagation(entry), Drift.ABSENT));
            }
        });
    }

    private static void users(DeclaredAccess declared, ClusterSnapshot held, List<Drift> drift) {
        byId(byKey(declared.users(), DeclaredUser::id), byKey(held.users(), User::id),
                w -> user(w.enabled(), w.expire()), h -> user(h.enabled(), h.expire()), Principal.ROOT::equals,
                new Kinds(Drift.Kind.UNDECLARED_USER, Drift.Kind.USER_DIFFERS, Drift.Kind.MISSING_USER), drift);
    }

    private static void tokens(DeclaredAccess declared, ClusterSnapshot held, List<Drift> drift) {
        byId(byKey(declared.tokens(), DeclaredToken::id), byKey(held.tokens(), ApiToken::id),
                w -> token(w.expire(), w.privsep()), h -> token(h.expire(), h.privsep()), id -> false,
                new Kinds(Drift.Kind.UNDECLARED_TOKEN, Drift.Kind.TOKEN_DIFFERS, Drift.Kind.MISSING_TOKEN), drift);
    }

    /** Only declared roles: a held custom role nobody declared grants nothing until an ACL entry (compared) uses it. */
    private static void roles(DeclaredAccess declared, ClusterSnapshot held, List<Drift> drift) {
        Map<String, Role> have = byKey(held.roles(), Role::id);
        for (DeclaredRole w : declared.roles()) {
            Role role = have.get(w.id());
            if (role == null) {
                drift.add(new Drift(Drift.Kind.MISSING_ROLE, w.id(), String.join(",", w.privileges()), Drift.ABSENT));
            } else if (!role.builtIn() && !role.privileges().equals(w.privileges())) {
                drift.add(new Drift(Drift.Kind.ROLE_DIFFERS, w.id(), String.join(",", w.privileges()),
                        String.join(",", role.privileges())));
            }
        }
    }

    private static void groups(DeclaredAccess declared, ClusterSnapshot held, List<Drift> drift) {
        byId(byKey(declared.groups(), DeclaredGroup::id), byKey(held.groups(), Group::id),
                w -> String.join(",", w.members()), h -> String.join(",", new TreeSet<>(h.members())), id -> false,
                new Kinds(Drift.Kind.UNDECLARED_GROUP, Drift.Kind.GROUP_MEMBERS_DIFFER, Drift.Kind.MISSING_GROUP),
                drift);
    }

    /** The drift kinds of one kind of object compared by id. */
    private record Kinds(Drift.Kind undeclared, Drift.Kind differs, Drift.Kind missing) {
    }

    /**
     * Objects of one kind by id: held and not declared (unless {@code exempt}), declared differently (their
     * descriptions differ), declared and not held; held ones first, each side in its own order.
     */
    private static <W, H> void byId(Map<String, W> want, Map<String, H> have, Function<W, String> declared,
                                    Function<H, String> held, Predicate<String> exempt, Kinds kinds,
                                    List<Drift> drift) {
        have.forEach((id, h) -> {
            W w = want.get(id);
            if (w == null) {
                if (!exempt.test(id)) {
                    drift.add(new Drift(kinds.undeclared(), id, Drift.ABSENT, held.apply(h)));
                }
            } else if (!declared.apply(w).equals(held.apply(h))) {
                drift.add(new Drift(kinds.differs(), id, declared.apply(w), held.apply(h)));
            }
        });
        want.forEach((id, w) -> {
            if (!have.containsKey(id)) {
                drift.add(new Drift(kinds.missing(), id, declared.apply(w), Drift.ABSENT));
            }
        });
    }

    /** The comparison key of an ACL entry, as shown: {@code /vms @ops PVEVMUser}. */
    static String aclKey(AclEntry e) {
        return e.path() + " " + e.principal().spelling() + " " + e.role();
    }

    private static String propagation(AclEntry e) {
        return e.propagate() ? "propagate" : "no propagate";
    }

    private static String user(boolean enabled, long expire) {
        return (enabled ? "enabled" : "disabled") + ", expire " + expire;
    }

    private static String token(long expire, boolean privsep) {
        return "expire " + expire + ", privsep " + (privsep ? 1 : 0);
    }

    /** By key, the first of repeated keys winning (a declaration reader refuses repeats; a snapshot has none). */
    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.putIfAbsent(key.apply(i), i));
        return map;
    }
}
