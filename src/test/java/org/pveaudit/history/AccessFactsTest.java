package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;
import org.pveaudit.model.Role;
import org.pveaudit.model.Snapshots;
import org.pveaudit.model.User;

/** Drift from stored access facts against drift from the snapshots themselves, on a real SQLite file. */
class AccessFactsTest extends HistoryDatabaseTest {

    private static User user(String id, boolean enabled, long expire) {
        return new User(id, enabled, expire, null, null, null, null, null, List.of(), null, false, 0);
    }

    /** Run {@code n} of a cluster: one user disabled, one token and one ACL entry more per run. */
    private static ClusterSnapshot snapshot(int n) {
        List<User> users = new java.util.ArrayList<>(List.of(user("alice@pve", true, 0), user("bob@pve", n < 3, 0)));
        List<ApiToken> tokens = new java.util.ArrayList<>();
        List<AclEntry> acl = new java.util.ArrayList<>(List.of(new AclEntry("/", Principal.group("ops"), "PVEAuditor", true)));
        for (int i = 1; i <= n; i++) {
            tokens.add(new ApiToken("alice@pve!t" + i, i == n ? 0 : 1_900_000_000L, true, null));
            acl.add(new AclEntry("/vms/" + (100 + i), Principal.user("alice@pve"), "PVEVMUser", i % 2 == 0));
        }
        return Snapshots.builder().collectedAt(Instant.EPOCH.plusSeconds(n)).users(users).tokens(tokens)
                .group(new Group("ops", n == 1 ? List.of("alice@pve") : List.of("alice@pve", "bob@pve"), null))
                .role(new Role("Custom", new TreeSet<>(n == 4 ? List.of("VM.Audit", "VM.Console")
                        : List.of("VM.Audit")), false))
                .acl(acl).realm(new Realm("pve", "pve", true, null, null, Map.of())).build();
    }

    private long run(int n, Retention retention) {
        long id = history.runs().start("test", "x", "baseline@1", "high");
        history.snapshots().save(id, snapshot(n));
        history.runs().complete(id, null, 0, retention);
        return id;
    }

    @Test
    void driftFromFactsEqualsDriftFromSnapshotsForEveryPairOfRuns() {
        long[] runs = {run(1, Retention.FOREVER), run(2, Retention.FOREVER), run(3, Retention.FOREVER),
                run(4, Retention.FOREVER)};
        for (int i = 0; i < runs.length; i++) {
            for (int j = 0; j < runs.length; j++) {
                List<DriftEntry> expected = AccessDrift.between(snapshot(i + 1), snapshot(j + 1));
                assertThat(history.snapshots().drift(runs[i], runs[j], "c1")).as("run %d -> %d", i + 1, j + 1)
                        .isEqualTo(expected);
            }
        }
        assertThat(history.snapshots().drift(runs[0], runs[3], "c1")).extracting(DriftEntry::describe)
                .contains("~ user bob@pve: enabled 1 -> enabled 0", "+ token alice@pve!t4 (expire never; privsep 1)",
                        "~ role Custom: VM.Audit -> VM.Audit,VM.Console", "~ group ops: members alice@pve -> "
                                + "members alice@pve,bob@pve");
        // an unchanged fact is stored once, however many runs have it
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM access_fact WHERE object = 'realm'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void runsStoredWithoutFactsFallBackToTheirSnapshotsPlainOrCompressed() {
        long a = run(1, Retention.FOREVER);
        long b = run(4, Retention.FOREVER);
        jdbc.update("DELETE FROM run_access WHERE run_id = ?", a);
        // and its snapshot as plain JSON text, as stored before schema 11 compressed them
        byte[] stored = jdbc.queryForObject("SELECT snapshot_json FROM run_cluster WHERE run_id = ?", byte[].class, a);
        assertThat(stored[0]).isEqualTo((byte) 0x1f);
        String plain = new String(SnapshotStore.snapshotJson(stored), java.nio.charset.StandardCharsets.UTF_8);
        // SQLite kept it as text; PostgreSQL's column is BYTEA (a history moved there keeps the text's bytes)
        jdbc.update("UPDATE run_cluster SET snapshot_json = ? WHERE run_id = ?",
                dialect() == SqlDialect.SQLITE ? plain : plain.getBytes(java.nio.charset.StandardCharsets.UTF_8), a);
        assertThat(history.snapshots().snapshot(a, "c1")).isEqualTo(snapshot(1));
        assertThat(history.snapshots().drift(a, b, "c1")).isEqualTo(AccessDrift.between(snapshot(1), snapshot(4))).isNotEmpty();
    }

    @Test
    void retentionDropsTheFactsOnlyPrunedRunsHad() {
        run(1, Retention.FOREVER);
        run(2, Retention.FOREVER);
        long kept = run(3, new Retention(1, null));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_run", Integer.class)).isEqualTo(1);
        List<AccessFact> expected = AccessDrift.facts(snapshot(3));
        assertThat(jdbc.queryForList("SELECT id FROM access_fact", Long.class))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(AccessFact::id).toList());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM run_access", Integer.class)).isEqualTo(1);
        long next = run(4, Retention.FOREVER);
        assertThat(history.snapshots().drift(kept, next, "c1")).isEqualTo(AccessDrift.between(snapshot(3), snapshot(4)));
    }
}
