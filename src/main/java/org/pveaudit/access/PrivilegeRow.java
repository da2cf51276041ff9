package org.pveaudit.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One principal's privileges at every relevant path ({@link AccessModel#matrixPaths()}, byte order),
 * run-length encoded: privileges change only where the principal's ACL entries or pools are, so a row
 * of tens of thousands of paths is a handful of runs, and a cluster's rows fit in memory at any size.
 */
public final class PrivilegeRow {

    private final PrivilegeBits bits;
    private final List<String> paths;
    /** Per path: the index of its nearest relevant ancestor, -1 for {@code /}. */
    private final int[] parents;
    /** Index of the first path of each run, ascending; {@code starts[0] == 0}. */
    private final int[] starts;
    /** The privilege bits of each run. */
    private final long[] values;
    private final long anywhere;

    PrivilegeRow(PrivilegeBits bits, List<String> paths, int[] parents, int[] starts, long[] values) {
        this.bits = bits;
        this.paths = paths;
        this.parents = parents;
        this.starts = starts;
        this.values = values;
        long any = 0;
        for (long v : values) {
            any |= v;
        }
        anywhere = any;
    }

    /** Every privilege held at some relevant path, as names in byte order. */
    public List<String> anywhere() {
        return bits.names(anywhere);
    }

    /** The privileges at the i-th relevant path. */
    public List<String> at(int index) {
        return bits.names(valueAt(index));
    }

    /** How many relevant paths the principal holds at least one privilege on. */
    public int nonEmptyPaths() {
        int n = 0;
        for (int r = 0; r < starts.length; r++) {
            if (values[r] != 0) {
                n += end(r) - starts[r];
            }
        }
        return n;
    }

    /** Whether the privilege is held at some relevant path with an index in [from, to). */
    public boolean holdsIn(int from, int to, String privilege) {
        long mask = mask(privilege);
        if (mask == 0 || from >= to) {
            return false;
        }
        for (int r = run(from); r < starts.length && starts[r] < to; r++) {
            if ((values[r] & mask) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Where a privilege is held: the first relevant path, how many there are, and whether {@code /} is one. */
    public Held held(String privilege) {
        long mask = mask(privilege);
        int first = -1;
        int count = 0;
        for (int r = 0; mask != 0 && r < starts.length; r++) {
            if ((values[r] & mask) != 0) {
                first = first < 0 ? starts[r] : first;
                count += end(r) - starts[r];
            }
        }
        return count == 0 ? null : new Held(paths.get(first), count, paths.get(0).equals("/") && (values[0] & mask) != 0);
    }

    /** Where a privilege is held (see {@link #held}). */
    public record Held(String firstPath, int paths, boolean atRoot) {
    }

    /**
     * Where the principal holds a privilege, as subtrees: the top-most relevant paths holding it (whose nearest
     * relevant ancestor does not), each with how many relevant paths of its subtree hold it, itself included. A
     * principal with Permissions.Modify on {@code /vms} and its 3,000 VMs has one region, not 3,001 rows. In path
     * order; empty when the privilege is held nowhere or unknown.
     */
    public List<Region> regions(String privilege) {
        return where(privilege, Integer.MAX_VALUE, new Scratch()).first();
    }

    /** Where the principal holds every one of the privileges at once (e.g. all of Administrator's), as subtrees. */
    public List<Region> regionsOfAll(Collection<String> privileges) {
        return whereAll(privileges, Integer.MAX_VALUE, new Scratch()).first();
    }

    /**
     * Where a privilege is held, summarised: on how many relevant paths, in how many regions, and the first
     * {@code first} regions ({@link #regions}). The scratch space is the caller's, so a cluster's thousands of
     * principals allocate it once.
     */
    public Where where(String privilege, int first, Scratch scratch) {
        long mask = mask(privilege);
        return mask == 0 ? Where.NOWHERE : where(mask, first, scratch);
    }

    /** The same for holding every one of the privileges at once; a privilege this release lacks is held nowhere. */
    public Where whereAll(Collection<String> privileges, int first, Scratch scratch) {
        long mask = 0;
        for (String p : privileges) {
            long m = mask(p);
            if (m == 0) {
                return Where.NOWHERE;
            }
            mask |= m;
        }
        return privileges.isEmpty() ? Where.NOWHERE : where(mask, first, scratch);
    }

    /**
     * Regions where all of the mask's bits are held, visiting only the paths that hold them: a path continues its
     * parent's region when the parent was visited in this call (its stamp), else it starts one.
     */
    private Where where(long mask, int first, Scratch s) {
        if ((anywhere & mask) != mask) {
            return Where.NOWHERE;
        }
        int stamp = s.next(paths.size());
        int regions = 0;
        int held = 0;
        for (int r = 0; r < starts.length; r++) {
            if ((values[r] & mask) != mask) {
                continue;
            }
            int end = end(r);
            held += end - starts[r];
            for (int i = starts[r]; i < end; i++) {
                int p = parents[i];
                int region;
                if (p >= 0 && s.stamps[p] == stamp) {
                    region = s.regionOf[p];
                    s.size[region]++;
                } else {
                    region = regions++;
                    s.top[region] = i;
                    s.size[region] = 1;
                }
                s.regionOf[i] = region;
                s.stamps[i] = stamp;
            }
        }
        List<Region> out = new ArrayList<>(Math.min(first, regions));
        for (int k = 0; k < regions && k < first; k++) {
            out.add(new Region(paths.get(s.top[k]), s.size[k]));
        }
        return new Where(held, regions, out);
    }

    /** Where a privilege is held: on how many relevant paths, in how many regions, and the first of them. */
    public record Where(int paths, int regions, List<Region> first) {

        static final Where NOWHERE = new Where(0, 0, List.of());
    }

    /** Working space of {@link #where}: per path its region and the call that set it (never cleared). */
    public static final class Scratch {

        private int[] regionOf = new int[0];
        private int[] stamps = new int[0];
        private int[] top = new int[0];
        private int[] size = new int[0];
        private int stamp;

        private int next(int paths) {
            if (regionOf.length < paths || stamp == Integer.MAX_VALUE) {
                regionOf = new int[paths];
                stamps = new int[paths];
                top = new int[paths];
                size = new int[paths];
                stamp = 0;
            }
            return ++stamp;
        }
    }

    /** A subtree where a privilege is held: its top path and how many relevant paths it has that hold it. */
    public record Region(String path, int paths) {
    }

    /** Visits the relevant paths with at least one privilege, in order, until the visitor returns false. */
    public void forEachNonEmpty(IntPredicate visitor) {
        for (int r = 0; r < starts.length; r++) {
            if (values[r] != 0) {
                for (int i = starts[r]; i < end(r); i++) {
                    if (!visitor.test(i)) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Visits the runs of consecutive relevant paths holding the same privileges (none empty), in order, as the
     * index of the run's first path and its number of paths, until the visitor returns false.
     */
    public void forEachNonEmptyRun(RunVisitor visitor) {
        for (int r = 0; r < starts.length; r++) {
            if (values[r] != 0 && !visitor.visit(starts[r], end(r) - starts[r])) {
                return;
            }
        }
    }

    /** What {@link #forEachNonEmptyRun} calls. */
    @FunctionalInterface
    public interface RunVisitor {
        boolean visit(int first, int paths);
    }

    /** The privilege bits at the i-th relevant path. */
    long bitsAt(int index) {
        return valueAt(index);
    }

    private long valueAt(int index) {
        return values[run(index)];
    }

    /** The run holding the index. */
    private int run(int index) {
        int r = Arrays.binarySearch(starts, index);
        return r >= 0 ? r : -r - 2;
    }

    private int end(int r) {
        return r + 1 < starts.length ? starts[r + 1] : paths.size();
    }

    private long mask(String privilege) {
        int bit = bits.bitOf(privilege);
        return bit < 0 ? 0 : 1L << bit;
    }
}
