package org.pveaudit.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.User;

/**
 * The effective permissions of one cluster snapshot, computed exactly as Proxmox VE computes them
 * ({@code PVE::AccessControl::roles} and {@code PVE::RPCEnvironment::permissions}, reference 2.3 to
 * 2.8). Account state (enable, expire) is not part of authorization; {@link #latent} tells which
 * privileges are currently unusable. Immutable and safe to share between threads.
 */
public final class AccessModel {

    static final String NO_ACCESS = PrivilegeCatalog.NO_ACCESS;
    static final String ADMINISTRATOR = PrivilegeCatalog.ADMINISTRATOR;
    private static final Pattern TOKEN_ID =
            Pattern.compile("[^\\s:/]+@[A-Za-z][A-Za-z0-9.\\-_]+![A-Za-z][A-Za-z0-9.\\-_]+");

    private final ClusterSnapshot snapshot;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, ApiToken> tokens = new HashMap<>();
    private final Set<String> validPrivileges;
    private final PrivilegeBits bits;
    private final AclIndex index;
    private final PathPlan plan;
    private final Map<String, List<String>> poolsOfMember = new HashMap<>();
    private final Map<String, Grants> userGrants = new HashMap<>();
    private final Map<String, Grants> groupGrants = new HashMap<>();
    private final Map<String, Grants> tokenGrants = new HashMap<>();
    private final List<MatrixPrincipal> principals;
    private final long rootPrivileges;
    private final long noAccessPrivileges;

    private AccessModel(ClusterSnapshot snapshot) {
        this.snapshot = snapshot;
        snapshot.users().forEach(u -> users.put(u.id(), u));
        snapshot.tokens().forEach(t -> tokens.put(t.id(), t));
        bits = new PrivilegeBits(snapshot.roles());
        PveRelease release = snapshot.identity() == null ? PveRelease.PVE9 : snapshot.identity().release();
        Set<String> valid = new java.util.HashSet<>(PrivilegeCatalog.of(release).privileges());
        snapshot.roles().forEach(r -> valid.addAll(r.privileges()));
        validPrivileges = Collections.unmodifiableSet(valid);
        index = new AclIndex(snapshot, bits, tokens);
        for (Pool p : snapshot.pools()) {
            p.vms().forEach(vm -> poolsOfMember.computeIfAbsent("/vms/" + vm, k -> new ArrayList<>()).add(p.id()));
            p.storages().forEach(s -> poolsOfMember.computeIfAbsent("/storage/" + s, k -> new ArrayList<>()).add(p.id()));
        }
        plan = new PathPlan(index.nodes.keySet(), snapshot.pools());
        index.byUser.forEach((id, e) -> userGrants.put(id, Grants.of(e, plan, bits)));
        index.byGroup.forEach((id, e) -> groupGrants.put(id, Grants.of(e, plan, bits)));
        index.byToken.forEach((id, e) -> tokenGrants.put(id, Grants.of(e, plan, bits)));
        rootPrivileges = bits.ofRole(ADMINISTRATOR);
        noAccessPrivileges = bits.ofRole(NO_ACCESS);
        principals = matrixPrincipals();
    }

    /** Builds the model of a snapshot (its roles must include the built-in roles). */
    public static AccessModel of(ClusterSnapshot snapshot) {
        return new AccessModel(snapshot);
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    // ---------------------------------------------------------------- principals

    /** A user or token of the snapshot (root@pam always exists). */
    public boolean knows(String principal) {
        return users.containsKey(principal) || tokens.containsKey(principal) || Principal.ROOT.equals(principal);
    }

    /** A privilege name valid for the cluster's release (or granted by one of its roles). */
    public boolean isPrivilege(String privilege) {
        return validPrivileges.contains(privilege);
    }

    /**
     * True when the principal cannot use its privileges at {@code nowEpoch} (seconds) although they
     * are computed: user disabled or expired; token expired or its owner disabled or expired.
     */
    public boolean latent(String principal, long nowEpoch) {
        ApiToken t = tokens.get(principal);
        if (t != null) {
            return t.expiredAt(nowEpoch) || userLatent(t.owner(), nowEpoch);
        }
        return userLatent(principal, nowEpoch);
    }

    private boolean userLatent(String userId, long now) {
        User u = users.get(userId);
        if (u == null) {
            return !Principal.ROOT.equals(userId);
        }
        return !u.activeAt(now);
    }

    /** Every user (root@pam included) sorted by byte order, each followed by its tokens sorted by token id. */
    public List<String> principals() {
        return principals.stream().map(MatrixPrincipal::id).toList();
    }

    private List<MatrixPrincipal> matrixPrincipals() {
        List<String> userIds = new ArrayList<>(users.keySet());
        if (!users.containsKey(Principal.ROOT)) {
            userIds.add(Principal.ROOT);
        }
        userIds.sort(PrivilegeBits::compareBytes);
        Map<String, List<ApiToken>> byOwner = new HashMap<>();
        snapshot.tokens().forEach(t -> byOwner.computeIfAbsent(t.owner(), k -> new ArrayList<>()).add(t));
        List<MatrixPrincipal> out = new ArrayList<>();
        for (String u : userIds) {
            boolean root = u.equals(Principal.ROOT);
            out.add(new MatrixPrincipal(u, false, root ? MatrixPrincipal.Rule.ROOT : MatrixPrincipal.Rule.OWN_ACL));
            List<ApiToken> own = new ArrayList<>(byOwner.getOrDefault(u, List.of()));
            own.sort((a, b) -> PrivilegeBits.compareBytes(a.name(), b.name()));
            for (ApiToken t : own) {
                MatrixPrincipal.Rule rule = !t.privsep() ? MatrixPrincipal.Rule.OWNER
                        : root ? MatrixPrincipal.Rule.OWN_ACL : MatrixPrincipal.Rule.INTERSECT;
                out.add(new MatrixPrincipal(t.id(), true, rule));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- roles and privileges

    /**
     * The roles of a principal at a path with their propagate flags, like
     * {@code PVE::AccessControl::roles}: no pools, no token intersection (reference 2.3).
     */
    public SortedMap<String, Boolean> roles(String principal, String path) {
        // walkable, not normalize: the rules ask this for every pool's path, and a pool id Proxmox would reject
        // (a hostile server's) must not fail the evaluation of the whole cluster
        String p = AclPath.walkable(path);
        if (Principal.ROOT.equals(principal)) {
            return sorted(Map.of(ADMINISTRATOR, true));
        }
        if (isTokenId(principal)) {
            ApiToken t = tokens.get(principal);
            if (t == null) {
                return sorted(Map.of());
            }
            if (!t.privsep()) {
                return roles(t.owner(), p);
            }
        }
        return sorted(cancelled(rawRoles(principal, p)));
    }

    /**
     * The privileges of a principal at a path, each with its propagate flag, like
     * {@code PVE::RPCEnvironment::permissions}: pools merged, privilege-separated tokens
     * intersected with their owner (reference 2.4).
     */
    public SortedMap<String, Boolean> privileges(String principal, String path) {
        long[] r = resolve(principal, AclPath.walkable(path));
        SortedMap<String, Boolean> out = new TreeMap<>(PrivilegeBits::compareBytes);
        for (String name : bits.names(r[0])) {
            out.put(name, (r[1] & (1L << bits.bitOf(name))) != 0);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** {present bits, propagate bits} at a normalised path. */
    long[] resolve(String principal, String path) {
        if (Principal.ROOT.equals(principal)) {
            return new long[] {rootPrivileges, rootPrivileges};
        }
        ApiToken token = null;
        long[] owner = null;
        if (isTokenId(principal)) {
            token = tokens.get(principal);
            if (token == null) {
                return new long[] {0, 0};
            }
            owner = resolve(token.owner(), path);
            if (!token.privsep()) {
                return owner;
            }
        }
        Map<String, Boolean> rs = regularWithPools(principal, path);
        long present = 0;
        long flags = 0;
        for (Map.Entry<String, Boolean> e : rs.entrySet()) {
            long b = bits.ofRole(e.getKey());
            present |= b;
            if (e.getValue()) {
                flags |= b;
            }
        }
        if (token != null && !Principal.ROOT.equals(token.owner())) {
            present &= owner[0];
            flags &= owner[1] & present;
        }
        return new long[] {present, flags};
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

    static boolean isTokenId(String principal) {
        return principal.indexOf('!') > 0 && TOKEN_ID.matcher(principal).matches();
    }

    private static SortedMap<String, Boolean> sorted(Map<String, Boolean> m) {
        SortedMap<String, Boolean> out = new TreeMap<>(PrivilegeBits::compareBytes);
        out.putAll(m);
        return Collections.unmodifiableSortedMap(out);
    }

    // ---------------------------------------------------------------- explain, who-can

    /** The ACL entries that decided {@link #privileges} and those overridden, with the reasons. */
    public Explanation explain(String principal, String path) {
        return new Explainer(this, index).explain(principal, AclPath.walkable(path));
    }

    /** Every user and token holding the privilege at the path, in matrix order. */
    public List<PrivilegeHolder> whoCan(String privilege, String path, long nowEpoch) {
        String p = AclPath.normalize(path);
        int bit = requirePrivilege(privilege);
        List<PrivilegeHolder> out = new ArrayList<>();
        if (bit < 0) {
            return out;
        }
        SinglePathWalk walk = new SinglePathWalk(this, p);
        long owner = 0;
        for (MatrixPrincipal mp : principals) {
            long privs = walk.privileges(mp, owner);
            if ((privs & (1L << bit)) != 0) {
                out.add(new PrivilegeHolder(mp.id(), p, latent(mp.id(), nowEpoch)));
            }
            if (!mp.token()) {
                owner = privs;
            }
        }
        return out;
    }

    /**
     * Every (principal, path) holding the privilege among the relevant paths (ACL nodes, pools, pool
     * members and the fixed top-level paths), principal by principal in matrix order. One pass per
     * principal; nothing is materialised beyond one principal's row.
     */
    public void whoCanEverywhere(String privilege, long nowEpoch, Consumer<PrivilegeHolder> sink) {
        int bit = requirePrivilege(privilege);
        if (bit < 0) {
            return;
        }
        long mask = 1L << bit;
        PrivilegeWalk walk = new PrivilegeWalk(this);
        int n = plan.listed.length;
        long[] owner = new long[n];
        long[] row = new long[n];
        for (MatrixPrincipal mp : principals) {
            walk.compute(mp, owner, row);
            boolean latent = latent(mp.id(), nowEpoch);
            for (int k = 0; k < n; k++) {
                if ((row[k] & mask) != 0) {
                    sink.accept(new PrivilegeHolder(mp.id(), plan.pathOf(plan.listed[k]), latent));
                }
            }
            if (!mp.token()) {
                long[] t = owner;
                owner = row;
                row = t;
            }
        }
    }

    /**
     * A principal's non-empty privileges on the path set of {@code GET /access/permissions}
     * ({@code get_effective_permissions}, reference 2.9): the top-level paths, every ACL tree node
     * and every pool member.
     */
    public SortedMap<String, List<String>> privilegedPaths(String principal) {
        SortedMap<String, List<String>> out = new TreeMap<>(PrivilegeBits::compareBytes);
        java.util.Set<String> paths = new java.util.LinkedHashSet<>(List.of("/", "/access", "/access/groups",
                "/nodes", "/pool", "/sdn", "/storage", "/vms"));
        for (int node = 0; node < plan.size(); node++) {
            if (plan.aclTree[node]) {
                paths.add(plan.pathOf(node));
            }
        }
        paths.addAll(poolsOfMember.keySet());
        for (String path : paths) {
            List<String> privs = bits.names(resolve(principal, path)[0]);
            if (!privs.isEmpty()) {
                out.put(path, privs);
            }
        }
        return out;
    }

    private int requirePrivilege(String privilege) {
        if (!isPrivilege(privilege)) {
            throw new IllegalArgumentException("unknown privilege '" + privilege + "'");
        }
        return bits.bitOf(privilege);
    }

    // ---------------------------------------------------------------- for the matrix

    /** A calculator of principals' privilege rows over {@link #matrixPaths()}; one per thread. */
    public PrivilegeRows rows() {
        return new PrivilegeRows(this);
    }

    /** The relevant paths, sorted by byte order (the path list of the full matrix). */
    public List<String> matrixPaths() {
        return plan.listedPaths();
    }

    /** The number of {@link #matrixPaths()}, without building their texts. */
    public int matrixSize() {
        return plan.listed.length;
    }

    /** The i-th of {@link #matrixPaths()}, its text built in time proportional to its length. */
    public String matrixPath(int i) {
        return plan.pathOf(plan.listed[i]);
    }

    /** The index of a path among {@link #matrixPaths()}, or -1; in time proportional to its length. */
    public int matrixIndexOf(String path) {
        return plan.positionOf(plan.find(path));
    }

    /**
     * {@link #matrixPaths()} as a view whose texts are built when read: every ancestor of an ACL path is a
     * relevant path, and the texts of all of them together grow with the square of a path's depth.
     */
    List<String> matrixPathView() {
        return new java.util.AbstractList<>() {
            @Override
            public String get(int i) {
                return plan.pathOf(plan.listed[i]);
            }

            @Override
            public int size() {
                return plan.listed.length;
            }
        };
    }

    /**
     * The indices {@code [from, to)} among {@link #matrixPaths()} of the paths strictly below a path (in byte
     * order they are contiguous); an empty range when none is.
     */
    int[] matrixBelow(String path) {
        int node = plan.find(path);
        return node < 0 ? new int[] {0, 0} : plan.below(node);
    }

    PathPlan plan() {
        return plan;
    }

    PrivilegeBits bits() {
        return bits;
    }

    List<MatrixPrincipal> matrixPrincipalList() {
        return principals;
    }

    long rootPrivileges() {
        return rootPrivileges;
    }

    long noAccessPrivileges() {
        return noAccessPrivileges;
    }

    Grants grantsOfUser(String id) {
        return userGrants.getOrDefault(id, Grants.NONE);
    }

    Grants grantsOfToken(String id) {
        return tokenGrants.getOrDefault(id, Grants.NONE);
    }

    List<Grants> grantsOfGroupsOf(String user) {
        List<Grants> out = new ArrayList<>();
        for (String g : index.groupsOf(user)) {
            Grants gr = groupGrants.get(g);
            if (gr != null) {
                out.add(gr);
            }
        }
        return out;
    }

    ApiToken token(String id) {
        return tokens.get(id);
    }
}
