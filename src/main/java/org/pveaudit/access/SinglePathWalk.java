package org.pveaudit.access;

import java.util.Arrays;
import java.util.List;

/**
 * Privileges of many principals at one path, from the compiled grants: only the nodes on the path
 * (and on the paths of the pools that contain it) matter, so each principal costs one scan of its
 * own entries. Used by who-can; same rules as {@link PrivilegeWalk}.
 */
final class SinglePathWalk {

    private final AccessModel model;
    private final Chain target;
    private final Chain[] pools;
    private final long noAccess;

    /** The ancestors-or-self of one path, as positions of plan nodes. */
    private static final class Chain {
        final int[] positionOf;
        final int length;
        final long[] finalBits;
        final long[] propBits;
        final byte[] presence;

        Chain(PathPlan plan, String path) {
            int[] on = plan.nodesOn(path);
            length = on.length;
            positionOf = new int[plan.size()];
            Arrays.fill(positionOf, -1);
            for (int i = 0; i < length; i++) {
                if (on[i] >= 0) {
                    positionOf[on[i]] = i;
                }
            }
            finalBits = new long[length * 3];
            propBits = new long[length * 3];
            presence = new byte[length];
        }

        void add(Grants g, int kind) {
            int[] node = g.node();
            for (int j = 0; j < node.length; j++) {
                int pos = positionOf[node[j]];
                if (pos >= 0) {
                    int b = pos * 3 + kind;
                    finalBits[b] |= g.state()[j];
                    int flags = 1 << kind;
                    if (g.propagate()[j]) {
                        propBits[b] |= g.state()[j];
                        flags |= 8 << kind;
                    }
                    presence[pos] |= (byte) flags;
                }
            }
        }

        /** The raw role state at the end of the chain; resets the scratch arrays. */
        long resolve() {
            long current = 0;
            for (int i = 0; i < length; i++) {
                int pr = presence[i];
                if (pr == 0) {
                    continue;
                }
                int b = i * 3;
                if (i == length - 1) {
                    current = (pr & 1) != 0 ? finalBits[b] : (pr & 2) != 0 ? finalBits[b + 1] : finalBits[b + 2];
                } else if ((pr & 56) != 0) {
                    current = (pr & 8) != 0 ? propBits[b] : (pr & 16) != 0 ? propBits[b + 1] : propBits[b + 2];
                }
            }
            Arrays.fill(finalBits, 0);
            Arrays.fill(propBits, 0);
            Arrays.fill(presence, (byte) 0);
            return current;
        }
    }

    SinglePathWalk(AccessModel model, String path) {
        this.model = model;
        PathPlan plan = model.plan();
        target = new Chain(plan, path);
        List<String> poolIds = model.poolsOf(path);
        pools = new Chain[poolIds.size()];
        for (int i = 0; i < pools.length; i++) {
            pools[i] = new Chain(plan, "/pool/" + poolIds.get(i));
        }
        noAccess = model.noAccessPrivileges() | PrivilegeBits.NO_ACCESS_FLAG;
    }

    /** The privilege bits of a principal; {@code owner} is the owner's result for tokens. */
    long privileges(MatrixPrincipal p, long owner) {
        return switch (p.rule()) {
            case ROOT -> model.rootPrivileges();
            case OWNER -> owner;
            case UNKNOWN -> 0L;
            case OWN_ACL -> own(p);
            case INTERSECT -> own(p) & owner;
        };
    }

    private long own(MatrixPrincipal p) {
        long cell = stateOf(target, p);
        if (cell < 0) {
            return model.noAccessPrivileges();
        }
        if (pools.length > 0) {
            long pool = 0;
            for (Chain c : pools) {
                long r = stateOf(c, p);
                pool |= r < 0 ? noAccess : r;
            }
            cell = pool < 0 ? noAccess : cell | pool;
        }
        return cell & ~PrivilegeBits.NO_ACCESS_FLAG;
    }

    private long stateOf(Chain c, MatrixPrincipal p) {
        if (p.token()) {
            c.add(model.grantsOfToken(p.id()), 0);
        } else {
            c.add(model.grantsOfUser(p.id()), 1);
            for (Grants g : model.grantsOfGroupsOf(p.id())) {
                c.add(g, 2);
            }
        }
        long s = c.resolve();
        return s < 0 ? noAccess : s;
    }
}
