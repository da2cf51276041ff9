package org.pveaudit.access;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.User;

/**
 * The ACL tree as Proxmox keeps it (per path: users, groups, tokens → role → propagate), plus the
 * same entries indexed by principal so one principal's view can be computed without scanning the tree.
 */
final class AclIndex {

    /** One tree node: who holds which role there, with the propagate flag (the last entry wins). */
    static final class Node {
        final Map<String, Map<String, AclEntry>> users = new LinkedHashMap<>();
        final Map<String, Map<String, AclEntry>> groups = new LinkedHashMap<>();
        final Map<String, Map<String, AclEntry>> tokens = new LinkedHashMap<>();

        Map<String, Map<String, AclEntry>> of(Principal.Kind kind) {
            return switch (kind) {
                case USER -> users;
                case GROUP -> groups;
                case TOKEN -> tokens;
            };
        }
    }

    /** One segment of the tree: the node at that path (null when no entry lands there) and the segments below. */
    private static final class Step {
        Node node;
        Map<String, Step> below;
    }

    /** Visits the nodes on a path. */
    interface NodeVisitor {
        /** @param last whether the node is at the path itself rather than above it */
        void visit(Node node, boolean last);
    }

    /** An entry Proxmox would not keep, and why. */
    record Ignored(AclEntry entry, Reason reason) {
    }

    final Map<String, Node> nodes = new HashMap<>();
    /** The same nodes as a tree of path segments, so a walk down a path costs the length of the path. */
    private final Step root = new Step();
    final Map<String, List<AclEntry>> byUser = new HashMap<>();
    final Map<String, List<AclEntry>> byGroup = new HashMap<>();
    final Map<String, List<AclEntry>> byToken = new HashMap<>();
    final Map<String, Set<String>> groupsOfUser = new HashMap<>();
    final Map<String, Set<String>> membersOfGroup = new HashMap<>();
    final List<Ignored> ignored = new ArrayList<>();

    AclIndex(ClusterSnapshot snapshot, PrivilegeBits privileges, Map<String, ApiToken> tokens) {
        for (Group g : snapshot.groups()) {
            for (String m : g.members()) {
                link(m, g.id());
            }
        }
        for (User u : snapshot.users()) {
            for (String g : u.groups()) {
                link(u.id(), g);
            }
        }
        for (AclEntry e : snapshot.acl()) {
            // The node exists even when its entries count for nothing: Proxmox created it when it read the
            // line, and a token whose user line is repeated further down (which resets the user and its
            // tokens) loses its entries' effect but not their node. So the path stays relevant.
            Node node = nodes.computeIfAbsent(e.path(), p -> new Node());
            if (!privileges.isKnownRole(e.role())) {
                ignored.add(new Ignored(e, Reason.UNKNOWN_ROLE));
                continue;
            }
            if (e.principal().kind() == Principal.Kind.TOKEN && !tokens.containsKey(e.principal().id())) {
                ignored.add(new Ignored(e, Reason.UNKNOWN_TOKEN));
                continue;
            }
            node.of(e.principal().kind()).computeIfAbsent(e.principal().id(), k -> new LinkedHashMap<>())
                    .put(e.role(), e);
        }
        nodes.computeIfAbsent("/", p -> new Node());
        nodes.forEach(this::file);
        nodes.forEach((path, node) -> {
            node.users.forEach((id, roles) -> byUser.computeIfAbsent(id, k -> new ArrayList<>()).addAll(roles.values()));
            node.groups.forEach((id, roles) -> byGroup.computeIfAbsent(id, k -> new ArrayList<>()).addAll(roles.values()));
            node.tokens.forEach((id, roles) -> byToken.computeIfAbsent(id, k -> new ArrayList<>()).addAll(roles.values()));
        });
    }

    private void file(String path, Node node) {
        Step s = root;
        for (int i = 1; i < path.length(); ) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? path.length() : slash;
            if (s.below == null) {
                s.below = new HashMap<>();
            }
            s = s.below.computeIfAbsent(path.substring(i, end), k -> new Step());
            i = end + 1;
        }
        s.node = node;
    }

    /**
     * Visits the nodes from {@code /} down to a normalised path, as the role walk of reference 2.3 does:
     * in time proportional to the path's length, whatever its depth.
     */
    void walk(String path, NodeVisitor visitor) {
        Step s = root;
        if (s.node != null) {
            visitor.visit(s.node, path.equals("/"));
        }
        if (!path.startsWith("/")) {
            return;
        }
        for (int i = 1; i < path.length(); ) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? path.length() : slash;
            // an empty segment (a path that is not normalised) matches no node, nor does anything below it
            s = end == i || s.below == null ? null : s.below.get(path.substring(i, end));
            if (s == null) {
                return;
            }
            if (s.node != null) {
                visitor.visit(s.node, end == path.length());
            }
            i = end + 1;
        }
    }

    private void link(String user, String group) {
        groupsOfUser.computeIfAbsent(user, k -> new LinkedHashSet<>()).add(group);
        membersOfGroup.computeIfAbsent(group, k -> new LinkedHashSet<>()).add(user);
    }

    Set<String> groupsOf(String user) {
        return groupsOfUser.getOrDefault(user, Set.of());
    }

}
