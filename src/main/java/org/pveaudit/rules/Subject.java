package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.model.User;

/**
 * One thing a rule looks at, as the read-only map of fields its expression sees. Rule expressions
 * see only these maps, never model objects, so a rule file cannot reach any Java method.
 */
public record Subject(SubjectKind kind, String key, String path, Map<String, Object> fields) {

    public Subject {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Every subject of a kind in a snapshot, in a stable order. */
    public static List<Subject> of(SubjectKind kind, ClusterSnapshot s, long now) {
        List<Subject> out = new ArrayList<>();
        switch (kind) {
            case ACL -> s.acl().forEach(a -> out.add(acl(a)));
            case TOKEN -> {
                Map<String, User> users = s.users().stream()
                        .collect(Collectors.toMap(User::id, u -> u, (a, b) -> a));
                s.tokens().forEach(t -> out.add(token(t, users.get(t.owner()), now)));
            }
            case USER -> s.users().forEach(u -> out.add(user(u, now)));
            case GROUP -> s.groups().forEach(g -> out.add(new Subject(kind, g.id(), null,
                    fields("id", g.id(), "members", g.members(), "comment", g.comment()))));
            case ROLE -> s.roles().forEach(r -> out.add(new Subject(kind, r.id(), null,
                    fields("id", r.id(), "privileges", List.copyOf(r.privileges()), "builtIn", r.builtIn()))));
            case REALM -> s.realms().forEach(r -> out.add(new Subject(kind, r.id(), "/access/realm/" + r.id(),
                    fields("id", r.id(), "type", r.type(), "default", r.defaultRealm(), "tfa", r.tfa(),
                            "comment", r.comment(), "options", r.options()))));
            case POOL -> s.pools().forEach(p -> out.add(new Subject(kind, p.id(), p.path(),
                    fields("id", p.id(), "comment", p.comment(), "vms", p.vms(), "storages", p.storages()))));
            case SOURCE -> {
                if (s.source() != null) {
                    out.add(source(s.source()));
                }
            }
        }
        return out;
    }

    private static Subject source(SourceInfo i) {
        List<String> beyond = i.beyondRead();
        return new Subject(SubjectKind.SOURCE, i.credential(), "/",
                fields("kind", i.kind(), "endpoint", i.endpoint(), "tls", i.tls(), "tlsVerified", i.tlsVerified(),
                        "credential", i.credential(), "credentialType", i.credentialType(),
                        "privsep", i.privsep(), "expire", i.expire(),
                        "expires", i.expire() == null || i.expire() > 0,
                        "privileges", List.copyOf(i.privileges()), "beyondRead", beyond,
                        "holdsBeyondRead", !beyond.isEmpty()));
    }

    private static Subject acl(AclEntry a) {
        return new Subject(SubjectKind.ACL, a.path() + "|" + a.principal().spelling() + "|" + a.role(), a.path(),
                fields("path", a.path(), "principal", a.principal().spelling(),
                        "principalKind", a.principal().kind().name().toLowerCase(),
                        "principalName", a.principal().id(), "role", a.role(), "propagate", a.propagate()));
    }

    private static Subject token(ApiToken t, User owner, long now) {
        return new Subject(SubjectKind.TOKEN, t.id(), null,
                fields("id", t.id(), "owner", t.owner(), "name", t.name(), "expire", t.expire(),
                        "privsep", t.privsep(), "comment", t.comment(), "expired", t.expiredAt(now),
                        "ownerEnabled", owner != null && owner.activeAt(now)));
    }

    private static Subject user(User u, long now) {
        return new Subject(SubjectKind.USER, u.id(), null,
                fields("id", u.id(), "realm", u.realm(), "enabled", u.enabled(), "expire", u.expire(),
                        "expired", u.expiredAt(now), "firstname", u.firstname(), "lastname", u.lastname(),
                        "email", u.email(), "comment", u.comment(), "groups", u.groups(),
                        "legacyKeys", u.keys().name().toLowerCase(), "realmType", u.realmType(),
                        "totpLocked", u.totpLocked()));
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

}
