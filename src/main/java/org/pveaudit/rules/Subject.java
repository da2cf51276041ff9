package org.pveaudit.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.ReadOnlyPrivileges;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;

/**
 * One thing a rule looks at, as the read-only map of fields its expression sees. Rule expressions
 * see only these maps, never model objects, so a rule file cannot reach any Java method.
 * {@code principal} is the user or token whose privileges the helper functions ask about (null
 * for subjects that are not one).
 */
public record Subject(SubjectKind kind, String key, String path, String principal, Map<String, Object> fields) {

    public Subject {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Every subject of a kind in a cluster, in a stable order. */
    public static List<Subject> of(SubjectKind kind, ClusterView view) {
        ClusterSnapshot s = view.snapshot();
        List<Subject> out = new ArrayList<>();
        switch (kind) {
            case ACL -> s.acl().forEach(a -> out.add(acl(a, view)));
            case TOKEN -> s.tokens().forEach(t -> out.add(token(t, view)));
            case USER -> s.users().forEach(u -> out.add(user(u, view)));
            case GROUP -> {
                Map<String, Integer> aclCount = new HashMap<>();
                s.acl().stream().filter(a -> a.principal().kind() == Principal.Kind.GROUP)
                        .forEach(a -> aclCount.merge(a.principal().id(), 1, Integer::sum));
                s.groups().forEach(g -> out.add(group(g, view, aclCount.getOrDefault(g.id(), 0))));
            }
            case ROLE -> {
                Set<String> used = new TreeSet<>();
                s.acl().forEach(a -> used.add(a.role()));
                s.roles().forEach(r -> out.add(role(r, used.contains(r.id()))));
            }
            case REALM -> s.realms().forEach(r -> out.add(realm(r, s)));
            case POOL -> s.pools().forEach(p -> out.add(new Subject(kind, p.id(), p.path(), null,
                    fields("id", p.id(), "comment", p.comment(), "vms", p.vms(), "storages", p.storages()))));
            case PRINCIPAL -> view.access().principals().forEach(id -> out.add(principal(id, view)));
            case CLUSTER -> out.add(new Subject(kind, s.cluster(), "/", null, fields("name", s.cluster(),
                    "version", s.identity().version(), "release", s.identity().release().label(),
                    "nodes", s.identity().nodes(), "userCount", s.users().size(), "tokenCount", s.tokens().size(),
                    "aclCount", s.acl().size(), "gaps", s.missing().stream().map(d -> d.key()).toList())));
            case PRIVILEGE -> {
                for (String principal : view.access().principals()) {
                    ApiToken t = view.token(principal);
                    boolean latent = view.latent(principal);
                    view.privilegedPaths(principal).forEach((path, privs) -> out.add(new Subject(kind,
                            principal + "|" + path, path, principal, fields("principal", principal,
                            "principalKind", t != null ? "token" : "user", "owner", t != null ? t.owner() : principal,
                            "path", path, "privileges", privs, "latent", latent))));
                }
            }
            case SOURCE -> {
                if (s.source() != null) {
                    out.add(source(s.source()));
                }
            }
            case REVIEW -> out.addAll(ReviewSubjects.of(view));
            case DRIFT -> out.addAll(DriftSubjects.of(view));
            case PERSON -> out.addAll(PersonSubjects.of(view));
        }
        return out;
    }

    private static Subject source(SourceInfo i) {
        List<String> beyond = i.beyondRead();
        return new Subject(SubjectKind.SOURCE, i.credential(), "/", null,
                fields("kind", i.kind(), "endpoint", i.endpoint(), "tls", i.tls(), "tlsVerified", i.tlsVerified(),
                        "credential", i.credential(), "credentialType", i.credentialType(),
                        "privsep", i.privsep(), "expire", i.expire(),
                        "expires", i.expire() == null || i.expire() > 0,
                        "privileges", List.copyOf(i.privileges()), "beyondRead", beyond,
                        "holdsBeyondRead", !beyond.isEmpty()));
    }

    private static Subject acl(AclEntry a, ClusterView view) {
        Principal p = a.principal();
        boolean exists = switch (p.kind()) {
            case USER -> view.user(p.id()) != null || Principal.ROOT.equals(p.id());
            case GROUP -> view.hasGroup(p.id());
            case TOKEN -> view.token(p.id()) != null;
        };
        Role role = view.role(a.role());
        return new Subject(SubjectKind.ACL, a.path() + "|" + p.spelling() + "|" + a.role(), a.path(),
                p.kind() == Principal.Kind.GROUP ? null : p.id(),
                fields("path", a.path(), "principal", p.spelling(), "principalKind", p.kind().name().toLowerCase(),
                        "principalName", p.id(), "role", a.role(), "propagate", a.propagate(),
                        "principalExists", exists, "roleExists", role != null,
                        "roleBuiltIn", role != null && role.builtIn(),
                        "rolePrivileges", role == null ? List.of() : List.copyOf(role.privileges())));
    }

    private static Subject token(ApiToken t, ClusterView view) {
        User owner = view.user(t.owner());
        boolean root = Principal.ROOT.equals(t.owner());
        boolean hasAcl = view.hasAclEntry(t.id());
        return new Subject(SubjectKind.TOKEN, t.id(), null, t.id(),
                fields("id", t.id(), "principal", t.id(), "owner", t.owner(), "name", t.name(), "expire", t.expire(),
                        "privsep", t.privsep(), "comment", t.comment(), "expired", t.expiredAt(view.now()),
                        "ownerExists", owner != null || root,
                        "ownerEnabled", owner != null ? owner.enabled() : root,
                        "ownerExpire", owner != null ? owner.expire() : 0L,
                        "ownerExpired", owner != null && owner.expiredAt(view.now()),
                        "ownerActive", owner != null ? owner.activeAt(view.now()) : root,
                        "hasAcl", hasAcl, "latent", view.latent(t.id())));
    }

    private static Subject user(User u, ClusterView view) {
        Realm realm = view.realm(u.realm());
        UserTfa tfa = view.tfa(u.id());
        List<String> privileges = List.copyOf(view.privilegesAnywhere(u.id()));
        List<String> beyondRead = ReadOnlyPrivileges.beyondRead(privileges);
        long tokens = view.tokenCount(u.id());
        return new Subject(SubjectKind.USER, u.id(), null, u.id(),
                fields("id", u.id(), "principal", u.id(), "realm", u.realm(), "enabled", u.enabled(),
                        "expire", u.expire(), "expired", u.expiredAt(view.now()), "firstname", u.firstname(),
                        "lastname", u.lastname(), "email", u.email(), "comment", u.comment(), "groups", u.groups(),
                        "legacyKeys", u.keys().name().toLowerCase(), "realmType", u.realmType(),
                        "realmExists", realm != null, "realmTfa", realm == null ? null : realm.tfa(),
                        "totpLocked", u.totpLocked() || (tfa != null && tfa.totpLocked()),
                        "hasTfa", tfa != null && tfa.hasEnabledFactor(), "privileges", privileges,
                        "anyPrivilege", !privileges.isEmpty(), "privileged", !beyondRead.isEmpty(),
                        "beyondRead", beyondRead, "latent", view.latent(u.id()), "root", Principal.ROOT.equals(u.id()),
                        "tokens", tokens, "nameSplitInLists", nameSplitInLists(u.id())));
    }

    /**
     * True when the UTF-8 form of a user id holds 0x85 or 0xA0: pve-common 9.2.1 splits user.cfg lists
     * on Unicode whitespace applied to the bytes, so the name is cut apart in group and ACL lines
     * (reference 3.1).
     */
    static boolean nameSplitInLists(String userId) {
        for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
            if (b == (byte) 0x85 || b == (byte) 0xA0) {
                return true;
            }
        }
        return false;
    }

    /** A user or a token; a privilege-separated token's privileges are already intersected with its owner's. */
    private static Subject principal(String id, ClusterView view) {
        ApiToken t = view.token(id);
        String owner = t != null ? t.owner() : id;
        List<String> privileges = List.copyOf(view.privilegesAnywhere(id));
        List<String> beyondRead = ReadOnlyPrivileges.beyondRead(privileges);
        return new Subject(SubjectKind.PRINCIPAL, id, null, id,
                fields("id", id, "principal", id, "kind", t != null ? "token" : "user", "owner", owner,
                        "realm", owner.substring(owner.lastIndexOf('@') + 1), "root", Principal.ROOT.equals(id),
                        "privsep", t != null && t.privsep(), "privileges", privileges,
                        "anyPrivilege", !privileges.isEmpty(), "privileged", !beyondRead.isEmpty(),
                        "beyondRead", beyondRead, "latent", view.latent(id)));
    }

    private static Subject group(Group g, ClusterView view, int aclCount) {
        List<String> withoutAccount = g.members().stream().filter(m -> view.user(m) == null).toList();
        return new Subject(SubjectKind.GROUP, g.id(), "/access/groups/" + g.id(), null,
                fields("id", g.id(), "members", g.members(), "comment", g.comment(), "memberCount", g.members().size(),
                        "missingMembers", (long) withoutAccount.size(), "membersWithoutAccount", withoutAccount,
                        "aclCount", aclCount));
    }

    private static Subject role(Role r, boolean used) {
        return new Subject(SubjectKind.ROLE, r.id(), null, null,
                fields("id", r.id(), "privileges", List.copyOf(r.privileges()), "builtIn", r.builtIn(),
                        "usedByAcl", used));
    }

    private static Subject realm(Realm r, ClusterSnapshot s) {
        List<String> secrets = r.options().entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().contains(Realm.REDACTED)).map(Map.Entry::getKey)
                .toList();
        long users = s.users().stream().filter(u -> u.realm().equals(r.id())).count();
        return new Subject(SubjectKind.REALM, r.id(), "/access/realm/" + r.id(), null,
                fields("id", r.id(), "type", r.type(), "default", r.defaultRealm(), "tfa", r.tfa(),
                        "comment", r.comment(), "options", r.options(), "secretOptions", secrets, "userCount", users));
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
