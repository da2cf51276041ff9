package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Group;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Snapshots;
import org.pveaudit.rules.RuleEngine;

/** The latest run whose access drift concerned each principal: its own rows, its ACL entries, its memberships. */
class LastAccessChangesTest extends HistoryDatabaseTest {

    private static final RuleEngine.Evaluation NO_RULES = new RuleEngine.Evaluation(List.of(), List.of(), List.of());

    private static ClusterSnapshot prod(String aliceRole, List<String> opsMembers, long ciExpire) {
        return Snapshots.builder().cluster("prod")
                .user(user("alice@pve"), user("bob@pve"), user("carol@pve"), user("x|y@pve"))
                .token(new ApiToken("alice@pve!ci", ciExpire, true, null))
                .group(new Group("ops", opsMembers, null))
                .acl(new AclEntry("/vms", Principal.user("alice@pve"), aliceRole, true),
                        new AclEntry("/", Principal.group("ops"), "PVEAuditor", true),
                        new AclEntry("/storage", Principal.user("x|y@pve"), aliceRole, true))
                .build();
    }

    private long audit(ClusterSnapshot s, Retention keep) {
        long id = history.runs().start("test", "hash", "baseline@1", "high");
        history.snapshots().save(id, s);
        history.findings().saveEvaluation(id, "prod", NO_RULES);
        history.comparison().compareWithPrevious(id);
        history.runs().complete(id, null, 0, keep);
        return id;
    }

    private Map<String, Long> runs(LastAccessChanges changes) {
        Map<String, Long> m = new java.util.TreeMap<>();
        changes.byPrincipal().forEach((p, seen) -> m.put(p, seen.runId()));
        return m;
    }

    @Test
    void eachPrincipalGetsTheLatestRunThatChangedItsOwnRowsItsAclEntriesOrItsMemberships() {
        audit(prod("PVEVMUser", List.of("alice@pve", "bob@pve"), 0), Retention.FOREVER);
        long second = audit(prod("PVEVMAdmin", List.of("alice@pve", "bob@pve"), 0), Retention.FOREVER);
        long third = audit(prod("PVEVMAdmin", List.of("alice@pve", "carol@pve"), 1_900_000_000L), Retention.FOREVER);
        LastAccessChanges changes = history.comparison().lastChanges(third, "prod");
        // alice's and x|y's ACL entries in run 2; bob left ops and carol joined it in run 3; the token's expiry
        assertThat(runs(changes)).isEqualTo(Map.of("alice@pve", second, "x|y@pve", second, "bob@pve", third,
                "carol@pve", third, "alice@pve!ci", third));
        assertThat(changes.of("alice@pve").startedAt()).isEqualTo(history.runs().run(second).orElseThrow().startedAt());
        assertThat(changes.recordedFrom()).as("the history holds the cluster's first run").isNull();
        // a report of the second run sees only what was known then
        assertThat(runs(history.comparison().lastChanges(second, "prod")))
                .isEqualTo(Map.of("alice@pve", second, "x|y@pve", second));
        assertThat(history.comparison().lastChanges(third, "lab").byPrincipal()).isEmpty();
    }

    @Test
    void aRunNotCompletedCountsOnlyForItsOwnReport() {
        audit(prod("PVEVMUser", List.of("alice@pve"), 0), Retention.FOREVER);
        long failed = history.runs().start("test", "hash", "baseline@1", "high");
        history.snapshots().save(failed, prod("PVEVMAdmin", List.of("alice@pve"), 0));
        history.findings().saveEvaluation(failed, "prod", NO_RULES);
        history.comparison().compareWithPrevious(failed);
        assertThat(runs(history.comparison().lastChanges(failed, "prod"))).containsEntry("alice@pve", failed);
        history.runs().finish(failed, AuditRun.FAILED, null, 2);
        long next = audit(prod("PVEVMUser", List.of("alice@pve"), 0), Retention.FOREVER);
        assertThat(runs(history.comparison().lastChanges(next, "prod"))).doesNotContainKey("alice@pve");
    }

    @Test
    void afterPruningNoChangeMeansNoneSinceTheOldestRunKept() {
        audit(prod("PVEVMUser", List.of("alice@pve"), 0), Retention.FOREVER);
        long second = audit(prod("PVEVMAdmin", List.of("alice@pve"), 0), Retention.FOREVER);
        long third = audit(prod("PVEVMAdmin", List.of("alice@pve"), 0), new Retention(2, null));
        LastAccessChanges changes = history.comparison().lastChanges(third, "prod");
        assertThat(changes.recordedFrom()).isEqualTo(second);
        assertThat(runs(changes)).containsEntry("alice@pve", second).doesNotContainKey("bob@pve");
    }
}
