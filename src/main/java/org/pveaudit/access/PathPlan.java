package org.pveaudit.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pveaudit.model.Pool;

/**
 * The relevant paths of a snapshot (ACL tree nodes, pool paths, pool member paths and a fixed set)
 * arranged as a tree whose nodes are numbered parents first, so one principal's roles at every path
 * follow from one pass over arrays. Privileges only change at ACL nodes and pool members, so these
 * paths are where anything can differ.
 */
final class PathPlan {

    /** Always listed, whatever the config holds (bench README). */
    static final List<String> FIXED = List.of("/", "/access", "/access/groups", "/nodes", "/pool", "/sdn",
            "/storage", "/vms", "/mapping", "/vms/100", "/storage/local", "/nodes/pve1", "/access/realm/pve",
            "/sdn/zones/localnetwork");

    final String[] path;
    final int[] parent;
    final Map<String, Integer> idOf = new HashMap<>();
    /** Node ids of the listed paths, sorted by byte order of the path. */
    final int[] listed;
    /** Per node: node ids of {@code /pool/<p>} for every pool that has this path as a member, or null. */
    final int[][] poolsOf;
    /** Per node: its index among the listed paths, or -1. */
    final int[] listedIndex;
    /** Per pool node ({@code /pool/<p>}): the listed indices of its member paths, or null for other nodes. */
    final int[][] membersOf;

    PathPlan(Set<String> treePaths, List<Pool> pools) {
        Set<String> relevant = new LinkedHashSet<>(FIXED);
        relevant.addAll(treePaths);
        Map<String, List<String>> memberPools = new HashMap<>();
        for (Pool p : pools) {
            relevant.add(p.path());
            for (String vm : p.vms()) {
                memberPools.computeIfAbsent("/vms/" + vm, k -> new ArrayList<>()).add(p.path());
            }
            for (String st : p.storages()) {
                memberPools.computeIfAbsent("/storage/" + st, k -> new ArrayList<>()).add(p.path());
            }
        }
        relevant.addAll(memberPools.keySet());
        Set<String> all = new LinkedHashSet<>();
        for (String p : relevant) {
            String q = p;
            while (all.add(q) && !q.equals("/")) {
                q = parentOf(q);
            }
        }
        List<String> order = new ArrayList<>(all);
        order.sort(Comparator.comparingInt(PathPlan::depth).thenComparing(PrivilegeBits::compareBytes));
        path = order.toArray(new String[0]);
        parent = new int[path.length];
        for (int i = 0; i < path.length; i++) {
            idOf.put(path[i], i);
        }
        for (int i = 0; i < path.length; i++) {
            parent[i] = path[i].equals("/") ? -1 : idOf.get(parentOf(path[i]));
        }
        List<String> sorted = new ArrayList<>(relevant);
        sorted.sort(PrivilegeBits::compareBytes);
        listed = sorted.stream().mapToInt(idOf::get).toArray();
        listedIndex = new int[path.length];
        java.util.Arrays.fill(listedIndex, -1);
        for (int k = 0; k < listed.length; k++) {
            listedIndex[listed[k]] = k;
        }
        poolsOf = new int[path.length][];
        memberPools.forEach((member, poolPaths) -> poolsOf[idOf.get(member)] =
                poolPaths.stream().distinct().mapToInt(idOf::get).toArray());
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int node = 0; node < path.length; node++) {
            if (poolsOf[node] != null) {
                for (int q : poolsOf[node]) {
                    members.computeIfAbsent(q, x -> new ArrayList<>()).add(listedIndex[node]);
                }
            }
        }
        membersOf = new int[path.length][];
        members.forEach((q, ks) -> membersOf[q] = ks.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    /**
     * The listed indices {@code [from, to)} of the nodes strictly below a node: in byte order the paths
     * starting with {@code path + "/"} are contiguous (the node itself may sort elsewhere: {@code /vms-x}
     * lies between {@code /vms} and {@code /vms/1}).
     */
    int[] below(int node) {
        String p = path[node];
        if (p.equals("/")) {
            return new int[] {1, listed.length}; // "/" is listed and sorts first
        }
        return new int[] {firstListedAtLeast(p + "/"), firstListedAtLeast(p + "0")}; // '0' follows '/'
    }

    private int firstListedAtLeast(String key) {
        int lo = 0;
        int hi = listed.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (PrivilegeBits.compareBytes(path[listed[mid]], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static String parentOf(String p) {
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    private static int depth(String p) {
        if (p.equals("/")) {
            return 0;
        }
        int d = 0;
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    int size() {
        return path.length;
    }

    /** The listed paths in output order. */
    List<String> listedPaths() {
        List<String> out = new ArrayList<>(listed.length);
        for (int id : listed) {
            out.add(path[id]);
        }
        return out;
    }
}
