package org.pveaudit.access;

/**
 * Computes one principal's privileges at every listed path in a single pass over the path plan,
 * carrying the inherited role set down the tree (the same resolution as {@link AccessModel#roles},
 * reference 2.3, then the pool merge and token intersection of 2.4). Holds scratch arrays, so one
 * instance per thread.
 */
final class PrivilegeWalk {

    private static final int TOKEN = 0;
    private static final int USER = 1;
    private static final int GROUP = 2;

    private final AccessModel model;
    private final PathPlan plan;
    private final long[] finalBits;
    private final long[] propBits;
    /** Per node: bit k = kind k has an entry; bit 3+k = kind k has a propagating entry. */
    private final byte[] presence;
    private final long[] fin;
    private final long[] out;

    PrivilegeWalk(AccessModel model) {
        this.model = model;
        this.plan = model.plan();
        int n = plan.size();
        finalBits = new long[n * 3];
        propBits = new long[n * 3];
        presence = new byte[n];
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
        if (p.token()) {
            add(model.grantsOfToken(p.id()), TOKEN);
        } else {
            add(model.grantsOfUser(p.id()), USER);
            for (Grants g : model.grantsOfGroupsOf(p.id())) {
                add(g, GROUP);
            }
        }
        int n = plan.size();
        int[] parent = plan.parent;
        for (int i = 0; i < n; i++) {
            long inherited = i == 0 ? 0L : out[parent[i]];
            int pr = presence[i];
            if (pr == 0) {
                out[i] = inherited;
                fin[i] = inherited;
                continue;
            }
            int b = i * 3;
            // at one node: token entries, else user entries, else the union of the groups' entries
            fin[i] = (pr & 1) != 0 ? finalBits[b] : (pr & 2) != 0 ? finalBits[b + 1] : finalBits[b + 2];
            out[i] = (pr & 8) != 0 ? propBits[b] : (pr & 16) != 0 ? propBits[b + 1]
                    : (pr & 32) != 0 ? propBits[b + 2] : inherited;
            presence[i] = 0;
            finalBits[b] = 0;
            finalBits[b + 1] = 0;
            finalBits[b + 2] = 0;
            propBits[b] = 0;
            propBits[b + 1] = 0;
            propBits[b + 2] = 0;
        }
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

    private void add(Grants g, int kind) {
        int[] node = g.node();
        long[] state = g.state();
        boolean[] propagate = g.propagate();
        for (int j = 0; j < node.length; j++) {
            int b = node[j] * 3 + kind;
            finalBits[b] |= state[j];
            int flags = 1 << kind;
            if (propagate[j]) {
                propBits[b] |= state[j];
                flags |= 8 << kind;
            }
            presence[node[j]] |= (byte) flags;
        }
    }
}
