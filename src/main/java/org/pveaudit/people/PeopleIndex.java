package org.pveaudit.people;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Principal;
import org.pveaudit.model.User;

/**
 * The people behind the accounts of several clusters. Accounts are linked by match keys, in this order: an
 * entry of {@code identities.yml}; the same e-mail (case-insensitive, trimmed); the same directory user (the
 * same user name in realms of type ldap, ad or openid); the same user id. Two accounts sharing any key are one
 * person (union-find), unless {@code separate} keeps them apart. {@code root@pam} is never linked: each
 * cluster's root is its own account. {@code unknown} lists the identities entries naming no account.
 */
public record PeopleIndex(List<Person> people, long now, List<String> unknown) {

    /** Realm types whose user names name one directory entry, whichever realm of that type holds them. */
    static final Set<String> DIRECTORY_TYPES = Set.of("ldap", "ad", "openid");

    public PeopleIndex {
        people = List.copyOf(people);
        unknown = List.copyOf(unknown);
    }

    /**
     * Links the user accounts of the snapshots; {@code now} (epoch seconds) decides active and expired, and
     * {@code adminEquivalent} whether a cluster's user holds every privilege of Administrator somewhere (the caller
     * has the engine's answer: this package does not run it).
     */
    public static PeopleIndex of(List<ClusterSnapshot> snapshots, Identities identities, long now,
                                 BiPredicate<String, String> adminEquivalent) {
        return of(snapshots.stream().map(s -> accounts(s, now, user -> adminEquivalent.test(s.cluster(), user)))
                .toList(), identities, now);
    }

    /**
     * What linking needs of one cluster: its user accounts (with their tokens) and users. Small beside the
     * snapshot: a run keeps this of each cluster, not the snapshot, until every cluster is read.
     */
    public record ClusterAccounts(List<Account> accounts, Map<String, User> users) {

        public ClusterAccounts {
            accounts = List.copyOf(accounts);
            users = Map.copyOf(users);
        }
    }

    /** A cluster's accounts as of {@code now}; {@code adminEquivalent} answers for its users. */
    public static ClusterAccounts accounts(ClusterSnapshot s, long now, Predicate<String> adminEquivalent) {
        List<Account> accounts = new ArrayList<>();
        Map<String, User> users = new HashMap<>();
        Map<String, String> realmTypes = new HashMap<>();
        s.realms().forEach(r -> realmTypes.put(r.id(), r.type()));
        Map<String, List<ApiToken>> tokens = new HashMap<>();
        s.tokens().forEach(t -> tokens.computeIfAbsent(t.owner(), k -> new ArrayList<>()).add(t));
        for (User u : s.users()) {
            String type = u.realmType() != null ? u.realmType() : realmTypes.getOrDefault(u.realm(), "");
            String email = u.email() == null || u.email().isBlank() ? null : u.email().strip();
            Account a = new Account(s.cluster(), u.id(), u.realm(), type, u.enabled(), u.expire(), email,
                    u.activeAt(now), tokens.getOrDefault(u.id(), List.of()), adminEquivalent.test(u.id()));
            accounts.add(a);
            users.put(a.id(), u);
        }
        return new ClusterAccounts(accounts, users);
    }

    /** Links the accounts of the clusters ({@link #accounts}), as {@link #of(List, Identities, long, BiPredicate)}. */
    public static PeopleIndex of(List<ClusterAccounts> clusters, Identities identities, long now) {
        List<Account> accounts = new ArrayList<>();
        Map<String, User> users = new HashMap<>();
        for (ClusterAccounts c : clusters) {
            accounts.addAll(c.accounts());
            users.putAll(c.users());
        }
        accounts.sort(Comparator.comparing(Account::cluster).thenComparing(Account::userId));
        Links links = new Links(accounts, identities);
        Map<String, String> names = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Identities.Named p : identities.people()) {
            List<String> known = p.accounts().stream().filter(links::has).toList();
            p.accounts().stream().filter(id -> !links.has(id))
                    .forEach(id -> unknown.add(p.where() + ": " + id + " (people: " + p.name() + ")"));
            known.forEach(id -> names.put(id, p.name()));
            links.join(known);
        }
        for (Identities.Apart s : identities.separate()) {
            s.accounts().stream().filter(id -> !links.has(id)).forEach(id -> unknown.add(s.where() + ": " + id
                    + " (separate)"));
        }
        Set<MatchKey> keys = identities.keys();
        links.byKey(accounts, a -> !keys.contains(MatchKey.EMAIL) || a.email() == null ? null
                : "mail:" + a.email().toLowerCase(Locale.ROOT));
        links.byKey(accounts, a -> keys.contains(MatchKey.DIRECTORY_USER) && DIRECTORY_TYPES.contains(a.realmType())
                ? "directory:" + a.userName().toLowerCase(Locale.ROOT) : null);
        links.byKey(accounts, a -> keys.contains(MatchKey.USER_ID) ? "id:" + a.userId() : null);
        List<Person> people = new ArrayList<>();
        for (List<Account> group : links.groups(accounts)) {
            people.add(new Person(group.get(0).id(), name(group, names, users), group));
        }
        people.sort(Comparator.comparing((Person p) -> p.name().toLowerCase(Locale.ROOT)).thenComparing(Person::key));
        return new PeopleIndex(people, now, unknown);
    }

    /** The person a cluster's user (or a token's owner) is, or null (root@pam, an account not indexed). */
    public Person of(String cluster, String principal) {
        int bang = principal.indexOf('!');
        String user = bang < 0 ? principal : principal.substring(0, bang);
        for (Person p : people) {
            for (Account a : p.accounts()) {
                if (a.cluster().equals(cluster) && a.userId().equals(user)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The people answering to NAME ({@link Person#answersTo}). */
    public List<Person> find(String name) {
        return people.stream().filter(p -> p.answersTo(name)).toList();
    }

    /**
     * The name identities.yml gives, else the first account's first and last name, else its e-mail, else the
     * user name.
     */
    private static String name(List<Account> group, Map<String, String> names, Map<String, User> users) {
        for (Account a : group) {
            if (names.containsKey(a.id())) {
                return names.get(a.id());
            }
        }
        for (Account a : group) {
            User u = users.get(a.id());
            String full = (blankToEmpty(u.firstname()) + " " + blankToEmpty(u.lastname())).strip();
            if (!full.isEmpty()) {
                return full;
            }
        }
        return group.stream().map(Account::email).filter(e -> e != null).findFirst()
                .orElse(group.get(0).userName());
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** Union-find over account ids, refusing a union that would put two separated accounts together. */
    private static final class Links {
        private final Map<String, String> parent = new HashMap<>();
        private final Map<String, Set<String>> members = new HashMap<>();
        private final Map<String, Set<String>> apart = new HashMap<>();

        Links(List<Account> accounts, Identities identities) {
            accounts.forEach(a -> {
                parent.put(a.id(), a.id());
                members.put(a.id(), new HashSet<>(Set.of(a.id())));
            });
            for (Identities.Apart s : identities.separate()) {
                for (String a : s.accounts()) {
                    for (String b : s.accounts()) {
                        if (!a.equals(b)) {
                            apart.computeIfAbsent(a, k -> new HashSet<>()).add(b);
                        }
                    }
                }
            }
        }

        boolean has(String id) {
            return parent.containsKey(id);
        }

        String root(String id) {
            String r = id;
            while (!parent.get(r).equals(r)) {
                r = parent.get(r);
            }
            parent.put(id, r);
            return r;
        }

        /** Joins the accounts one after the other; a join that separate forbids is left out. */
        void join(List<String> ids) {
            for (int i = 1; i < ids.size(); i++) {
                union(ids.get(0), ids.get(i));
            }
        }

        void union(String a, String b) {
            String ra = root(a);
            String rb = root(b);
            if (ra.equals(rb)) {
                return;
            }
            if (members.get(rb).size() > members.get(ra).size()) {
                String t = ra;
                ra = rb;
                rb = t;
            }
            Set<String> into = members.get(ra);
            for (String m : members.get(rb)) {
                if (apart.getOrDefault(m, Set.of()).stream().anyMatch(into::contains)) {
                    return; // separate wins over every key
                }
            }
            parent.put(rb, ra);
            members.get(ra).addAll(members.remove(rb));
        }

        /** Links the accounts sharing a key; root@pam takes no key (each cluster's root is its own account). */
        void byKey(List<Account> accounts, java.util.function.Function<Account, String> key) {
            Map<String, List<String>> shared = new LinkedHashMap<>();
            for (Account a : accounts) {
                String k = a.userId().equals(Principal.ROOT) ? null : key.apply(a);
                if (k != null) {
                    shared.computeIfAbsent(k, x -> new ArrayList<>()).add(a.id());
                }
            }
            shared.values().forEach(this::join);
        }

        /** The linked accounts, each group in account order, groups in the order of their first account. */
        List<List<Account>> groups(List<Account> accounts) {
            Map<String, List<Account>> groups = new TreeMap<>();
            Map<String, String> first = new LinkedHashMap<>();
            for (Account a : accounts) {
                String r = root(a.id());
                first.putIfAbsent(r, a.id());
                groups.computeIfAbsent(r, k -> new ArrayList<>()).add(a);
            }
            List<List<Account>> out = new ArrayList<>();
            first.keySet().forEach(r -> out.add(groups.get(r)));
            return out;
        }
    }
}
