package org.pveaudit.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes principals' {@link PrivilegeRow}s with a {@link SparseWalk} (in time proportional to the
 * principal's entries, a token's owner first when the token is intersected with it). Holds scratch
 * arrays: one instance per thread.
 */
public final class PrivilegeRows {

    private final AccessModel model;
    private final PrivilegeWalk walk;
    private final SparseWalk sparse;
    private final Map<String, MatrixPrincipal> principals = new HashMap<>();
    private final List<String> paths;
    /** Per relevant path: the index of its nearest relevant ancestor, -1 for {@code /}. */
    private final int[] parents;
    private final long[] owner;
    private final long[] row;

    PrivilegeRows(AccessModel model) {
        this.model = model;
        this.walk = new PrivilegeWalk(model);
        this.sparse = new SparseWalk(model);
        model.matrixPrincipalList().forEach(p -> principals.put(p.id(), p));
        paths = model.matrixPathView(); // texts built only for the paths a row shows
        parents = model.plan().listedParents();
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
        return model.matrixBelow(path);
    }

    /** The principal's row; an unknown principal holds nothing. */
    public PrivilegeRow of(String principal) {
        SparseWalk.Runs runs = runs(principal(principal));
        return new PrivilegeRow(model.bits(), paths, parents, runs.starts(), runs.values());
    }

    private SparseWalk.Runs runs(MatrixPrincipal p) {
        return switch (p.rule()) {
            case ROOT -> SparseWalk.Runs.constant(model.rootPrivileges(), paths.size());
            case UNKNOWN -> SparseWalk.Runs.constant(0L, paths.size());
            case OWN_ACL -> sparse.walk(p, null);
            case OWNER -> runs(principal(model.token(p.id()).owner()));
            case INTERSECT -> sparse.walk(p, runs(principal(model.token(p.id()).owner())));
        };
    }

    private MatrixPrincipal principal(String id) {
        return principals.getOrDefault(id, new MatrixPrincipal(id, false, MatrixPrincipal.Rule.UNKNOWN));
    }

    /** The same row by a walk over every path ({@link PrivilegeWalk}): what the sparse walk must equal. */
    long[] dense(String principal) {
        MatrixPrincipal p = principal(principal);
        if (p.rule() == MatrixPrincipal.Rule.OWNER || p.rule() == MatrixPrincipal.Rule.INTERSECT) {
            walk.compute(principal(model.token(principal).owner()), null, owner);
        }
        walk.compute(p, owner, row);
        return row.clone();
    }
}
