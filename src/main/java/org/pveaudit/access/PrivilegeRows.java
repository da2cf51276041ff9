package org.pveaudit.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes principals' {@link PrivilegeRow}s, one walk over the path plan each (a token's owner
 * first when the token is intersected with it). Holds scratch arrays: one instance per thread.
 */
public final class PrivilegeRows {

    private final AccessModel model;
    private final PrivilegeWalk walk;
    private final Map<String, MatrixPrincipal> principals = new HashMap<>();
    private final List<String> paths;
    private final long[] owner;
    private final long[] row;

    PrivilegeRows(AccessModel model) {
        this.model = model;
        this.walk = new PrivilegeWalk(model);
        model.matrixPrincipalList().forEach(p -> principals.put(p.id(), p));
        paths = List.copyOf(model.matrixPaths());
        int n = paths.size();
        owner = new long[n];
        row = new long[n];
    }

    /** The relevant paths the rows index, in byte order. */
    public List<String> paths() {
        return paths;
    }

    /**
     * The indices {@code [from, to)} of the relevant paths strictly below {@code path}: in byte order
     * the paths starting with {@code path + "/"} are contiguous.
     */
    public int[] below(String path) {
        if (path.equals("/")) {
            return new int[] {paths.isEmpty() || !paths.get(0).equals("/") ? 0 : 1, paths.size()};
        }
        return new int[] {firstAtLeast(path + "/"), firstAtLeast(path + "0")}; // '0' follows '/'
    }

    private int firstAtLeast(String key) {
        int lo = 0;
        int hi = paths.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (PrivilegeBits.compareBytes(paths.get(mid), key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The principal's row; an unknown principal holds nothing. */
    public PrivilegeRow of(String principal) {
        MatrixPrincipal p = principals.getOrDefault(principal,
                new MatrixPrincipal(principal, false, MatrixPrincipal.Rule.UNKNOWN));
        if (p.rule() == MatrixPrincipal.Rule.OWNER || p.rule() == MatrixPrincipal.Rule.INTERSECT) {
            String ownerId = model.token(principal).owner();
            walk.compute(principals.getOrDefault(ownerId,
                    new MatrixPrincipal(ownerId, false, MatrixPrincipal.Rule.UNKNOWN)), null, owner);
        }
        walk.compute(p, owner, row);
        return new PrivilegeRow(model.bits(), paths, row);
    }
}
