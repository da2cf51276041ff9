package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;

/** What was read from a cluster: stored, read back, hashed, and compared through its access facts. */
class SnapshotStoreTest extends HistoryDatabaseTest {

    private static final CoverageGap NO_TFA = new CoverageGap(Dataset.TFA, "GET /access/tfa", "403 forbidden");

    private long run() {
        return history.runs().start("v", "c", "p", "high");
    }

    @Test
    void aSavedSnapshotReadsBackEqualAndItsClusterIsCollected() {
        long id = run();
        ClusterSnapshot s = snapshot("prod", List.of("alice@pve", "bob@pve"), NO_TFA);
        history.snapshots().save(id, s);
        assertThat(history.snapshots().snapshot(id, "prod")).isEqualTo(s);
        assertThat(history.clusters().of(id)).singleElement().satisfies(c -> {
            assertThat(c.cluster()).isEqualTo("prod");
            assertThat(c.status()).isEqualTo(ClusterRun.Status.COLLECTED);
            assertThat(c.pveVersion()).isEqualTo("9.1.4");
            assertThat(c.collectedAt()).isEqualTo(Instant.EPOCH);
        });
        assertThat(history.clusters().counts(id)).singleElement().satisfies(c -> assertThat(c.gaps())
                .containsExactly("tfa: GET /access/tfa (403 forbidden)", "source: " + ClusterSnapshot.OFFLINE_SOURCE
                        .source() + " (" + ClusterSnapshot.OFFLINE_SOURCE.reason() + ")"));
        assertThat(jdbc.queryForObject("SELECT gap_count FROM run_cluster", Integer.class)).isEqualTo(2);
        // what was not read, known without reading the snapshot back
        assertThat(history.snapshots().missing(id, "prod")).isEqualTo(s.missing()).containsExactlyInAnyOrder(
                Dataset.TFA, Dataset.SOURCE);
        assertThat(history.snapshots().missing(id, "lab")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheEarlierAttempt() {
        long id = run();
        history.snapshots().save(id, snapshot("prod", List.of("alice@pve")));
        ClusterSnapshot second = snapshot("prod", List.of("carol@pve"));
        history.snapshots().save(id, second);
        assertThat(history.snapshots().snapshot(id, "prod")).isEqualTo(second);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM run_cluster", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM run_access", Integer.class)).isEqualTo(1);
    }

    @Test
    void aClusterNotAuditedHasNoSnapshotAndNoHash() {
        long id = run();
        history.clusters().saveFailed(id, "prod", ClusterRun.Status.NOT_AUDITED, "connection refused");
        assertThat(history.snapshots().snapshot(id, "prod")).isNull();
        assertThat(history.snapshots().accessHash(id, "prod")).isNull();
        assertThat(history.snapshots().accessHash(id, "elsewhere")).isNull();
    }

    @Test
    void theAccessHashIgnoresTheCollectionTimeButNotTheAccessData() {
        ClusterSnapshot s = snapshot("prod", List.of("alice@pve"));
        ClusterSnapshot later = new ClusterSnapshot(s.identity(), Instant.EPOCH.plusSeconds(60), s.users(), s.tokens(),
                s.groups(), s.roles(), s.acl(), s.realms(), s.tfa(), s.pools(), s.gaps(), s.warnings(), s.source());
        assertThat(SnapshotStore.accessHash(later)).isEqualTo(SnapshotStore.accessHash(s)).hasSize(64);
        assertThat(SnapshotStore.accessHash(snapshot("prod", List.of("bob@pve"))))
                .isNotEqualTo(SnapshotStore.accessHash(s));
        long id = run();
        history.snapshots().save(id, later);
        assertThat(history.snapshots().accessHash(id, "prod")).isEqualTo(SnapshotStore.accessHash(s));
    }

    @Test
    void snapshotsAreStoredCompressedAndOldPlainOnesStillRead() {
        ClusterSnapshot s = snapshot("prod", List.of("alice@pve"));
        byte[] stored = SnapshotStore.storedForm(s);
        assertThat(stored[0]).isEqualTo((byte) 0x1f);
        assertThat(stored[1]).isEqualTo((byte) 0x8b);
        byte[] json = SnapshotStore.snapshotJson(stored);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{").contains("alice@pve");
        // before schema 11 the JSON was stored as it is
        assertThat(SnapshotStore.snapshotJson(json)).isEqualTo(json);
        assertThat(SnapshotStore.snapshotJson(new byte[] {0x1f})).containsExactly(0x1f);
        // cut off right after the gzip magic: damaged, never taken for plain JSON
        assertThatThrownBy(() -> SnapshotStore.snapshotJson(new byte[] {0x1f, (byte) 0x8b}))
                .isInstanceOf(HistoryException.class).hasMessageStartingWith("a stored snapshot is damaged");
        assertThatThrownBy(() -> SnapshotStore.snapshotJson(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}))
                .isInstanceOf(HistoryException.class).hasMessageStartingWith("a stored snapshot is damaged");
    }

    @Test
    void aDamagedStoredSnapshotIsSaidWithItsClusterAndRun() {
        long id = run();
        history.snapshots().save(id, snapshot("prod", List.of("alice@pve")));
        jdbc.update("UPDATE run_cluster SET snapshot_json = ?", (Object) "{\"identity\": 3".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> history.snapshots().snapshot(id, "prod")).isInstanceOf(HistoryException.class)
                .hasMessageStartingWith("the stored snapshot of prod in run " + id + " is damaged: ");
    }

    @Test
    void driftBetweenTwoRunsComesFromTheFactsAndWithoutThemFromTheSnapshots() {
        long a = run();
        history.snapshots().save(a, snapshot("prod", List.of("alice@pve", "bob@pve")));
        long b = run();
        history.snapshots().save(b, snapshot("prod", List.of("alice@pve", "carol@pve")));
        List<DriftEntry> expected = AccessDrift.between(snapshot("prod", List.of("alice@pve", "bob@pve")),
                snapshot("prod", List.of("alice@pve", "carol@pve")));
        assertThat(expected).extracting(DriftEntry::change)
                .containsExactlyInAnyOrder(DriftEntry.Change.ADDED, DriftEntry.Change.REMOVED);
        assertThat(history.snapshots().drift(a, b, "prod")).isEqualTo(expected);
        jdbc.update("DELETE FROM run_access");
        assertThat(history.snapshots().drift(a, b, "prod")).isEqualTo(expected);
        history.clusters().saveFailed(a, "lab", ClusterRun.Status.NOT_AUDITED, "down");
        history.clusters().saveFailed(b, "lab", ClusterRun.Status.NOT_AUDITED, "down");
        assertThat(history.snapshots().drift(a, b, "lab")).isEmpty();
        assertThat(history.snapshots().drift(a, a, "prod")).isEmpty();
    }

    @Test
    void aFactSeenAgainIsStoredOnceAndMarkedWithTheLatestRun() {
        long a = run();
        history.snapshots().save(a, snapshot("prod", List.of("alice@pve")));
        long b = run();
        history.snapshots().save(b, snapshot("prod", List.of("alice@pve")));
        assertThat(jdbc.queryForList("SELECT last_run FROM access_fact", Long.class)).containsOnly(b);
        // a later save of an earlier run does not move it back
        history.snapshots().saveAccessFacts(a, snapshot("prod", List.of("alice@pve")));
        assertThat(jdbc.queryForList("SELECT last_run FROM access_fact", Long.class)).containsOnly(b);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM access_fact", Integer.class))
                .isEqualTo(AccessDrift.facts(snapshot("prod", List.of("alice@pve"))).size());
    }

    @Test
    void aSnapshotWithoutDataIsStillStored() {
        long id = run();
        ClusterSnapshot empty = new ClusterSnapshot(new ClusterIdentity("lab", null, List.of()), Instant.EPOCH,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), null);
        history.snapshots().save(id, empty);
        assertThat(history.snapshots().snapshot(id, "lab")).isEqualTo(empty);
        assertThat(history.clusters().of(id).get(0).pveVersion()).isNull();
    }
}
