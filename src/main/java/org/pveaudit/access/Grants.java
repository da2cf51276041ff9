package org.pveaudit.access;

import java.util.List;

import org.pveaudit.model.AclEntry;

/** The ACL entries of one user, group or token in array form: node id, role privileges, propagate. */
record Grants(int[] node, long[] state, boolean[] propagate) {

    static final Grants NONE = new Grants(new int[0], new long[0], new boolean[0]);

    /**
     * Compiles entries; the state of a role is its privilege bits, with the NoAccess flag for
     * {@code NoAccess}, because NoAccess cancels the other roles only after the walk.
     */
    static Grants of(List<AclEntry> entries, PathPlan plan, PrivilegeBits bits) {
        int n = entries.size();
        int[] node = new int[n];
        long[] state = new long[n];
        boolean[] propagate = new boolean[n];
        for (int i = 0; i < n; i++) {
            AclEntry e = entries.get(i);
            node[i] = plan.find(e.path());
            state[i] = bits.ofRole(e.role()) | (AccessModel.NO_ACCESS.equals(e.role()) ? PrivilegeBits.NO_ACCESS_FLAG : 0);
            propagate[i] = e.propagate();
        }
        return new Grants(node, state, propagate);
    }
}
