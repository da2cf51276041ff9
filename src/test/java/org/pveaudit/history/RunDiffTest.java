package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.Snapshots;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** Diff of two stored runs through the finding digests, and the same through every finding's key. */
class RunDiffTest extends HistoryDatabaseTest {

    private static Finding token(String id, Severity severity, String message) {
        return new Finding("prod", "PVE-TOKEN-001", severity, "API token never expires", SubjectKind.TOKEN, id,
                id.substring(0, id.lastIndexOf('!')), null, message);
    }

    /** Stores a run of cluster prod with these findings; {@code waived} lists the indexes waived. */
    private long run(List<Finding> findings, Integer... waived) {
        long id = history.runs().start("test", "x", "baseline@1", "high");
        history.snapshots().save(id, Snapshots.builder().cluster("prod").build());
        List<Integer> waivedBy = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            waivedBy.add(Arrays.asList(waived).contains(i) ? 0 : null);
        }
        history.findings().saveEvaluation(id, "prod", new RuleEngine.Evaluation(List.of(), findings, waivedBy));
        history.runs().complete(id, null, 1, Retention.FOREVER);
        return id;
    }

    private static List<String> ids(List<StoredFinding> findings) {
        return findings.stream().map(f -> f.finding().subjectKey() + " " + f.finding().severity().key()
                + (f.waived() ? " waived" : "")).toList();
    }

    private void assertDiff(long a, long b) {
        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(ids(d.added())).containsExactly("d@pve!new high");
        assertThat(ids(d.removed())).containsExactly("e@pve!gone low");
        // severity and waiver changes pair the earlier and the later finding; messages do not matter
        assertThat(d.changed()).extracting(p -> ids(List.of(p[0], p[1])))
                .containsExactlyInAnyOrder(List.of("b@pve!ci medium", "b@pve!ci high"),
                        List.of("c@pve!x low waived", "c@pve!x low"));
    }

    @Test
    void addedRemovedAndChangedFindingsFromDigestsAndFromKeysAlike() {
        long a = run(List.of(token("a@pve!ok", Severity.HIGH, "one"), token("b@pve!ci", Severity.MEDIUM, "m"),
                token("c@pve!x", Severity.LOW, "m"), token("e@pve!gone", Severity.LOW, "m")), 2);
        long b = run(List.of(token("c@pve!x", Severity.LOW, "reworded"), token("b@pve!ci", Severity.HIGH, "m"),
                token("d@pve!new", Severity.HIGH, "m"), token("a@pve!ok", Severity.HIGH, "another wording")));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM run_finding_digest", Integer.class)).isEqualTo(2);
        assertDiff(a, b);

        // runs stored before the digests existed: the same answer from every finding's key
        jdbc.update("DELETE FROM run_finding_digest");
        assertDiff(a, b);
    }

    @Test
    void aClusterNotAuditedInOneRunIsNotComparedNeverAllAddedOrRemoved() {
        long a = history.runs().start("test", "x", "baseline@1", "high");
        history.clusters().saveFailed(a, "prod", ClusterRun.Status.NOT_AUDITED, "connection refused");
        history.runs().complete(a, null, 3, Retention.FOREVER);
        long b = run(List.of(token("a@pve!ok", Severity.HIGH, "m"), token("b@pve!ci", Severity.MEDIUM, "m")));
        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(d.added()).isEmpty();
        assertThat(d.note()).isEqualTo("not compared: not audited in run " + a);
        RunDiff.ClusterDiff back = RunDiff.between(history, b, a).clusters().get(0);
        assertThat(back.removed()).isEmpty();
        assertThat(back.drift()).isEmpty();
        assertThat(back.note()).isEqualTo("not compared: not audited in run " + a);
    }
}
