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
    private final long[] fin;
    private final long[] out;

    PrivilegeWalk(AccessModel model) {
        this.model = model;
        this.plan = model.plan();
        int n = plan.size();
        entries = new NodeEntries(n);
        fin = new long[n];
        out = new long[n];
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
        for (int i = 0; i < n; i++) {
            long inherited = i == 0 ? 0L : out[parent[i]];
            if (entries.at(i)) {
                fin[i] = entries.ownValue(i);
                out[i] = entries.passedValue(i, inherited);
            } else {
                out[i] = inherited;
                fin[i] = inherited;
            }
        }
        entries.clear();
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
