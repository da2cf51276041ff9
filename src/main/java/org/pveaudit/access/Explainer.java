package org.pveaudit.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.Principal;

/** Replays the resolution of one principal at one path, recording what each ACL entry did. */
final class Explainer {

    private final AccessModel model;
    private final AclIndex index;

    Explainer(AccessModel model, AclIndex index) {
        this.model = model;
        this.index = index;
    }

    Explanation explain(String principal, String path) {
        SortedMap<String, Boolean> privileges = model.privileges(principal, path);
        List<ExplainedEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (Principal.ROOT.equals(principal)) {
            ownEntries(principal, path, Principal.Kind.USER, entries, Reason.ROOT);
            notes.add(Reason.ROOT.text());
            return new Explanation(principal, path, model.roles(principal, path), privileges, entries, notes, null);
        }
        if (AccessModel.isTokenId(principal)) {
            ApiToken t = model.token(principal);
            if (t == null) {
                notes.add("unknown token: no privileges");
                ignored(principal, path, entries);
                return new Explanation(principal, path, sorted(Map.of()), privileges, entries, notes, null);
            }
            Explanation owner = explain(t.owner(), path);
            if (!t.privsep()) {
                ownEntries(principal, path, Principal.Kind.TOKEN, entries, Reason.PRIVSEP0_OWNER);
                notes.add(Reason.PRIVSEP0_OWNER.text() + " (owner " + t.owner() + ")");
                return new Explanation(principal, path, model.roles(principal, path), privileges, entries, notes,
                        owner);
            }
            Map<String, Boolean> roles = subject(principal, path, entries);
            if (Principal.ROOT.equals(t.owner())) {
                notes.add("privilege-separated token of root@pam: only its own entries count (no intersection)");
            } else {
                List<String> own = new ArrayList<>();
                PrivilegeBits bits = model.bits();
                long ownBits = 0;
                for (String r : roles.keySet()) {
                    ownBits |= bits.ofRole(r);
                }
                long ownerBits = model.resolve(t.owner(), path)[0];
                own.addAll(bits.names(ownBits & ~ownerBits));
                notes.add(Reason.TOKEN_INTERSECTION.text() + " (owner " + t.owner() + ")"
                        + (own.isEmpty() ? "" : "; removed: " + String.join(", ", own)));
            }
            return new Explanation(principal, path, sorted(roles), privileges, entries, notes, owner);
        }
        Map<String, Boolean> roles = subject(principal, path, entries);
        return new Explanation(principal, path, sorted(roles), privileges, entries, notes, null);
    }

    /** Walk, pool merge and NoAccess for a user or privilege-separated token; returns the merged roles. */
    private Map<String, Boolean> subject(String who, String path, List<ExplainedEntry> out) {
        List<AclEntry> winners = walk(who, path, out, true);
        boolean regularNoAccess = winners.stream().anyMatch(e -> e.role().equals(AccessModel.NO_ACCESS));
        List<String> pools = model.poolsOf(path);
        List<AclEntry> poolWinners = new ArrayList<>();
        List<String> poolOf = new ArrayList<>();
        boolean poolNoAccess = false;
        for (String pool : pools) {
            List<AclEntry> w = walk(who, "/pool/" + pool, new ArrayList<>(), false);
            boolean na = w.stream().anyMatch(e -> e.role().equals(AccessModel.NO_ACCESS));
            for (AclEntry e : w) {
                if (na && !e.role().equals(AccessModel.NO_ACCESS)) {
                    out.add(new ExplainedEntry(e, false, Reason.NO_ACCESS, "on pool " + pool));
                } else {
                    poolWinners.add(e);
                    poolOf.add(pool);
                }
            }
            poolNoAccess |= na;
        }
        for (AclEntry e : winners) {
            boolean exact = e.path().equals(path);
            if (regularNoAccess && !e.role().equals(AccessModel.NO_ACCESS)) {
                out.add(new ExplainedEntry(e, false, Reason.NO_ACCESS, "NoAccess is in the resolved role set"));
            } else if (!regularNoAccess && poolNoAccess) {
                out.add(new ExplainedEntry(e, false, Reason.POOL_NO_ACCESS, "pool NoAccess wins"));
            } else {
                out.add(new ExplainedEntry(e, true, exact ? Reason.EXACT_PATH : Reason.PROPAGATED,
                        exact ? "" : "from " + e.path()));
            }
        }
        for (int i = 0; i < poolWinners.size(); i++) {
            AclEntry e = poolWinners.get(i);
            String pool = poolOf.get(i);
            if (regularNoAccess) {
                out.add(new ExplainedEntry(e, false, Reason.NO_ACCESS,
                        "regular NoAccess is never overridden by pool " + pool));
            } else if (poolNoAccess) {
                boolean na = e.role().equals(AccessModel.NO_ACCESS);
                out.add(new ExplainedEntry(e, na, na ? Reason.POOL_NO_ACCESS : Reason.NO_ACCESS, "pool " + pool));
            } else {
                out.add(new ExplainedEntry(e, true, Reason.POOL_MERGE, "pool " + pool + " (flag 0)"));
            }
        }
        ignored(who, path, out);
        return model.regularWithPools(who, path);
    }

    /**
     * The role walk of reference 2.3 with every entry annotated; returns the entries in force at the
     * end (before NoAccess cancels). Overridden entries are recorded only if {@code record}.
     */
    private List<AclEntry> walk(String who, String path, List<ExplainedEntry> out, boolean record) {
        List<AclEntry> current = new ArrayList<>();
        List<String> walk = RoleWalk.prefixes(path);
        for (int i = 0; i < walk.size(); i++) {
            String nodePath = walk.get(i);
            AclIndex.Node node = index.nodes.get(nodePath);
            if (node == null) {
                continue;
            }
            boolean last = i == walk.size() - 1;
            List<List<AclEntry>> kinds = List.of(values(node.tokens.get(who)), values(node.users.get(who)),
                    groupEntries(node, who));
            int winner = -1;
            for (int k = 0; k < 3 && winner < 0; k++) {
                for (AclEntry e : kinds.get(k)) {
                    if (last || e.propagate()) {
                        winner = k;
                        break;
                    }
                }
            }
            List<AclEntry> next = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                for (AclEntry e : kinds.get(k)) {
                    boolean applicable = last || e.propagate();
                    if (k == winner && applicable) {
                        next.add(e);
                    } else if (record && !applicable) {
                        out.add(new ExplainedEntry(e, false, Reason.NOT_PROPAGATED, "on " + nodePath));
                    } else if (record) {
                        out.add(new ExplainedEntry(e, false,
                                winner == 0 ? Reason.TOKEN_OVER_USER : Reason.USER_OVER_GROUP, "at " + nodePath));
                    }
                }
            }
            if (!next.isEmpty()) {
                if (record) {
                    for (AclEntry e : current) {
                        out.add(new ExplainedEntry(e, false, Reason.REPLACED_BY_DEEPER_PATH, "by " + nodePath));
                    }
                }
                current = next;
            }
        }
        return current;
    }

    private List<AclEntry> groupEntries(AclIndex.Node node, String who) {
        if (node.groups.isEmpty()) {
            return List.of();
        }
        List<AclEntry> out = new ArrayList<>();
        for (String g : index.groupsOf(who)) {
            out.addAll(values(node.groups.get(g)));
        }
        return out;
    }

    private static List<AclEntry> values(Map<String, AclEntry> m) {
        return m == null ? List.of() : new ArrayList<>(m.values());
    }

    /** The principal's own entries on the path and its ancestors, all marked not decisive. */
    private void ownEntries(String who, String path, Principal.Kind kind, List<ExplainedEntry> out, Reason reason) {
        for (String p : RoleWalk.prefixes(path)) {
            AclIndex.Node node = index.nodes.get(p);
            if (node != null) {
                values(node.of(kind).get(who)).forEach(e -> out.add(new ExplainedEntry(e, false, reason, "")));
            }
        }
    }

    /** Entries Proxmox drops (unknown role or token) that would otherwise concern this principal here. */
    private void ignored(String who, String path, List<ExplainedEntry> out) {
        List<String> prefixes = RoleWalk.prefixes(path);
        for (AclIndex.Ignored ig : index.ignored) {
            AclEntry e = ig.entry();
            boolean mine = e.principal().id().equals(who) && e.principal().kind() != Principal.Kind.GROUP
                    || e.principal().kind() == Principal.Kind.GROUP && index.groupsOf(who).contains(e.principal().id());
            if (mine && prefixes.contains(e.path())) {
                out.add(new ExplainedEntry(e, false, ig.reason(), ""));
            }
        }
    }

    private static SortedMap<String, Boolean> sorted(Map<String, Boolean> m) {
        SortedMap<String, Boolean> out = new TreeMap<>(PrivilegeBits::compareBytes);
        out.putAll(m);
        return Collections.unmodifiableSortedMap(out);
    }
}
