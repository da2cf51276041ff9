package org.pveaudit.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.pveaudit.access.AccessModel;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Realm;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;

/**
 * One cluster as the rules see it: the snapshot, its effective privileges, and the lookups rules
 * need, computed once per cluster and only when a rule asks for them.
 */
public final class ClusterView {

    private final ClusterSnapshot snapshot;
    private final long now;
    private AccessModel access;
    private final Map<String, SortedMap<String, List<String>>> privilegedPaths = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, ApiToken> tokens = new HashMap<>();
    private final Map<String, Realm> realms = new HashMap<>();
    private final Map<String, UserTfa> tfa = new HashMap<>();
    private final Set<String> groups = new HashSet<>();
    private final Set<String> roles = new HashSet<>();

    public ClusterView(ClusterSnapshot snapshot, long now) {
        this.snapshot = snapshot;
        this.now = now;
        snapshot.users().forEach(u -> users.put(u.id(), u));
        snapshot.tokens().forEach(t -> tokens.put(t.id(), t));
        snapshot.realms().forEach(r -> realms.put(r.id(), r));
        snapshot.tfa().forEach(t -> tfa.put(t.userId(), t));
        snapshot.groups().forEach(g -> groups.add(g.id()));
        snapshot.roles().forEach(r -> roles.add(r.id()));
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /** Evaluation time, epoch seconds. */
    public long now() {
        return now;
    }

    public synchronized AccessModel access() {
        if (access == null) {
            access = AccessModel.of(snapshot);
        }
        return access;
    }

    /** Path to privileges for every path where the principal holds at least one privilege. */
    public synchronized SortedMap<String, List<String>> privilegedPaths(String principal) {
        return privilegedPaths.computeIfAbsent(principal, p -> access().privilegedPaths(p));
    }

    /** Every privilege the principal holds somewhere. */
    public Set<String> privilegesAnywhere(String principal) {
        Set<String> all = new TreeSet<>();
        privilegedPaths(principal).values().forEach(all::addAll);
        return all;
    }

    public User user(String id) {
        return users.get(id);
    }

    public ApiToken token(String id) {
        return tokens.get(id);
    }

    public Realm realm(String id) {
        return realms.get(id);
    }

    public UserTfa tfa(String userId) {
        return tfa.get(userId);
    }

    public boolean hasGroup(String id) {
        return groups.contains(id);
    }

    public boolean hasRole(String id) {
        return roles.contains(id);
    }

    public boolean latent(String principal) {
        return access().latent(principal, now);
    }
}
