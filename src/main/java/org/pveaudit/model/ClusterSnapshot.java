package org.pveaudit.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything read from one cluster at one moment: the immutable input of the permission engine
 * and the rules. {@code roles} include the built-in roles; {@code gaps} say what could not be read.
 */
public record ClusterSnapshot(ClusterIdentity identity, Instant collectedAt, List<User> users,
                              List<ApiToken> tokens, List<Group> groups, List<Role> roles,
                              List<AclEntry> acl, List<Realm> realms, List<UserTfa> tfa,
                              List<Pool> pools, List<CoverageGap> gaps, List<String> warnings) {

    public ClusterSnapshot {
        users = List.copyOf(users);
        tokens = List.copyOf(tokens);
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
        acl = List.copyOf(acl);
        realms = List.copyOf(realms);
        tfa = List.copyOf(tfa);
        pools = List.copyOf(pools);
        gaps = List.copyOf(gaps);
        warnings = List.copyOf(warnings);
    }

    public String cluster() {
        return identity.name();
    }

    /** The datasets that could not be read. */
    public Set<Dataset> missing() {
        Set<Dataset> missing = EnumSet.noneOf(Dataset.class);
        gaps.forEach(g -> missing.add(g.dataset()));
        return missing;
    }
}
