package org.pveaudit.access;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pveaudit.model.Pool;

/**
 * The relevant paths of a snapshot (ACL tree nodes, pool paths, pool member paths and a fixed set)
 * arranged as a tree whose nodes are numbered parents first, so one principal's roles at every path
 * follow from one pass over arrays. Privileges only change at ACL nodes and pool members, so these
 * paths are where anything can differ.
 *
 * <p>Nodes are path segments: a path's text is built only when asked for ({@link #pathOf}). Every
 * ancestor of an ACL path is a node (as in Proxmox's ACL tree), and a path of n segments has n
 * ancestors whose texts add up to n²/2 segments; built as segments, the plan costs the length of the
 * paths it was given.
 */
final class PathPlan {

    /** Always listed, whatever the config holds (bench README). */
    static final List<String> FIXED = List.of("/", "/access", "/access/groups", "/nodes", "/pool", "/sdn",
            "/storage", "/vms", "/mapping", "/vms/100", "/storage/local", "/nodes/pve1", "/access/realm/pve",
            "/sdn/zones/localnetwork");

    private static final int ITEM = 0;
    private static final int BLOCK = 1;
    private static final int END = 2;

    /** Per node: its parent node, -1 for {@code /}. */
    final int[] parent;
    /** Per node: its last segment, empty for {@code /}. */
    private final String[] segment;
    /** Per node: the nodes below it by segment, or null. */
    private final List<Map<String, Integer>> below;
    /** Per node: its path text once built (a race builds the same text twice, which is harmless). */
    private final String[] text;
    /** Node ids of the listed paths, sorted by byte order of the path. */
    final int[] listed;
    /** Per node: its index among the listed paths, or -1. */
    final int[] listedIndex;
    /** Per node: the listed range {@code [from, to)} of the paths strictly below it ({@link #below}). */
    private final int[] belowFrom;
    private final int[] belowTo;
    /** Per pool node ({@code /pool/<p>}): the listed indices of its member paths, or null for other nodes. */
    final int[][] membersOf;
    /** Per node: node ids of {@code /pool/<p>} for every pool that has this path as a member, or null. */
    final int[][] poolsOf;
    /** Per node: an ACL tree node (a path with an entry, or an ancestor of one). */
    final boolean[] aclTree;

    /**
     * @param entryPaths the paths of the ACL entries, normalised ({@link AclIndex#nodes}); their
     *                   ancestors are ACL tree nodes too
     */
    PathPlan(Collection<String> entryPaths, List<Pool> pools) {
        Tree tree = new Tree();
        tree.add("/");
        for (String p : entryPaths) {
            tree.add(p);
        }
        int aclNodes = tree.size(); // the entry paths and every ancestor of them
        Map<Integer, List<Integer>> memberPools = new HashMap<>();
        List<Integer> explicit = new ArrayList<>();
        for (String p : FIXED) {
            explicit.add(tree.add(p));
        }
        for (Pool p : pools) {
            int pool = tree.add(p.path());
            explicit.add(pool);
            for (String vm : p.vms()) {
                int m = tree.add("/vms/" + vm);
                memberPools.computeIfAbsent(m, k -> new ArrayList<>()).add(pool);
            }
            for (String st : p.storages()) {
                int m = tree.add("/storage/" + st);
                memberPools.computeIfAbsent(m, k -> new ArrayList<>()).add(pool);
            }
        }
        explicit.addAll(memberPools.keySet());
        int n = tree.size();
        parent = tree.parents.stream().mapToInt(Integer::intValue).toArray();
        segment = tree.segments.toArray(new String[0]);
        below = tree.below;
        text = new String[n];
        text[0] = "/";
        aclTree = new boolean[n];
        Arrays.fill(aclTree, 0, aclNodes, true);
        boolean[] isListed = new boolean[n];
        Arrays.fill(isListed, 0, aclNodes, true);
        explicit.forEach(id -> isListed[id] = true);
        belowFrom = new int[n];
        belowTo = new int[n];
        listed = byteOrder(isListed);
        listedIndex = new int[n];
        Arrays.fill(listedIndex, -1);
        for (int k = 0; k < listed.length; k++) {
            listedIndex[listed[k]] = k;
        }
        poolsOf = new int[n][];
        memberPools.forEach((member, poolIds) -> poolsOf[member] =
                poolIds.stream().distinct().mapToInt(Integer::intValue).toArray());
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int node = 0; node < n; node++) {
            if (poolsOf[node] != null) {
                for (int q : poolsOf[node]) {
                    members.computeIfAbsent(q, x -> new ArrayList<>()).add(listedIndex[node]);
                }
            }
        }
        membersOf = new int[n][];
        members.forEach((q, ks) -> membersOf[q] = ks.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    /**
     * The listed indices {@code [from, to)} of the nodes strictly below a node: in byte order the paths
     * starting with {@code path + "/"} are contiguous (the node itself may sort elsewhere: {@code /vms-x}
     * lies between {@code /vms} and {@code /vms/1}). Recorded while the order was made.
     */
    int[] below(int node) {
        return new int[] {belowFrom[node], belowTo[node]};
    }

    /** Nodes by segment while the plan is built; a node's parent always comes first. */
    private static final class Tree {
        final List<Integer> parents = new ArrayList<>();
        final List<String> segments = new ArrayList<>();
        final List<Map<String, Integer>> below = new ArrayList<>();

        int size() {
            return parents.size();
        }

        /** The node of a path, made with its ancestors where missing; segments as {@code parentOf} cuts them. */
        int add(String path) {
            if (parents.isEmpty()) {
                parents.add(-1);
                segments.add("");
                below.add(null);
            }
            int node = 0;
            if (path.equals("/")) {
                return node;
            }
            int i = path.startsWith("/") ? 1 : 0;
            while (true) {
                int slash = path.indexOf('/', i);
                int end = slash < 0 ? path.length() : slash;
                String s = path.substring(i, end);
                Map<String, Integer> children = below.get(node);
                if (children == null) {
                    children = new HashMap<>();
                    below.set(node, children);
                }
                Integer child = children.get(s);
                if (child == null) {
                    child = parents.size();
                    parents.add(node);
                    segments.add(s);
                    below.add(null);
                    children.put(s, child);
                }
                node = child;
                if (slash < 0) {
                    return node;
                }
                i = slash + 1;
            }
        }
    }

    /**
     * The listed nodes in byte order of their paths, without building a path's text. A path comes before
     * everything below it; among the nodes below one node, a child {@code c} as a path compares as
     * {@code c} and everything below it as {@code c/}, so siblings and their subtrees interleave as
     * their texts do ({@code /a}, {@code /a-b}, {@code /a-b/x}, {@code /a/x}).
     */
    private int[] byteOrder(boolean[] isListed) {
        int[] out = new int[countTrue(isListed)];
        int k = 0;
        Deque<long[]> stack = new ArrayDeque<>();
        stack.push(new long[] {BLOCK, 0});
        if (isListed[0]) {
            out[k++] = 0;
        }
        while (!stack.isEmpty()) {
            long[] top = stack.pop();
            int node = (int) top[1];
            if (top[0] == ITEM) {
                if (isListed[node]) {
                    out[k++] = node;
                }
                continue;
            }
            if (top[0] == END) {
                belowTo[node] = k;
                continue;
            }
            belowFrom[node] = k;
            belowTo[node] = k;
            Map<String, Integer> children = below.get(node);
            if (children == null) {
                continue;
            }
            stack.push(new long[] {END, node});
            List<Object[]> keys = new ArrayList<>(children.size() * 2);
            children.forEach((s, child) -> {
                keys.add(new Object[] {s, ITEM, child});
                keys.add(new Object[] {s + "/", BLOCK, child}); // empty blocks too: every node gets its range
            });
            keys.sort((a, b) -> PrivilegeBits.compareBytes((String) a[0], (String) b[0]));
            for (int i = keys.size() - 1; i >= 0; i--) {
                Object[] key = keys.get(i);
                stack.push(new long[] {(Integer) key[1], (Integer) key[2]});
            }
        }
        return out;
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    /** The text of a node's path, built once, in time proportional to its length. */
    String pathOf(int node) {
        String t = text[node];
        if (t == null) {
            int depth = 0;
            int length = 0;
            for (int v = node; v > 0; v = parent[v]) {
                depth++;
                length += segment[v].length() + 1;
            }
            String[] parts = new String[depth];
            for (int v = node; v > 0; v = parent[v]) {
                parts[--depth] = segment[v];
            }
            StringBuilder b = new StringBuilder(length);
            for (String p : parts) {
                b.append('/').append(p);
            }
            t = b.toString();
            text[node] = t;
        }
        return t;
    }

    /** The node of a path, or -1 when it is no node; in time proportional to the path's length. */
    int find(String path) {
        if (path.equals("/")) {
            return 0;
        }
        int node = 0;
        int i = path.startsWith("/") ? 1 : 0;
        while (true) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? path.length() : slash;
            Map<String, Integer> children = below.get(node);
            Integer child = children == null ? null : children.get(path.substring(i, end));
            if (child == null) {
                return -1;
            }
            node = child;
            if (slash < 0) {
                return node;
            }
            i = slash + 1;
        }
    }

    /**
     * The nodes of {@code /}, each ancestor and the path itself ({@link AccessModel#prefixes}), -1 where a
     * prefix is no node; in time proportional to the path's length.
     */
    int[] nodesOn(String path) {
        if (path.equals("/")) {
            return new int[] {0};
        }
        int count = 1;
        for (int i = 1; i < path.length(); i++) {
            count += path.charAt(i) == '/' ? 1 : 0;
        }
        int[] out = new int[count + 1];
        Arrays.fill(out, -1);
        out[0] = 0;
        int node = 0;
        int i = path.startsWith("/") ? 1 : 0;
        for (int k = 1; k < out.length && node >= 0; k++) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? path.length() : slash;
            Map<String, Integer> children = below.get(node);
            Integer child = children == null ? null : children.get(path.substring(i, end));
            node = child == null ? -1 : child;
            out[k] = node;
            i = end + 1;
        }
        return out;
    }

    /** Position of a node in {@link #listed}, or -1. */
    int positionOf(int node) {
        return node < 0 ? -1 : listedIndex[node];
    }

    int size() {
        return parent.length;
    }

    /**
     * Per listed path: the listed index of its nearest listed ancestor, or -1 for {@code /}. An ancestor's
     * text is a prefix of the path's, so it sorts first: the result always points backwards.
     */
    int[] listedParents() {
        int[] out = new int[listed.length];
        for (int k = 0; k < listed.length; k++) {
            int v = parent[listed[k]];
            while (v >= 0 && listedIndex[v] < 0) {
                v = parent[v];
            }
            out[k] = v < 0 ? -1 : listedIndex[v];
        }
        return out;
    }

    /** The listed paths in output order. */
    List<String> listedPaths() {
        List<String> out = new ArrayList<>(listed.length);
        for (int id : listed) {
            out.add(pathOf(id));
        }
        return out;
    }
}
