package org.pveaudit.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pveaudit.people.People.cluster;
import static org.pveaudit.people.People.disabled;
import static org.pveaudit.people.People.expired;
import static org.pveaudit.people.People.index;
import static org.pveaudit.people.People.token;
import static org.pveaudit.people.People.user;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.ApiToken;
import org.pveaudit.rules.Severity;

/** Each case of {@link Leavers}, present and absent. */
class LeaversTest {

    private static List<String> found(PeopleIndex idx) {
        return Leavers.of(idx).stream().map(l -> l.severity().key() + " " + l.kind() + ": " + l.message()).toList();
    }

    @Test
    void disabledOnOneClusterButActiveOnAnotherIsHigh() {
        PeopleIndex idx = index(cluster("prod").user(disabled("alice@corp-ldap", "alice@example.com")),
                cluster("lab").user(user("alice@pve", "alice@example.com")));
        assertThat(found(idx)).containsExactly("high INACTIVE_HERE_ACTIVE_THERE: alice@example.com is disabled or "
                + "expired on prod but active on lab");
    }

    @Test
    void expiredCountsAsInactive() {
        PeopleIndex idx = index(cluster("prod").user(expired("alice@pve", null)),
                cluster("lab").user(user("alice@pve", null)));
        assertThat(Leavers.of(idx)).extracting(Leaver::kind).containsExactly(Leaver.Kind.INACTIVE_HERE_ACTIVE_THERE);
    }

    @Test
    void activeEverywhereOrInactiveEverywhereIsNoLeaverStillActive() {
        assertThat(Leavers.of(index(cluster("prod").user(user("alice@pve", null)),
                cluster("lab").user(user("alice@pve", null))))).isEmpty();
        assertThat(Leavers.of(index(cluster("prod").user(disabled("alice@pve", null)),
                cluster("lab").user(expired("alice@pve", null))))).isEmpty();
    }

    @Test
    void anInactiveAccountBesideAnActiveOneOnTheSameClusterIsNoLeaver() {
        PeopleIndex idx = index(cluster("prod").user(disabled("alice@pve", "alice@example.com"),
                user("alice@corp-ldap", "alice@example.com")), cluster("lab").user(user("alice@pve", null)));
        assertThat(Leavers.of(idx)).isEmpty();
    }

    @Test
    void everyAccountInactiveWithTokensLeftIsHigh() {
        PeopleIndex idx = index(cluster("prod").user(disabled("bob@pve", null)).token(token("bob@pve!ci")),
                cluster("lab").user(expired("bob@pve", null)));
        assertThat(found(idx)).containsExactly("high INACTIVE_WITH_TOKENS: bob has no active account but still has "
                + "token prod:bob@pve!ci");
    }

    @Test
    void inactiveWithoutTokensOrOnlyExpiredTokensIsNoLeaver() {
        assertThat(Leavers.of(index(cluster("prod").user(disabled("bob@pve", null))))).isEmpty();
        ApiToken expiredToken = new ApiToken("bob@pve!ci", People.NOW - 10, true, null);
        assertThat(Leavers.of(index(cluster("prod").user(disabled("bob@pve", null)).token(expiredToken)))).isEmpty();
    }

    @Test
    void administratorEquivalentOnMoreThanNClustersIsMedium() {
        PeopleIndex idx = index(cluster("a").user(user("ops@pve", null)).admin("ops@pve"),
                cluster("b").user(user("ops@pve", null)).admin("ops@pve"),
                cluster("c").user(user("ops@pve", null)).admin("ops@pve"));
        assertThat(Leavers.of(idx)).singleElement().satisfies(l -> {
            assertThat(l.kind()).isEqualTo(Leaver.Kind.ADMIN_ON_MANY_CLUSTERS);
            assertThat(l.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(l.message()).isEqualTo("ops is administrator-equivalent on 3 clusters (a, b, c), more than 2");
        });
        assertThat(Leavers.of(idx, 3)).isEmpty();
    }

    @Test
    void administratorEquivalentOnNClustersOrFewerIsNoFinding() {
        PeopleIndex idx = index(cluster("a").user(user("ops@pve", null)).admin("ops@pve"),
                cluster("b").user(user("ops@pve", null)).admin("ops@pve"),
                cluster("c").user(user("ops@pve", null)));
        assertThat(Leavers.of(idx)).isEmpty();
        assertThat(Leavers.of(idx, 1)).extracting(Leaver::kind).containsExactly(Leaver.Kind.ADMIN_ON_MANY_CLUSTERS);
    }
}
