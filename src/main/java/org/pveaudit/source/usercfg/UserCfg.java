package org.pveaudit.source.usercfg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Group;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;

/**
 * The content of a parsed user.cfg as Proxmox holds it in memory: built-in roles and {@code root@pam}
 * included, ACL entries one per (path, principal, role), parent pools of nested pools present.
 */
public record UserCfg(List<User> users, List<ApiToken> tokens, List<Group> groups, List<Role> roles,
                      List<AclEntry> acl, List<Pool> pools, List<ParseWarning> warnings) {

    public UserCfg {
        users = List.copyOf(users);
        tokens = List.copyOf(tokens);
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
        acl = List.copyOf(acl);
        pools = List.copyOf(pools);
        warnings = List.copyOf(warnings);
    }

    /** A snapshot collected now; see {@link #toSnapshot(ClusterIdentity, List, Instant)}. */
    public ClusterSnapshot toSnapshot(ClusterIdentity identity, List<Realm> realms) {
        return toSnapshot(identity, realms, Instant.now());
    }

    /**
     * The snapshot of a cluster whose user.cfg this is. With realms given, each user's
     * {@code realmType} is filled like the API does (absent when the realm is gone). Second factors
     * live in {@code priv/tfa.cfg}, which is never read, so TFA is always reported as a coverage gap.
     */
    public ClusterSnapshot toSnapshot(ClusterIdentity identity, List<Realm> realms, Instant collectedAt) {
        List<CoverageGap> gaps = new ArrayList<>();
        gaps.add(new CoverageGap(Dataset.TFA, "user.cfg",
                "second factors are kept in priv/tfa.cfg, which is not read"));
        List<User> withRealm = users;
        if (realms == null || realms.isEmpty()) {
            gaps.add(new CoverageGap(Dataset.REALMS, "user.cfg", "no domains.cfg given"));
            realms = List.of();
        } else {
            Map<String, String> types = new HashMap<>();
            realms.forEach(r -> types.put(r.id(), r.type()));
            withRealm = users.stream()
                    .map(u -> new User(u.id(), u.enabled(), u.expire(), u.firstname(), u.lastname(), u.email(),
                            u.comment(), u.keys(), u.groups(), types.get(u.realm()), u.totpLocked(),
                            u.tfaLockedUntil()))
                    .toList();
        }
        List<String> notes = warnings.stream().map(ParseWarning::toString).toList();
        return new ClusterSnapshot(identity, collectedAt, withRealm, tokens, groups, roles, acl, realms,
                List.of(), pools, gaps, notes);
    }
}
