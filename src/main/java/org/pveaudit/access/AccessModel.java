package org.pveaudit.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.pveaudit.model.AclPath;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
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
    private final RoleWalk roleWalk;
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
        roleWalk = new RoleWalk(index, snapshot.pools());
        plan = new PathPlan(index.nodes.keySet(), snapshot.pools());
        index.byUser.forEach((id, e) -> userGrants.put(id, Grants.of(e, plan, bits)));
        index.byGroup.forEach((id, e) -> groupGrants.put(id, Grants.of(e, plan, bits)));
        index.byToken.forEach((id, e) -> tokenGrants.put(id, Grants.of(e, plan, bits)));
        rootPrivileges = bits.ofRole(ADMINISTRATOR);
        noAccessPrivileges = bits.ofRole(NO_ACCESS);
        principals = MatrixPrincipal.inMatrixOrder(users.keySet(), snapshot.tokens());
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
        return sorted(RoleWalk.cancelled(roleWalk.rawRoles(principal, p)));
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
        Map<String, Boolean> rs = roleWalk.regularWithPools(principal, path);
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
        return new WhoCan(this).at(privilege, path, nowEpoch);
    }

    /**
     * Every (principal, path) holding the privilege among the relevant paths (ACL nodes, pools, pool
     * members and the fixed top-level paths), principal by principal in matrix order. One pass per
     * principal; nothing is materialised beyond one principal's row.
     */
    public void whoCanEverywhere(String privilege, long nowEpoch, Consumer<PrivilegeHolder> sink) {
        new WhoCan(this).everywhere(privilege, nowEpoch, sink);
    }

    /**
     * A principal's non-empty privileges on the path set of {@code GET /access/permissions}
     * ({@code get_effective_permissions}, reference 2.9): the top-level paths, every ACL tree node
     * and every pool member.
     */
    public SortedMap<String, List<String>> privilegedPaths(String principal) {
        return new WhoCan(this).privilegedPaths(principal);
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

    /** Regular roles with the pool roles merged in (reference 2.4 step 3). */
    Map<String, Boolean> regularWithPools(String principal, String path) {
        return roleWalk.regularWithPools(principal, path);
    }

    List<String> poolsOf(String path) {
        return roleWalk.poolsOf(path);
    }

    Set<String> poolMembers() {
        return roleWalk.poolMembers();
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
