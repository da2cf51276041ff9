package org.pveaudit.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pveaudit.people.People.cluster;
import static org.pveaudit.people.People.disabled;
import static org.pveaudit.people.People.index;
import static org.pveaudit.people.People.named;
import static org.pveaudit.people.People.shape;
import static org.pveaudit.people.People.token;
import static org.pveaudit.people.People.user;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each match key links accounts, and its absence keeps them apart; identities join and separate; root stays alone. */
class PeopleIndexTest {

    @Test
    void theSameEmailLinksAccountsWhateverTheCaseAndSpaces() {
        PeopleIndex idx = index(cluster("prod").user(user("alice@pve", "Alice@Example.com ")),
                cluster("lab").user(user("a.example@corp-ldap", "alice@example.com")));
        assertThat(shape(idx)).containsExactly("lab:a.example@corp-ldap, prod:alice@pve");
    }

    @Test
    void onlyTheConfiguredMatchKeysLink() {
        People.Cluster prod = cluster("prod").user(user("alice@pve", "alice@example.com"), user("svc@pve", null));
        People.Cluster lab = cluster("lab").user(user("a.example@corp-ldap", "alice@example.com"), user("svc@pve", null));
        // the same e-mail no longer links alice; the same user id still links svc
        assertThat(shape(index(Identities.NONE.withKeys(java.util.EnumSet.of(MatchKey.USER_ID)), prod, lab)))
                .containsExactlyInAnyOrder("lab:a.example@corp-ldap", "prod:alice@pve", "lab:svc@pve, prod:svc@pve");
        assertThat(shape(index(Identities.NONE.withKeys(java.util.EnumSet.noneOf(MatchKey.class)), prod, lab)))
                .hasSize(4);
    }

    @Test
    void differentEmailsDoNotLink() {
        PeopleIndex idx = index(cluster("prod").user(user("alice@pve", "alice@example.com")),
                cluster("lab").user(user("a.example@corp-ldap", "alice@other.example")));
        assertThat(shape(idx)).containsExactly("lab:a.example@corp-ldap", "prod:alice@pve");
    }

    @Test
    void theSameDirectoryUserLinksAcrossLdapAdAndOpenidRealms() {
        PeopleIndex idx = index(cluster("prod").user(user("jane@corp-ldap", null)),
                cluster("lab").user(user("Jane@corp-ad", null)), cluster("branch").user(user("jane@sso", null)));
        assertThat(shape(idx)).containsExactly("branch:jane@sso, lab:Jane@corp-ad, prod:jane@corp-ldap");
    }

    @Test
    void theSameNameInPveOrPamRealmsIsNoDirectoryUser() {
        PeopleIndex idx = index(cluster("prod").user(user("jane@corp-ldap", null)),
                cluster("lab").user(user("jane@pve", null)), cluster("branch").user(user("jane@pam", null)));
        assertThat(shape(idx)).containsExactly("branch:jane@pam", "lab:jane@pve", "prod:jane@corp-ldap");
    }

    @Test
    void theSameUserIdOnSeveralClustersLinks() {
        PeopleIndex idx = index(cluster("prod").user(user("svc-backup@pve", null)),
                cluster("lab").user(user("svc-backup@pve", null)),
                cluster("branch").user(user("svc-backups@pve", null)));
        assertThat(shape(idx)).containsExactly("branch:svc-backups@pve", "lab:svc-backup@pve, prod:svc-backup@pve");
    }

    @Test
    void linksAreTransitive() {
        // prod and lab share an e-mail, lab and branch a directory user: one person
        PeopleIndex idx = index(cluster("prod").user(user("alice@pve", "alice@example.com")),
                cluster("lab").user(user("alice@corp-ldap", "alice@example.com")),
                cluster("branch").user(user("alice@corp-ad", null)));
        assertThat(shape(idx)).containsExactly("branch:alice@corp-ad, lab:alice@corp-ldap, prod:alice@pve");
    }

    @Test
    void rootIsNeverLinkedAcrossClusters() {
        PeopleIndex idx = index(cluster("prod").user(user("root@pam", "ops@example.com")),
                cluster("lab").user(user("root@pam", "ops@example.com"), user("ops@pve", "ops@example.com")));
        assertThat(shape(idx)).containsExactly("lab:ops@pve", "lab:root@pam", "prod:root@pam");
    }

    @Test
    void identitiesJoinAccountsNoKeyLinks() {
        Identities ids = new Identities(List.of(new Identities.Named("Alice Example",
                List.of("prod:alice@pve", "lab:a.example@pve"), "identities.yml:2:5")), List.of());
        PeopleIndex idx = index(ids, cluster("prod").user(user("alice@pve", null)),
                cluster("lab").user(user("a.example@pve", null)));
        assertThat(shape(idx)).containsExactly("lab:a.example@pve, prod:alice@pve");
        assertThat(idx.people().get(0).name()).isEqualTo("Alice Example");
        assertThat(idx.unknown()).isEmpty();
    }

    @Test
    void identitiesSeparateWhatAKeyWouldJoin() {
        Identities ids = new Identities(List.of(), List.of(new Identities.Apart(
                List.of("prod:bob@pve", "lab:bob@pve"), "identities.yml:4:5")));
        PeopleIndex idx = index(ids, cluster("prod").user(user("bob@pve", "team@example.com")),
                cluster("lab").user(user("bob@pve", "team@example.com")));
        assertThat(shape(idx)).containsExactly("lab:bob@pve", "prod:bob@pve");
    }

    @Test
    void separateHoldsAgainstATransitiveLink() {
        // prod:bob and lab:bob would meet through branch:bob; branch joins one of them, not both
        Identities ids = new Identities(List.of(), List.of(new Identities.Apart(
                List.of("prod:bob@pve", "lab:bob@pve"), "identities.yml:4:5")));
        PeopleIndex idx = index(ids, cluster("prod").user(user("bob@pve", null)),
                cluster("lab").user(user("bob@pve", null)), cluster("branch").user(user("bob@pve", null)));
        assertThat(shape(idx)).hasSize(2);
        assertThat(shape(idx)).noneMatch(s -> s.contains("prod:bob@pve") && s.contains("lab:bob@pve"));
    }

    @Test
    void identitiesNamingNoAccountAreReported() {
        Identities ids = new Identities(List.of(new Identities.Named("Gone", List.of("prod:gone@pve"),
                "identities.yml:2:5")), List.of());
        PeopleIndex idx = index(ids, cluster("prod").user(user("alice@pve", null)));
        assertThat(idx.unknown()).containsExactly("identities.yml:2:5: prod:gone@pve (people: Gone)");
    }

    @Test
    void accountsCarryRealmStateTokensAndAdministratorEquivalence() {
        PeopleIndex idx = index(cluster("prod").user(user("alice@corp-ldap", "alice@example.com"))
                        .token(token("alice@corp-ldap!cli")).admin("alice@corp-ldap"),
                cluster("lab").user(disabled("alice@pve", "alice@example.com")));
        Person alice = idx.people().get(0);
        Account prod = alice.accounts().get(1);
        assertThat(prod.id()).isEqualTo("prod:alice@corp-ldap");
        assertThat(prod.realm()).isEqualTo("corp-ldap");
        assertThat(prod.realmType()).isEqualTo("ldap");
        assertThat(prod.active()).isTrue();
        assertThat(prod.adminEquivalent()).isTrue();
        assertThat(prod.tokens()).extracting(t -> t.id()).containsExactly("alice@corp-ldap!cli");
        Account lab = alice.accounts().get(0);
        assertThat(lab.active()).isFalse();
        assertThat(lab.adminEquivalent()).isFalse();
        assertThat(alice.name()).isEqualTo("alice@example.com");
    }

    @Test
    void aPersonIsNamedByFirstAndLastNameAndFoundByAnyOfItsNames() {
        PeopleIndex idx = index(cluster("prod").user(named("jdoe@corp-ad", "John", "Doe")),
                cluster("lab").user(user("jdoe@corp-ldap", "John.Doe@example.com")));
        Person john = idx.people().get(0);
        assertThat(john.name()).isEqualTo("John Doe");
        assertThat(john.key()).isEqualTo("lab:jdoe@corp-ldap");
        for (String name : List.of("john doe", "JOHN.DOE@example.com", "prod:jdoe@corp-ad", "jdoe@corp-ldap", "jdoe",
                "lab:jdoe@corp-ldap")) {
            assertThat(idx.find(name)).as(name).containsExactly(john);
        }
        assertThat(idx.find("jane")).isEmpty();
    }
}
