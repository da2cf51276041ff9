package org.pveaudit.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pveaudit.access.AccessModel;
import org.pveaudit.access.PrivilegeRow;
import org.pveaudit.access.PrivilegeRows;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;
import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.review.ReviewState;
import org.pveaudit.work.ClusterWork;

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
 *
 * <p>Not thread-safe, and needs no lock: a run works on each cluster's view in one thread (the clusters in
 * parallel), and the rows it computes are memoised for that cluster only. The one exception is
 * {@link #computeRows}: it spreads the rows over threads of its own, and leaves the view's lookups read-only.
 */
public final class ClusterView {

    private final ClusterSnapshot snapshot;
    private final long now;
    private final ClusterContext context;
    private AccessModel access;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, ApiToken> tokens = new HashMap<>();
    private final Map<String, Realm> realms = new HashMap<>();
    private final Map<String, UserTfa> tfa = new HashMap<>();
    private final Map<String, Role> roles = new HashMap<>();
    private final Set<String> groups = new HashSet<>();
    /** ACL entry paths by principal: user id, token id, or {@code @group}. */
    private final Map<String, Set<String>> entryPaths = new HashMap<>();
    private final Map<String, Long> tokensOfUser = new HashMap<>();

    /** Each principal's privileges at every relevant path, computed on first use (run-length encoded). */
    private PrivilegeRows calculator;
    private final Map<String, PrivilegeRow> rows;
    /** Working space of {@link #adminEquivalent}, made on first use. */
    private PrivilegeRow.Scratch scratch;

    public ClusterView(ClusterSnapshot snapshot, long now) {
        this(snapshot, now, ClusterContext.NONE);
    }

    /** @param reviews the latest review campaign covering the cluster (from the history), or null for none */
    public ClusterView(ClusterSnapshot snapshot, long now, ReviewState reviews) {
        this(snapshot, now, ClusterContext.of(reviews));
    }

    public ClusterView(ClusterSnapshot snapshot, long now, ClusterContext context) {
        this(snapshot, now, context, new HashMap<>());
    }

    private ClusterView(ClusterSnapshot snapshot, long now, ClusterContext context, Map<String, PrivilegeRow> rows) {
        this.snapshot = snapshot;
        this.now = now;
        this.context = context;
        this.rows = rows;
        snapshot.users().forEach(u -> users.put(u.id(), u));
        snapshot.tokens().forEach(t -> tokens.put(t.id(), t));
        snapshot.tokens().forEach(t -> tokensOfUser.merge(t.owner(), 1L, Long::sum));
        snapshot.realms().forEach(r -> realms.put(r.id(), r));
        snapshot.tfa().forEach(t -> tfa.put(t.userId(), t));
        snapshot.roles().forEach(r -> roles.putIfAbsent(r.id(), r));
        snapshot.groups().forEach(g -> groups.add(g.id()));
        for (AclEntry a : snapshot.acl()) {
            String key = a.principal().kind() == Principal.Kind.GROUP ? "@" + a.principal().id() : a.principal().id();
            entryPaths.computeIfAbsent(key, k -> new HashSet<>()).add(a.path());
        }
    }

    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    /**
     * The same cluster in another context, with the privileges already worked out: a run links people across
     * its clusters from their views, then evaluates each in a context that has them.
     */
    private ClusterView with(ClusterContext other) {
        ClusterView view = new ClusterView(snapshot, now, other, rows);
        view.access = access;
        view.calculator = calculator;
        return view;
    }

    /** The same cluster with the people across the run's clusters known. */
    public ClusterView withPeople(PeopleIndex index) {
        return with(context.withPeople(index));
    }

    /** The latest review campaign covering the cluster, or null. */
    public ReviewState reviews() {
        return context.reviews();
    }

    /** The access declared for the cluster, or null when none is configured. */
    public DeclaredAccess declared() {
        return context.declared();
    }

    /** The people across the run's clusters, or null when they are not known ({@link #coverage()} says why). */
    public PeopleIndex people() {
        return context.people();
    }

    /**
     * What could not be read: the snapshot's gaps, the review decisions when no campaign covers it, the declared
     * access when none is configured, the people when the run's other clusters are not all known.
     */
    public List<CoverageGap> coverage() {
        List<CoverageGap> all = new ArrayList<>(snapshot.coverage());
        if (context.reviews() == null) {
            all.add(NO_CAMPAIGN);
        }
        if (context.declared() == null) {
            all.add(NO_DECLARATION);
        }
        if (context.people() == null) {
            all.add(new CoverageGap(Dataset.PEOPLE, "run", context.peopleGap()));
        }
        return all;
    }

    /** The datasets of {@link #coverage()}. */
    public Set<Dataset> missing() {
        Set<Dataset> missing = EnumSet.noneOf(Dataset.class);
        coverage().forEach(g -> missing.add(g.dataset()));
        return missing;
    }

    private static final CoverageGap NO_CAMPAIGN = new CoverageGap(Dataset.REVIEWS, "history",
            "no access review campaign covers this cluster (pve-audit review start)");

    private static final CoverageGap NO_DECLARATION = new CoverageGap(Dataset.DECLARED, "configuration",
            "no declared access is configured for this cluster (clusters[].declared)");

    /** Evaluation time, epoch seconds. */
    public long now() {
        return now;
    }

    public AccessModel access() {
        if (access == null) {
            access = AccessModel.of(snapshot);
        }
        return access;
    }

    /**
     * Path to privileges for every relevant path where the principal holds at least one privilege,
     * in byte order of the path (like {@code GET /access/permissions}).
     */
    public Map<String, List<String>> privilegedPaths(String principal) {
        PrivilegeRow row = row(principal);
        List<String> paths = calculator().paths();
        Map<String, List<String>> out = new LinkedHashMap<>();
        row.forEachNonEmpty(i -> {
            out.put(paths.get(i), row.at(i));
            return true;
        });
        return out;
    }

    /** The principal's privileges at every relevant path (compact; see {@link PrivilegeRow}). */
    public PrivilegeRow row(String principal) {
        PrivilegeRow row = rows.get(principal);
        if (row == null) {
            row = calculator().of(principal);
            rows.put(principal, row);
        }
        return row;
    }

    /**
     * Computes the rows of every principal not computed yet, {@code threads} at once (each thread its own
     * {@link PrivilegeRows}, as the engine requires; this view is filled in afterwards, in the calling thread).
     * For a run with fewer clusters than processors: the rules ask for every row, one after the other.
     * Afterwards {@link #row}, {@link #relevantPaths}, {@link #latent} and {@link #access} only read, and may be
     * called from several threads (the evidence of a cluster's findings is explained so).
     */
    public void computeRows(int threads) {
        calculator();
        List<String> missing = access().principals().stream().filter(p -> !rows.containsKey(p)).toList();
        List<PrivilegeRow> computed = ClusterWork.mapInSlices(missing, threads, MIN_ROWS_PER_THREAD, slice -> {
            PrivilegeRows own = access().rows();
            return slice.stream().map(own::of).toList();
        });
        for (int i = 0; i < missing.size(); i++) {
            rows.put(missing.get(i), computed.get(i));
        }
    }

    /** Below this many rows a thread of its own costs more than it saves. */
    private static final int MIN_ROWS_PER_THREAD = 200;

    /** The relevant paths a {@link PrivilegeRow} indexes, in byte order. */
    public List<String> relevantPaths() {
        return calculator().paths();
    }

    private PrivilegeRows calculator() {
        if (calculator == null) {
            calculator = access().rows();
        }
        return calculator;
    }

    /** Every privilege the principal holds at some relevant path (sorted). */
    public Set<String> privilegesAnywhere(String principal) {
        return Collections.unmodifiableSet(new TreeSet<>(row(principal).anywhere()));
    }

    /**
     * True when the principal holds the privilege at the path itself or at a relevant path below it
     * (an ACL node, a pool or a pool member).
     */
    public boolean holdsAtOrBelow(String principal, String path, String privilege) {
        String p = AclPath.normalize(path);
        PrivilegeRow row = row(principal);
        // at a relevant path the row is the engine's answer (the matrix equals privileges(), InvariantsTest)
        int at = access().matrixIndexOf(p);
        if (at >= 0 ? row.holdsIn(at, at + 1, privilege) : access().privileges(principal, p).containsKey(privilege)) {
            return true;
        }
        int[] below = calculator().below(p);
        return row.holdsIn(below[0], below[1], privilege);
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

    /** Whether the principal holds every privilege of the Administrator role on some path. */
    public boolean adminEquivalent(String principal) {
        Role admin = role("Administrator");
        if (admin == null) {
            return false;
        }
        if (scratch == null) {
            scratch = new PrivilegeRow.Scratch();
        }
        return row(principal).whereAll(admin.privileges(), 1, scratch).regions() > 0;
    }
}
