package org.pveaudit.access;

import java.util.Arrays;

/**
 * One principal's ACL entries gathered per path node (reference 2.3 step 3): for each node and each
 * kind (token, user, groups) the privileges of the entries that apply there and of those that
 * propagate. The scratch space of {@link PrivilegeWalk} and {@link SparseWalk}: one instance per walk.
 */
final class NodeEntries {

    private static final int TOKEN = 0;
    private static final int USER = 1;
    private static final int GROUP = 2;

    private final long[] finalBits;
    private final long[] propBits;
    /** Per node: bit k = kind k has an entry; bit 3+k = kind k has a propagating entry. */
    private final byte[] presence;
    /** Per node, once resolved: the value at the node itself (with the NoAccess flag, before pools). */
    final long[] value;
    /** Per node, once resolved: the value the node passes to its children. */
    final long[] passed;
    /** Nodes with entries of the principal being gathered, in the order they were met. */
    private int[] touched = new int[16];
    private int touchedCount;

    NodeEntries(int nodes) {
        finalBits = new long[nodes * 3];
        propBits = new long[nodes * 3];
        presence = new byte[nodes];
        value = new long[nodes];
        passed = new long[nodes];
    }

    /** Gathers a principal's entries: a token's own, or a user's and those of its groups. */
    void gather(AccessModel model, MatrixPrincipal p) {
        if (p.token()) {
            add(model.grantsOfToken(p.id()), TOKEN);
        } else {
            add(model.grantsOfUser(p.id()), USER);
            for (Grants g : model.grantsOfGroupsOf(p.id())) {
                add(g, GROUP);
            }
        }
    }

    /** True when the principal has entries at the node. */
    boolean at(int node) {
        return presence[node] != 0;
    }

    /** The value at a node with entries: token entries, else user entries, else the union of the groups'. */
    private long ownValue(int node) {
        int pr = presence[node];
        int b = node * 3;
        return (pr & 1) != 0 ? finalBits[b] : (pr & 2) != 0 ? finalBits[b + 1] : finalBits[b + 2];
    }

    /** The value a node with entries passes down; {@code inherited} when none of its entries propagates. */
    private long passedValue(int node, long inherited) {
        int pr = presence[node];
        int b = node * 3;
        return (pr & 8) != 0 ? propBits[b] : (pr & 16) != 0 ? propBits[b + 1]
                : (pr & 32) != 0 ? propBits[b + 2] : inherited;
    }

    /** Resolves a node: its own entries decide, else what it inherits holds there and below. */
    void resolve(int node, long inherited) {
        if (presence[node] != 0) {
            value[node] = ownValue(node);
            passed[node] = passedValue(node, inherited);
        } else {
            value[node] = inherited;
            passed[node] = inherited;
        }
    }

    /** The nodes with entries, sorted: parents are numbered before their children. */
    int[] touchedNodes() {
        int[] nodes = Arrays.copyOf(touched, touchedCount);
        Arrays.sort(nodes);
        return nodes;
    }

    /** Forgets the gathered entries, ready for the next principal. */
    void clear() {
        for (int i = 0; i < touchedCount; i++) {
            int node = touched[i];
            presence[node] = 0;
            int b = node * 3;
            finalBits[b] = finalBits[b + 1] = finalBits[b + 2] = 0;
            propBits[b] = propBits[b + 1] = propBits[b + 2] = 0;
        }
        touchedCount = 0;
    }

    private void add(Grants g, int kind) {
        int[] node = g.node();
        long[] state = g.state();
        boolean[] propagate = g.propagate();
        for (int j = 0; j < node.length; j++) {
            int nd = node[j];
            if (presence[nd] == 0) {
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touchedCount * 2);
                }
                touched[touchedCount++] = nd;
            }
            int b = nd * 3 + kind;
            finalBits[b] |= state[j];
            int flags = 1 << kind;
            if (propagate[j]) {
                propBits[b] |= state[j];
                flags |= 8 << kind;
            }
            presence[nd] |= (byte) flags;
        }
    }
}
