package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pveaudit.access.AccessModel;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;

/**
 * One cluster as the rules see it: the snapshot, its effective privileges, and the lookups rules
 * need, computed once per cluster and only when a rule asks for them.
 *
 * <p>A principal's privileges over the relevant paths (those of {@code GET /access/permissions}:
 * ACL nodes, pools, pool members and a fixed set, {@link AccessModel#matrixPaths()}) are computed
 * from few evaluations of the permission engine instead of one per relevant path (thousands on a
 * large cluster). The role walk (reference 2.3) only changes at <em>decisive</em> paths: ACL nodes
 * where the principal, one of its groups or (for a privilege-separated token) its owner has an
 * entry, and {@code /}. A relevant path that is not decisive gets the roles inherited from its
 * nearest decisive ancestor, merged with the roles of the pools it is a member of (2.4 step 3).
 * So every non-decisive relevant path with the same nearest decisive ancestor and the same set of
 * pools in which the principal (or the token's owner) holds roles has the same privileges: one
 * evaluation per decisive path and one per such class gives the exact value everywhere.
 */
public final class ClusterView {

    private final ClusterSnapshot snapshot;
    private final long now;
    private AccessModel access;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, ApiToken> tokens = new HashMap<>();
    private final Map<String, Realm> realms = new HashMap<>();
    private final Map<String, UserTfa> tfa = new HashMap<>();
    private final Map<String, Role> roles = new HashMap<>();
    private final Set<String> groups = new HashSet<>();
    /** ACL entry paths by principal: user id, token id, or {@code @group}. */
    private final Map<String, Set<String>> entryPaths = new HashMap<>();
    private final Map<String, Set<String>> groupsOfUser = new HashMap<>();
    private final Map<String, Long> tokensOfUser = new HashMap<>();

    // relevant paths and their relevant ancestors, built with the access model
    /** The number of relevant paths, -1 until the access model is built; their texts are built when shown. */
    private int listed = -1;
    /** Per relevant path: the index of its nearest relevant ancestor, -1 for {@code /}. */
    private int[] listedParent;
    /** Per relevant path: indices into the snapshot's pools of the pools it is a member of, or null. */
    private int[][] poolsOfListed;
    private final Map<String, Row> rows = new HashMap<>();

    /**
     * One principal's privileges: {@code at} holds the value at each decisive relevant path (by index
     * into the relevant paths), {@code classes} the value of each class of non-decisive ones.
     */
    private record Row(Map<Integer, List<String>> at, Map<String, PathClass> classes, boolean[] decisive,
                       int[] nearest, boolean[] activePools, Set<String> anywhere) {
    }

    /**
     * Non-decisive relevant paths with the same nearest decisive ancestor and the same active pools;
     * {@code members} lists them only when they are pool members (other classes need no list).
     */
    private record PathClass(int ancestor, List<String> privileges, List<Integer> members) {
    }

    public ClusterView(ClusterSnapshot snapshot, long now) {
        this.snapshot = snapshot;
        this.now = now;
        snapshot.users().forEach(u -> users.put(u.id(), u));
        snapshot.tokens().forEach(t -> tokens.put(t.id(), t));
        snapshot.tokens().forEach(t -> tokensOfUser.merge(t.owner(), 1L, Long::sum));
        snapshot.realms().forEach(r -> realms.put(r.id(), r));
        snapshot.tfa().forEach(t -> tfa.put(t.userId(), t));
        snapshot.roles().forEach(r -> roles.putIfAbsent(r.id(), r));
        for (Group g : snapshot.groups()) {
            groups.add(g.id());
            g.members().forEach(m -> groupsOfUser.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(g.id()));
        }
        // membership as the permission engine sees it: the group's member list and the user's groups
        snapshot.users().forEach(u -> u.groups().forEach(g ->
                groupsOfUser.computeIfAbsent(u.id(), k -> new LinkedHashSet<>()).add(g)));
        for (AclEntry a : snapshot.acl()) {
            String key = a.principal().kind() == Principal.Kind.GROUP ? "@" + a.principal().id() : a.principal().id();
            entryPaths.computeIfAbsent(key, k -> new HashSet<>()).add(a.path());
        }
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

    /**
     * Path to privileges for every relevant path where the principal holds at least one privilege,
     * in byte order of the path (like {@code GET /access/permissions}).
     */
    public synchronized Map<String, List<String>> privilegedPaths(String principal) {
        Row row = row(principal);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < listed; i++) {
            List<String> privs = row.decisive()[i] ? row.at().get(i)
                    : row.classes().get(classKey(i, row.nearest(), row.activePools())).privileges();
            if (!privs.isEmpty()) {
                out.put(path(i), privs);
            }
        }
        return out;
    }

    /** Every privilege the principal holds at some relevant path (sorted). */
    public synchronized Set<String> privilegesAnywhere(String principal) {
        return row(principal).anywhere();
    }

    /**
     * True when the principal holds the privilege at the path itself or at a relevant path below it
     * (an ACL node, a pool or a pool member).
     */
    public synchronized boolean holdsAtOrBelow(String principal, String path, String privilege) {
        String p = AclPath.normalize(path);
        if (access().privileges(principal, p).containsKey(privilege)) {
            return true;
        }
        // A non-decisive relevant path below p whose nearest decisive ancestor is above p and which is
        // in no active pool has the value of p itself, checked above; every other one is found here.
        Row row = row(principal);
        for (Map.Entry<Integer, List<String>> e : row.at().entrySet()) {
            if (atOrBelow(path(e.getKey()), p) && e.getValue().contains(privilege)) {
                return true;
            }
        }
        for (PathClass c : row.classes().values()) {
            if (!c.privileges().contains(privilege)) {
                continue;
            }
            if (atOrBelow(path(c.ancestor()), p)) {
                return true; // all its members are below the ancestor
            }
            if (c.members() != null && c.members().stream().anyMatch(i -> atOrBelow(path(i), p))) {
                return true;
            }
        }
        return false;
    }

    private static boolean atOrBelow(String path, String top) {
        return top.equals("/") || path.equals(top) || path.startsWith(top + "/");
    }

    private Row row(String principal) {
        Row row = rows.get(principal);
        if (row == null) {
            row = computeRow(principal);
            rows.put(principal, row);
        }
        return row;
    }

    private Row computeRow(String principal) {
        ApiToken token = tokens.get(principal);
        if (token != null && !token.privsep()) {
            return row(token.owner()); // the owner's privileges at every path
        }
        AccessModel model = access();
        indexRelevantPaths(model);
        int n = listed;
        boolean[] decisive = new boolean[n];
        decisive[model.matrixIndexOf("/")] = true;
        boolean[] activePools = new boolean[snapshot.pools().size()];
        markDecisive(decisive, activePools, principal);
        if (token != null && !Principal.ROOT.equals(token.owner())) {
            markDecisive(decisive, activePools, token.owner()); // the owner's side of the intersection
        }
        int[] nearest = nearestDecisive(decisive);
        Map<Integer, List<String>> at = new HashMap<>();
        Map<String, Integer> representative = new LinkedHashMap<>();
        Map<String, List<Integer>> poolMembers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (decisive[i]) {
                at.put(i, privileges(model, principal, path(i)));
                continue;
            }
            String key = classKey(i, nearest, activePools);
            representative.putIfAbsent(key, i);
            if (key.indexOf('|') >= 0) {
                poolMembers.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, PathClass> classes = new HashMap<>();
        representative.forEach((key, i) -> classes.put(key, new PathClass(nearest[i],
                privileges(model, principal, path(i)), poolMembers.get(key))));
        Set<String> anywhere = new TreeSet<>();
        at.values().forEach(anywhere::addAll);
        classes.values().forEach(c -> anywhere.addAll(c.privileges()));
        return new Row(at, classes, decisive, nearest, activePools, Collections.unmodifiableSet(anywhere));
    }

    /** The class of a non-decisive relevant path: nearest decisive ancestor, then the active pools it is in. */
    private String classKey(int i, int[] nearest, boolean[] activePools) {
        String key = Integer.toString(nearest[i]);
        int[] pools = poolsOfListed[i];
        if (pools == null) {
            return key;
        }
        StringBuilder b = new StringBuilder(key);
        for (int q : pools) {
            if (activePools[q]) {
                b.append('|').append(q);
            }
        }
        return b.toString();
    }

    /**
     * Marks the ACL nodes where the role walk of this user or token can change, and the pools in
     * which it holds roles (NoAccess included).
     */
    private void markDecisive(boolean[] decisive, boolean[] activePools, String principal) {
        List<String> keys = new ArrayList<>();
        keys.add(principal);
        groupsOfUser.getOrDefault(principal, Set.of()).forEach(g -> keys.add("@" + g));
        for (String key : keys) {
            for (String path : entryPaths.getOrDefault(key, Set.of())) {
                mark(decisive, path);
            }
        }
        List<Pool> pools = snapshot.pools();
        for (int q = 0; q < pools.size(); q++) {
            if (!activePools[q] && !access().roles(principal, pools.get(q).path()).isEmpty()) {
                activePools[q] = true;
            }
        }
    }

    private void mark(boolean[] decisive, String path) {
        int i = access().matrixIndexOf(path);
        if (i >= 0) {
            decisive[i] = true;
        }
    }

    /**
     * Per relevant path, its nearest relevant ancestor that is decisive ({@code /} always is; -1 for
     * {@code /} itself). One pass in path order, where every ancestor comes before its descendants, so a
     * path thousands of segments deep costs one step, not one per ancestor.
     */
    private int[] nearestDecisive(boolean[] decisive) {
        int[] nearest = new int[listed];
        for (int i = 0; i < nearest.length; i++) {
            int p = listedParent[i];
            nearest[i] = p < 0 ? -1 : decisive[p] ? p : nearest[p];
        }
        return nearest;
    }

    private void indexRelevantPaths(AccessModel model) {
        if (listed >= 0) {
            return;
        }
        listed = model.matrixSize();
        listedParent = model.matrixParents();
        poolsOfListed = new int[listed][];
        Map<Integer, List<Integer>> members = new HashMap<>();
        List<Pool> pools = snapshot.pools();
        for (int q = 0; q < pools.size(); q++) {
            int pool = q;
            pools.get(q).vms().forEach(vm -> addMember(members, "/vms/" + vm, pool));
            pools.get(q).storages().forEach(st -> addMember(members, "/storage/" + st, pool));
        }
        members.forEach((i, qs) -> poolsOfListed[i] = qs.stream().distinct().mapToInt(Integer::intValue).toArray());
    }

    private void addMember(Map<Integer, List<Integer>> members, String path, int pool) {
        int i = access().matrixIndexOf(path);
        if (i >= 0) {
            members.computeIfAbsent(i, k -> new ArrayList<>()).add(pool);
        }
    }

    /** The text of the i-th relevant path (built on first use, in time proportional to its length). */
    private String path(int i) {
        return access().matrixPath(i);
    }

    private static List<String> privileges(AccessModel model, String principal, String path) {
        return List.copyOf(model.privilegesAt(principal, path).keySet());
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

    public Role role(String id) {
        return roles.get(id);
    }

    public UserTfa tfa(String userId) {
        return tfa.get(userId);
    }

    public boolean hasGroup(String id) {
        return groups.contains(id);
    }

    public boolean hasRole(String id) {
        return roles.containsKey(id);
    }

    /** True when at least one ACL entry names the user or token. */
    public boolean hasAclEntry(String principal) {
        return entryPaths.containsKey(principal);
    }

    /** Number of API tokens the user owns. */
    public long tokenCount(String userId) {
        return tokensOfUser.getOrDefault(userId, 0L);
    }

    public boolean latent(String principal) {
        return access().latent(principal, now);
    }
}
