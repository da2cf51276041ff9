package org.pveaudit.access;

import java.util.Arrays;

/**
 * One principal's privileges at every listed path as runs, in time proportional to its ACL entries
 * and the pools, not to the number of paths: the same resolution as {@link PrivilegeWalk} (reference
 * 2.3 and 2.4), but only the nodes where the principal has entries are visited. A node's own value
 * holds at its listed index, the value it passes down holds on the listed range strictly below it,
 * and those ranges nest, so one sweep paints the row. Holds scratch arrays: one instance per thread.
 */
final class SparseWalk {

    private final AccessModel model;
    private final PathPlan plan;
    private final NodeEntries entries;
    /** Pool grants that change a member: (listed index << 32 | slot) and what the pools give. */
    private long[] pointIndex = new long[16];
    private long[] pointGive = new long[16];
    /** Per node, once asked: the listed range strictly below it ({@link PathPlan#below}), or -1. */
    private final int[] belowFrom;
    private final int[] belowTo;
    private final int listed;

    SparseWalk(AccessModel model) {
        this.model = model;
        this.plan = model.plan();
        int n = plan.size();
        entries = new NodeEntries(n);
        listed = plan.listed.length;
        belowFrom = new int[n];
        belowTo = new int[n];
        Arrays.fill(belowFrom, -1);
    }

    private int[] below(int node) {
        if (belowFrom[node] < 0) {
            int[] range = plan.below(node);
            belowTo[node] = range[1];
            belowFrom[node] = range[0];
        }
        return new int[] {belowFrom[node], belowTo[node]};
    }

    /** The row of a principal whose own entries decide ({@code OWN_ACL}), or of a token to intersect with its owner's row. */
    Runs walk(MatrixPrincipal p, Runs owner) {
        entries.gather(model, p);
        int[] nodes = entries.touchedNodes(); // parents first: they are numbered before their children
        for (int node : nodes) {
            long inherited = node == 0 ? 0L : passedDown(plan.parent[node]);
            entries.resolve(node, inherited);
        }
        Runs raw = paint(nodes);
        Runs row = finish(raw);
        entries.clear();
        return owner == null ? row : row.and(owner);
    }

    /** The value a node passes to its children: its own if it has entries, else what reaches it. */
    private long passedDown(int node) {
        for (int n = node; n >= 0; n = plan.parent[n]) {
            if (entries.at(n)) {
                return entries.passed[n];
            }
        }
        return 0L;
    }

    /** The value at a node itself (with the NoAccess flag, before pools). */
    private long valueAt(int node) {
        return entries.at(node) ? entries.value[node] : node == 0 ? 0L : passedDown(plan.parent[node]);
    }

    /** Paints the raw values over the listed paths: nested intervals, the enclosing one first. */
    private Runs paint(int[] nodes) {
        int m = 0;
        long[][] intervals = new long[nodes.length * 2][];
        for (int node : nodes) {
            int self = plan.listedIndex[node];
            if (self >= 0) {
                intervals[m++] = new long[] {self, self + 1, entries.value[node]};
            }
            int[] below = below(node);
            if (below[0] < below[1]) {
                intervals[m++] = new long[] {below[0], below[1], entries.passed[node]};
            }
        }
        long[][] sorted = Arrays.copyOf(intervals, m);
        Arrays.sort(sorted, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(y[1], x[1]));
        Runs.Builder runs = new Runs.Builder(listed);
        long[] endStack = new long[m + 1];
        long[] valueStack = new long[m + 1];
        int top = 0;
        endStack[0] = listed;
        valueStack[0] = 0L;
        runs.set(0, 0L);
        for (long[] iv : sorted) {
            while (endStack[top] <= iv[0]) {
                top--;
                runs.set((int) endStack[top + 1], valueStack[top]);
            }
            runs.set((int) iv[0], iv[2]);
            top++;
            endStack[top] = iv[1];
            valueStack[top] = iv[2];
        }
        while (top > 0) {
            top--;
            runs.set((int) endStack[top + 1], valueStack[top]);
        }
        return runs.build();
    }

    /** NoAccess applied, the pools merged into their members, the flag dropped. */
    private Runs finish(Runs raw) {
        long noAccess = model.noAccessPrivileges() | PrivilegeBits.NO_ACCESS_FLAG;
        // what pools give their members, kept only where it changes the member's value: a pool grant
        // usually reaches its members by inheritance too, so most principals keep none
        int count = 0;
        int[][] membersOf = plan.membersOf;
        for (int q = 0; q < membersOf.length; q++) {
            if (membersOf[q] == null) {
                continue;
            }
            long r = valueAt(q);
            if (r == 0) {
                continue;
            }
            long give = r < 0 ? noAccess : r;
            for (int k : membersOf[q]) {
                long cell = raw.value(raw.run(k));
                // regular NoAccess is never overridden
                if (cell >= 0 && (give < 0 || (give & ~cell) != 0)) {
                    if (count == pointIndex.length) {
                        pointIndex = Arrays.copyOf(pointIndex, count * 2);
                        pointGive = Arrays.copyOf(pointGive, count * 2);
                    }
                    pointIndex[count] = (long) k << 32 | count;
                    pointGive[count++] = give;
                }
            }
        }
        Arrays.sort(pointIndex, 0, count);
        Runs.Builder runs = new Runs.Builder(listed);
        int p = 0;
        for (int r = 0; r < raw.size(); r++) {
            long cell = raw.value(r) < 0 ? noAccess : raw.value(r);
            runs.set(raw.start(r), cell & ~PrivilegeBits.NO_ACCESS_FLAG);
            int end = raw.end(r);
            while (p < count && (int) (pointIndex[p] >>> 32) < end) {
                int k = (int) (pointIndex[p] >>> 32);
                long pool = 0;
                for (; p < count && (int) (pointIndex[p] >>> 32) == k; p++) {
                    pool |= pointGive[(int) pointIndex[p]];
                }
                // pool NoAccess beats regular grants
                long merged = pool < 0 ? noAccess : cell | pool;
                runs.set(k, merged & ~PrivilegeBits.NO_ACCESS_FLAG);
                if (k + 1 < end) {
                    runs.set(k + 1, cell & ~PrivilegeBits.NO_ACCESS_FLAG);
                }
            }
        }
        return runs.build();
    }

    /** Privilege bits over the listed paths as runs: {@code starts} ascending from 0, one value each. */
    static final class Runs {
        private final int[] starts;
        private final long[] values;
        private final int length;

        Runs(int[] starts, long[] values, int length) {
            this.starts = starts;
            this.values = values;
            this.length = length;
        }

        int size() {
            return starts.length;
        }

        int start(int r) {
            return starts[r];
        }

        int end(int r) {
            return r + 1 < starts.length ? starts[r + 1] : length;
        }

        long value(int r) {
            return values[r];
        }

        /** The run holding a listed index. */
        int run(int index) {
            int r = Arrays.binarySearch(starts, index);
            return r >= 0 ? r : -r - 2;
        }

        int[] starts() {
            return starts;
        }

        long[] values() {
            return values;
        }

        /** Both rows at once: a privilege-separated token holds what it and its owner both hold. */
        Runs and(Runs other) {
            Builder b = new Builder(length);
            int i = 0;
            int j = 0;
            int at = 0;
            while (at < length) {
                b.set(at, values[i] & other.values[j]);
                int next = Math.min(end(i), other.end(j));
                if (next == end(i)) {
                    i++;
                }
                if (next == other.end(j)) {
                    j++;
                }
                at = next;
            }
            return b.build();
        }

        /** One value everywhere. */
        static Runs constant(long value, int length) {
            return new Runs(new int[] {0}, new long[] {value}, length);
        }

        /** Appends runs left to right; a later value at the same start replaces the earlier one. */
        static final class Builder {
            private int[] starts = new int[8];
            private long[] values = new long[8];
            private int n;
            private final int length;

            Builder(int length) {
                this.length = length;
            }

            void set(int index, long value) {
                if (index >= length) {
                    return;
                }
                if (n > 0 && starts[n - 1] == index) {
                    values[n - 1] = value;
                    if (n > 1 && values[n - 2] == value) {
                        n--;
                    }
                    return;
                }
                if (n > 0 && values[n - 1] == value) {
                    return;
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                starts[n] = index;
                values[n++] = value;
            }

            Runs build() {
                if (n == 0) {
                    return constant(0L, length);
                }
                return new Runs(Arrays.copyOf(starts, n), Arrays.copyOf(values, n), length);
            }
        }
    }
}
