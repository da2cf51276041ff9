package org.pveaudit.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.pveaudit.model.AclPath;

/** Who holds a privilege where, and where a principal holds any: the queries over many principals or paths. */
final class WhoCan {

    private final AccessModel model;
    private final PathPlan plan;
    private final PrivilegeBits bits;
    private final List<MatrixPrincipal> principals;

    WhoCan(AccessModel model) {
        this.model = model;
        this.plan = model.plan();
        this.bits = model.bits();
        this.principals = model.matrixPrincipalList();
    }

    /** Every user and token holding the privilege at the path, in matrix order. */
    List<PrivilegeHolder> at(String privilege, String path, long nowEpoch) {
        String p = AclPath.normalize(path);
        int bit = requirePrivilege(privilege);
        List<PrivilegeHolder> out = new ArrayList<>();
        if (bit < 0) {
            return out;
        }
        SinglePathWalk walk = new SinglePathWalk(model, p);
        long owner = 0;
        for (MatrixPrincipal mp : principals) {
            long privs = walk.privileges(mp, owner);
            if ((privs & (1L << bit)) != 0) {
                out.add(new PrivilegeHolder(mp.id(), p, model.latent(mp.id(), nowEpoch)));
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
    void everywhere(String privilege, long nowEpoch, Consumer<PrivilegeHolder> sink) {
        int bit = requirePrivilege(privilege);
        if (bit < 0) {
            return;
        }
        long mask = 1L << bit;
        PrivilegeWalk walk = new PrivilegeWalk(model);
        int n = plan.listed.length;
        long[] owner = new long[n];
        long[] row = new long[n];
        for (MatrixPrincipal mp : principals) {
            walk.compute(mp, owner, row);
            boolean latent = model.latent(mp.id(), nowEpoch);
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
    SortedMap<String, List<String>> privilegedPaths(String principal) {
        SortedMap<String, List<String>> out = new TreeMap<>(PrivilegeBits::compareBytes);
        Set<String> paths = new LinkedHashSet<>(List.of("/", "/access", "/access/groups",
                "/nodes", "/pool", "/sdn", "/storage", "/vms"));
        for (int node = 0; node < plan.size(); node++) {
            if (plan.aclTree[node]) {
                paths.add(plan.pathOf(node));
            }
        }
        paths.addAll(model.poolMembers());
        for (String path : paths) {
            List<String> privs = bits.names(model.resolve(principal, path)[0]);
            if (!privs.isEmpty()) {
                out.put(path, privs);
            }
        }
        return out;
    }

    private int requirePrivilege(String privilege) {
        if (!model.isPrivilege(privilege)) {
            throw new IllegalArgumentException("unknown privilege '" + privilege + "'");
        }
        return bits.bitOf(privilege);
    }
}
