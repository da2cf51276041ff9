package org.pveaudit.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pveaudit.access.PrivilegeRow;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Role;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.TfaFactor;
import org.pveaudit.model.User;
import org.pveaudit.model.UserTfa;
import org.pveaudit.rules.ClusterView;

/**
 * What an access review goes through, one row per user and token: the grants it has (directly,
 * through a group, or as a token), and the escalation privileges it effectively holds. What the
 * permission engine says ({@link Held}) is worked out once per cluster and kept; the grants are read
 * off the snapshot when the rows are written, so a run of many clusters does not keep them all.
 */
final class AccessReview {

    /** Privileges that let their holder widen its own or others' access (reference section 6). */
    static final List<String> ESCALATION = List.of("Permissions.Modify", "Sys.Modify", "User.Modify",
            "Realm.Allocate", "Realm.AllocateUser", "Group.Allocate", "Sys.Console");
    /** What the privileged-access summary calls holding every privilege of the Administrator role. */
    static final String ADMINISTRATOR = "Administrator (every privilege)";
    /** Subtrees named per holding; the rest are counted. */
    static final int TOP_REGIONS = 10;

    /**
     * One principal under review: who it is (realm, expiry in epoch seconds, 0 never; second factors, or why
     * they are not known; groups), the grants from the snapshot and what the engine says it holds.
     */
    record Row(String cluster, String principal, String kind, boolean enabled, String realm, long expire,
               String tfa, List<String> groups, List<String> grants, Held held) {
    }

    /**
     * What the permission engine says of one user or token: whether it is latent, on how many relevant paths
     * it holds privileges, where it holds each escalation privilege ({@code escalation}: privilege to "/" or
     * "first path +n"), and in which subtrees it holds all of Administrator's privileges and each escalation
     * privilege ({@code holdings}).
     */
    record Held(String kind, boolean latent, int privilegedPaths, Map<String, String> escalation,
                List<Holding> holdings) {
    }

    /**
     * Where a principal holds a privilege (or all of Administrator's): on how many relevant paths, in how many
     * subtrees, and the first {@link #TOP_REGIONS} of them.
     */
    record Holding(String privilege, int paths, int regions, List<PrivilegeRow.Region> top) {

        static Holding of(String privilege, PrivilegeRow.Where where) {
            return new Holding(privilege, where.paths(), where.regions(), List.copyOf(where.first()));
        }
    }

    private AccessReview() {
    }

    /** The engine's part for every user (snapshot order), each followed by its tokens. */
    static Map<String, Held> held(ClusterView view) {
        ClusterSnapshot s = view.snapshot();
        Map<String, List<ApiToken>> tokensOf = tokensOf(s);
        Map<String, Held> out = new LinkedHashMap<>();
        PrivilegeRow.Scratch scratch = new PrivilegeRow.Scratch();
        for (User u : s.users()) {
            out.put(u.id(), held(view, u.id(), "user", scratch));
            for (ApiToken t : tokensOf.getOrDefault(u.id(), List.of())) {
                out.put(t.id(), held(view, t.id(), "token", scratch));
            }
        }
        return out;
    }

    private static Held held(ClusterView view, String id, String kind, PrivilegeRow.Scratch scratch) {
        return new Held(kind, view.latent(id), view.row(id).nonEmptyPaths(), escalation(view, id),
                holdings(view, id, scratch));
    }

    /** The review rows of a cluster: grants from the snapshot, the rest from {@link #held}. */
    static List<Row> rows(ClusterSnapshot s, Map<String, Held> held) {
        Map<String, List<String>> grants = new TreeMap<>();
        Map<String, Group> groups = new HashMap<>();
        s.groups().forEach(g -> groups.put(g.id(), g));
        for (AclEntry a : s.acl()) {
            String grant = a.role() + " on " + a.path() + (a.propagate() ? "" : " (not propagated)");
            if (a.principal().kind() == Principal.Kind.GROUP) {
                Group g = groups.get(a.principal().id());
                if (g != null) {
                    g.members().forEach(m -> grants.computeIfAbsent(m, k -> new ArrayList<>())
                            .add(grant + " via @" + g.id()));
                }
            } else {
                grants.computeIfAbsent(a.principal().id(), k -> new ArrayList<>()).add(grant);
            }
        }
        Map<String, List<ApiToken>> tokensOf = tokensOf(s);
        Map<String, UserTfa> tfa = new HashMap<>();
        s.tfa().forEach(t -> tfa.put(t.userId(), t));
        boolean tfaRead = !s.missing().contains(Dataset.TFA);
        List<Row> rows = new ArrayList<>();
        for (User u : s.users()) {
            String realm = realmOf(u.id());
            rows.add(new Row(s.cluster(), u.id(), "user", u.enabled(), realm, u.expire(),
                    tfaRead ? factors(tfa.get(u.id())) : "not read", u.groups(), Principal.ROOT.equals(u.id())
                    ? List.of("Administrator everywhere (root@pam)") : grants.getOrDefault(u.id(), List.of()),
                    held.get(u.id())));
            for (ApiToken t : tokensOf.getOrDefault(u.id(), List.of())) {
                List<String> own = new ArrayList<>(grants.getOrDefault(t.id(), List.of()));
                if (!t.privsep()) {
                    own.add(0, "all privileges of " + u.id() + " (privsep 0; own ACL entries ignored)");
                }
                rows.add(new Row(s.cluster(), t.id(), "token", true, realm, t.expire(), "", List.of(), own,
                        held.get(t.id())));
            }
        }
        return rows;
    }

    private static String realmOf(String userId) {
        int at = userId.lastIndexOf('@');
        return at < 0 ? "" : userId.substring(at + 1);
    }

    /** A user's enabled second factors by type ("totp, webauthn"), or "none". */
    private static String factors(UserTfa t) {
        List<String> types = t == null ? List.of() : t.factors().stream().filter(TfaFactor::enabled)
                .map(TfaFactor::type).distinct().sorted().toList();
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    private static Map<String, List<ApiToken>> tokensOf(ClusterSnapshot s) {
        Map<String, List<ApiToken>> tokensOf = new HashMap<>();
        s.tokens().forEach(t -> tokensOf.computeIfAbsent(t.owner(), k -> new ArrayList<>()).add(t));
        return tokensOf;
    }

    /** The subtrees where the principal holds every privilege of Administrator ("/vms (3 paths), /pool/dev"), or "". */
    static String administratorOn(Held held) {
        return held.holdings().stream().filter(h -> h.privilege().equals(ADMINISTRATOR))
                .map(PrivilegedAccessSheet::where).findFirst().orElse("");
    }

    /** Each escalation privilege held and where ("Permissions.Modify @ /, Sys.Modify @ /nodes/pve1 +2"), or "". */
    static String escalationPrivileges(Held held) {
        return String.join(", ", held.escalation().entrySet().stream().map(e -> e.getKey() + " @ " + e.getValue())
                .toList());
    }

    /** For each escalation privilege held: "/" when at the root, else the first path and how many more. */
    static Map<String, String> escalation(ClusterView view, String principal) {
        PrivilegeRow row = view.row(principal);
        Map<String, String> out = new TreeMap<>();
        for (String privilege : ESCALATION) {
            PrivilegeRow.Held held = row.held(privilege);
            if (held != null) {
                out.put(privilege, held.atRoot() ? "/"
                        : held.firstPath() + (held.paths() > 1 ? " +" + (held.paths() - 1) : ""));
            }
        }
        return out;
    }

    /** Where the principal holds all of Administrator's privileges, then each escalation privilege, as subtrees. */
    static List<Holding> holdings(ClusterView view, String principal, PrivilegeRow.Scratch scratch) {
        PrivilegeRow row = view.row(principal);
        List<Holding> out = new ArrayList<>();
        Role admin = view.role("Administrator");
        if (admin != null) {
            PrivilegeRow.Where all = row.whereAll(admin.privileges(), TOP_REGIONS, scratch);
            if (all.regions() > 0) {
                out.add(Holding.of(ADMINISTRATOR, all));
            }
        }
        for (String privilege : ESCALATION) {
            PrivilegeRow.Where where = row.where(privilege, TOP_REGIONS, scratch);
            if (where.regions() > 0) {
                out.add(Holding.of(privilege, where));
            }
        }
        return out;
    }
}
