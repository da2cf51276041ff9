package org.pveaudit.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything read from one cluster at one moment: the immutable input of the permission engine
 * and the rules. {@code roles} include the built-in roles; {@code gaps} say what could not be read.
 * {@code source} says how a live ({@code api}) collection was made; it is null for offline sources.
 */
public record ClusterSnapshot(ClusterIdentity identity, Instant collectedAt, List<User> users,
                              List<ApiToken> tokens, List<Group> groups, List<Role> roles,
                              List<AclEntry> acl, List<Realm> realms, List<UserTfa> tfa,
                              List<Pool> pools, List<CoverageGap> gaps, List<String> warnings,
                              SourceInfo source) {

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

    /** A snapshot of an offline source (snapshot folder, user.cfg): no transport or credential facts. */
    public ClusterSnapshot(ClusterIdentity identity, Instant collectedAt, List<User> users,
                           List<ApiToken> tokens, List<Group> groups, List<Role> roles,
                           List<AclEntry> acl, List<Realm> realms, List<UserTfa> tfa,
                           List<Pool> pools, List<CoverageGap> gaps, List<String> warnings) {
        this(identity, collectedAt, users, tokens, groups, roles, acl, realms, tfa, pools, gaps, warnings, null);
    }

    /** The same data with other gaps and warnings (as the run records them: file names shortened). */
    public ClusterSnapshot withGapsAndWarnings(List<CoverageGap> gaps, List<String> warnings) {
        return new ClusterSnapshot(identity, collectedAt, users, tokens, groups, roles, acl, realms, tfa, pools, gaps,
                warnings, source);
    }

    /** The gap recorded for {@link Dataset#SOURCE} when the snapshot did not come from the live API. */
    public static final CoverageGap OFFLINE_SOURCE = new CoverageGap(Dataset.SOURCE, "offline source",
            "the audit credential and the transport are known only when collecting from the live API");

    /**
     * The gaps, plus {@link #OFFLINE_SOURCE} when {@code source} is null: rules about the audit
     * credential and transport are then "not evaluated", never passed for lack of data.
     */
    public List<CoverageGap> coverage() {
        if (source != null) {
            return gaps;
        }
        List<CoverageGap> all = new ArrayList<>(gaps);
        all.add(OFFLINE_SOURCE);
        return List.copyOf(all);
    }

    public String cluster() {
        return identity.name();
    }

    /** The datasets that could not be read. */
    public Set<Dataset> missing() {
        Set<Dataset> missing = EnumSet.noneOf(Dataset.class);
        coverage().forEach(g -> missing.add(g.dataset()));
        return missing;
    }
}
