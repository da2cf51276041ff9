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
        // every ancestor is a node; the ACL tree's paths come with theirs, so only pools and the fixed
        // paths add any, and no path text is kept twice (a path thousands of segments deep has thousands
        // of ancestors, each as long as itself)
        Set<String> all = new LinkedHashSet<>(relevant);
        all.add("/");
        for (String p : relevant) {
            String q = p;
            while (!q.equals("/") && all.add(q = parentOf(q))) {
                // walked up to a new ancestor
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
        poolsOf = new int[path.length][];
        memberPools.forEach((member, poolPaths) -> poolsOf[idOf.get(member)] =
                poolPaths.stream().distinct().mapToInt(idOf::get).toArray());
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

    /** Per listed position: the listed position of the nearest listed ancestor, -1 for {@code /}. */
    int[] listedParents() {
        int[] position = new int[path.length];
        java.util.Arrays.fill(position, -1);
        for (int k = 0; k < listed.length; k++) {
            position[listed[k]] = k;
        }
        int[] nearest = new int[path.length];
        for (int i = 0; i < path.length; i++) { // parents come first
            int p = parent[i];
            nearest[i] = p < 0 ? -1 : position[p] >= 0 ? position[p] : nearest[p];
        }
        int[] out = new int[listed.length];
        for (int k = 0; k < listed.length; k++) {
            out[k] = nearest[listed[k]];
        }
        return out;
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
