package org.pveaudit.access;

/**
 * Computes one principal's privileges at every listed path in a single pass over the path plan,
 * carrying the inherited role set down the tree (the same resolution as {@link AccessModel#roles},
 * reference 2.3, then the pool merge and token intersection of 2.4). Holds scratch arrays, so one
 * instance per thread.
 */
final class PrivilegeWalk {

    private final AccessModel model;
    private final PathPlan plan;
    private final NodeEntries entries;

    PrivilegeWalk(AccessModel model) {
        this.model = model;
        this.plan = model.plan();
        entries = new NodeEntries(plan.size());
    }

    /**
     * Fills {@code result[i]} with the privilege bits at the i-th listed path.
     *
     * @param ownerResult the owner's result, for tokens (the owner comes first in matrix order)
     */
    void compute(MatrixPrincipal p, long[] ownerResult, long[] result) {
        int listed = plan.listed.length;
        switch (p.rule()) {
            case ROOT -> java.util.Arrays.fill(result, 0, listed, model.rootPrivileges());
            case OWNER -> System.arraycopy(ownerResult, 0, result, 0, listed);
            case UNKNOWN -> java.util.Arrays.fill(result, 0, listed, 0L);
            case OWN_ACL -> walk(p, null, result);
            case INTERSECT -> walk(p, ownerResult, result);
        }
    }

    private void walk(MatrixPrincipal p, long[] ownerResult, long[] result) {
        entries.gather(model, p);
        int n = plan.size();
        int[] parent = plan.parent;
        long[] out = entries.passed;
        for (int i = 0; i < n; i++) {
            entries.resolve(i, i == 0 ? 0L : out[parent[i]]);
        }
        entries.clear();
        long[] fin = entries.value;
        long noAccess = model.noAccessPrivileges() | PrivilegeBits.NO_ACCESS_FLAG;
        int[] listed = plan.listed;
        int[][] poolsOf = plan.poolsOf;
        for (int k = 0; k < listed.length; k++) {
            int node = listed[k];
            long cell = fin[node];
            if (cell < 0) {
                cell = noAccess;
            }
            int[] pools = poolsOf[node];
            if (pools != null && cell >= 0) {
                long pool = 0;
                for (int q : pools) {
                    long r = fin[q];
                    pool |= r < 0 ? noAccess : r;
                }
                // regular NoAccess is never overridden; pool NoAccess beats regular grants
                cell = pool < 0 ? noAccess : cell | pool;
            }
            long privs = cell & ~PrivilegeBits.NO_ACCESS_FLAG;
            result[k] = ownerResult == null ? privs : privs & ownerResult[k];
        }
    }
}
