package org.pveaudit.people;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Principal;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;
import org.pveaudit.rules.ClusterView;

/** Hand-built clusters for the people tests: realms pam, pve, corp-ldap, local-ldap (ldap), corp-ad, sso (openid). */
final class People {

    static final long NOW = 1_800_000_000L;

    private People() {
    }

    static User user(String id, String email) {
        return new User(id, true, 0, null, null, email, null, null, List.of(), null, false, 0);
    }

    static User disabled(String id, String email) {
        return new User(id, false, 0, null, null, email, null, null, List.of(), null, false, 0);
    }

    static User expired(String id, String email) {
        return new User(id, true, NOW - 1, null, null, email, null, null, List.of(), null, false, 0);
    }

    static User named(String id, String first, String last) {
        return new User(id, true, 0, first, last, null, null, null, List.of(), null, false, 0);
    }

    static ApiToken token(String id) {
        return new ApiToken(id, 0, true, null);
    }

    /** A cluster builder with the realms and built-in roles. */
    static Cluster cluster(String name) {
        return new Cluster(name);
    }

    /** Collects users, tokens and Administrator grants of one cluster. */
    static final class Cluster {
        private final Snapshots.Builder b;
        private final List<AclEntry> acl = new ArrayList<>();

        Cluster(String name) {
            b = Snapshots.builder().cluster(name).roles(PrivilegeCatalog.of(PveRelease.PVE9).builtInRoleList())
                    .realm(realm("pam", "pam"), realm("pve", "pve"), realm("corp-ldap", "ldap"),
                            realm("corp-ad", "ad"), realm("sso", "openid"), realm("local-ldap", "ldap"));
        }

        private static Realm realm(String id, String type) {
            return new Realm(id, type, false, null, null, Map.of());
        }

        Cluster user(User... users) {
            b.user(users);
            return this;
        }

        Cluster token(ApiToken... tokens) {
            b.token(tokens);
            return this;
        }

        Cluster admin(String userId) {
            acl.add(new AclEntry("/", Principal.user(userId), PrivilegeCatalog.ADMINISTRATOR, true));
            return this;
        }

        ClusterSnapshot build() {
            return b.acl(acl).build();
        }
    }

    static PeopleIndex index(Identities identities, Cluster... clusters) {
        List<ClusterSnapshot> snapshots = java.util.Arrays.stream(clusters).map(Cluster::build).toList();
        java.util.Map<String, ClusterSnapshot> byName = new java.util.HashMap<>();
        snapshots.forEach(s -> byName.put(s.cluster(), s));
        return PeopleIndex.of(snapshots, identities, NOW,
                (c, user) -> new ClusterView(byName.get(c), NOW).adminEquivalent(user));
    }

    static PeopleIndex index(Cluster... clusters) {
        return index(Identities.NONE, clusters);
    }

    /** The people as "key: account, account", for compact assertions. */
    static List<String> shape(PeopleIndex index) {
        return index.people().stream().map(p -> String.join(", ", p.accounts().stream().map(Account::id).toList()))
                .sorted().toList();
    }
}
