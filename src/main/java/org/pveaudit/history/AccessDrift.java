package org.pveaudit.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.User;

/**
 * Access drift: what changed in a cluster's access data between two snapshots. Computed from the
 * model records only, so it works on any two stored runs; the result is sorted (object kind, key),
 * so the same two snapshots always give the same list whatever order the source listed things in.
 *
 * <ul>
 *   <li>users added or removed; a user's enabled flag, expiry or realm type changed</li>
 *   <li>groups added or removed; a group's members changed</li>
 *   <li>tokens created or removed; a token's expiry or privilege separation changed</li>
 *   <li>ACL entries per path and principal: added, removed, or a different role set or propagate flag</li>
 *   <li>roles added or removed; a role's privilege set changed</li>
 *   <li>realms added or removed; a realm's type, default flag, TFA or options changed</li>
 * </ul>
 */
public final class AccessDrift {

    /** How a group's description starts: its members follow, sorted and comma-separated. */
    private static final String MEMBERS = "members ";

    private AccessDrift() {
    }

    public static List<DriftEntry> between(ClusterSnapshot before, ClusterSnapshot after) {
        return between(after.cluster(), facts(before), facts(after));
    }

    /**
     * The drift between two sets of facts of one cluster. Facts present on both sides may be left out
     * of both: the result is the same, which lets a diff pass only the facts whose ids differ.
     */
    public static List<DriftEntry> between(String cluster, Collection<AccessFact> before,
                                           Collection<AccessFact> after) {
        SortedMap<String, AccessFact> b = byKind(before);
        SortedMap<String, AccessFact> a = byKind(after);
        TreeSet<String> keys = new TreeSet<>(b.keySet());
        keys.addAll(a.keySet());
        List<DriftEntry> out = new ArrayList<>();
        for (String k : keys) {
            AccessFact fb = b.get(k);
            AccessFact fa = a.get(k);
            if (fb == null) {
                out.add(new DriftEntry(cluster, fa.object(), DriftEntry.Change.ADDED, fa.key(), null, fa.description()));
            } else if (fa == null) {
                out.add(new DriftEntry(cluster, fb.object(), DriftEntry.Change.REMOVED, fb.key(), fb.description(), null));
            } else if (!fb.description().equals(fa.description())) {
                String[] diff = onlyDifferent(fb.description(), fa.description());
                out.add(new DriftEntry(cluster, fa.object(), DriftEntry.Change.CHANGED, fa.key(), diff[0], diff[1]));
            }
        }
        return out;
    }

    /** Every access object of the snapshot that drift compares, with its description, in drift's order. */
    public static List<AccessFact> facts(ClusterSnapshot s) {
        List<AccessFact> out = new ArrayList<>();
        add(out, DriftEntry.ObjectKind.USER, index(s.users(), User::id), AccessDrift::user);
        add(out, DriftEntry.ObjectKind.GROUP, index(s.groups(), Group::id),
                g -> MEMBERS + String.join(",", new TreeSet<>(g.members())));
        add(out, DriftEntry.ObjectKind.TOKEN, index(s.tokens(), ApiToken::id), AccessDrift::token);
        add(out, DriftEntry.ObjectKind.ACL, acl(s.acl()), Function.identity());
        add(out, DriftEntry.ObjectKind.ROLE, index(s.roles(), Role::id), r -> String.join(",", r.privileges()));
        add(out, DriftEntry.ObjectKind.REALM, index(s.realms(), Realm::id), AccessDrift::realm);
        return out;
    }

    /**
     * The members a group's description names (a group has one attribute, so a drift entry keeps all of it); none
     * for null, the side an added or removed group lacks.
     */
    static Set<String> members(String description) {
        if (description == null || !description.startsWith(MEMBERS) || description.length() == MEMBERS.length()) {
            return Set.of();
        }
        return Set.copyOf(List.of(description.substring(MEMBERS.length()).split(",")));
    }

    private static <T> void add(List<AccessFact> out, DriftEntry.ObjectKind kind, SortedMap<String, T> items,
                                Function<T, String> describe) {
        items.forEach((key, item) -> out.add(new AccessFact(kind, key, describe.apply(item))));
    }

    /** Facts keyed so that the natural order is drift's: kind (in enum order), then key. */
    private static SortedMap<String, AccessFact> byKind(Collection<AccessFact> facts) {
        SortedMap<String, AccessFact> m = new TreeMap<>();
        facts.forEach(f -> m.put((char) ('A' + f.object().ordinal()) + f.key(), f));
        return m;
    }

    /** Keeps only the {@code ; }-separated attributes that differ, so "a 1; b 2" vs "a 1; b 3" gives "b 2"/"b 3". */
    private static String[] onlyDifferent(String before, String after) {
        String[] b = before.split("; ");
        String[] a = after.split("; ");
        if (b.length != a.length) {
            return new String[] {before, after};
        }
        List<String> kb = new ArrayList<>();
        List<String> ka = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (!b[i].equals(a[i])) {
                kb.add(b[i]);
                ka.add(a[i]);
            }
        }
        return new String[] {String.join("; ", kb), String.join("; ", ka)};
    }

    private static <T> SortedMap<String, T> index(Collection<T> items, Function<T, String> key) {
        SortedMap<String, T> map = new TreeMap<>();
        items.forEach(i -> map.put(key.apply(i), i));
        return map;
    }

    /** ACL entries grouped by path and principal; the value lists each role with its propagate flag. */
    private static SortedMap<String, String> acl(List<AclEntry> entries) {
        SortedMap<String, SortedSet<String>> grants = new TreeMap<>();
        for (AclEntry e : entries) {
            String key = e.path() + "|" + e.principal().spelling();
            grants.computeIfAbsent(key, k -> new TreeSet<>()).add(e.role() + (e.propagate() ? "" : " (no propagate)"));
        }
        SortedMap<String, String> out = new TreeMap<>();
        grants.forEach((k, roles) -> out.put(k, "roles " + String.join(",", roles)));
        return out;
    }

    private static String user(User u) {
        return "enabled " + (u.enabled() ? 1 : 0) + "; expire " + epoch(u.expire()) + "; realm-type "
                + Objects.requireNonNullElse(u.realmType(), "-");
    }

    private static String token(ApiToken t) {
        return "expire " + epoch(t.expire()) + "; privsep " + (t.privsep() ? 1 : 0);
    }

    private static String realm(Realm r) {
        StringBuilder s = new StringBuilder("type " + r.type() + "; default " + (r.defaultRealm() ? 1 : 0) + "; tfa "
                + Objects.requireNonNullElse(r.tfa(), "-"));
        r.options().forEach((k, v) -> s.append("; ").append(k).append(' ').append(v));
        return s.toString();
    }

    private static String epoch(long seconds) {
        return seconds == 0 ? "never" : Instant.ofEpochSecond(seconds).toString().replace("T00:00:00Z", "");
    }
}
