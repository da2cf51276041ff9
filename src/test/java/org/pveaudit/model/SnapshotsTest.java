package org.pveaudit.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test builder gives what its Javadoc promises, so tests that use it say what they mean. */
class SnapshotsTest {

    private static final User ALICE = new User("alice@pve", true, 0, null, null, null, null, null, List.of(), "pve",
            false, 0);

    @Test
    void unsetPartsAreEmptyOnAnOfflineClusterC1() {
        ClusterSnapshot s = Snapshots.builder().build();

        assertThat(s.identity()).isEqualTo(new ClusterIdentity("c1", "9.1.4", List.of("pve1")));
        assertThat(s.collectedAt()).isEqualTo(Instant.EPOCH);
        assertThat(s.users()).isEmpty();
        assertThat(s.acl()).isEmpty();
        assertThat(s.source()).isNull();
        assertThat(s.coverage()).containsExactly(ClusterSnapshot.OFFLINE_SOURCE);
    }

    @Test
    void singularPartsAppendListsReplaceAndFromKeepsEverything() {
        AclEntry entry = new AclEntry("/", Principal.user("alice@pve"), "PVEAuditor", true);
        ClusterSnapshot s = Snapshots.builder().cluster("prod").user(ALICE).user(ALICE).acl(entry)
                .warning("w1", "w2").build();

        assertThat(s.cluster()).isEqualTo("prod");
        assertThat(s.identity().version()).isEqualTo("9.1.4");
        assertThat(s.users()).hasSize(2);
        assertThat(Snapshots.from(s).users(List.of(ALICE)).build().users()).hasSize(1);
        assertThat(Snapshots.from(s).build()).isEqualTo(s);
        assertThat(Snapshots.from(s).acl(List.of()).build()).isEqualTo(new ClusterSnapshot(s.identity(),
                s.collectedAt(), s.users(), s.tokens(), s.groups(), s.roles(), List.of(), s.realms(), s.tfa(),
                s.pools(), s.gaps(), s.warnings()));
    }
}
