package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/** A run against the previous one: new, open, regressed, resolved and unknown findings, drift and counts. */
class RunComparisonTest extends HistoryDatabaseTest {

    private static final List<String> RULES = List.of("R1", "R2");
    private static final Finding A = finding("prod", "R1", Severity.HIGH, "a@pve");
    private static final Finding B = finding("prod", "R1", Severity.MEDIUM, "b@pve");
    private static final Finding C = finding("prod", "R2", Severity.CRITICAL, "c@pve");

    private long audit(List<String> users, Finding... findings) {
        return audit(snapshot("prod", users), evaluation("prod", RULES, findings));
    }

    private ClusterCounts counts(long run) {
        return history.clusters().counts(run).get(0);
    }

    private Map<String, StoredFinding.State> states(long run) {
        Map<String, StoredFinding.State> m = new java.util.TreeMap<>();
        history.findings().of(run).forEach(f -> m.put(f.finding().subjectKey(), f.state()));
        return m;
    }

    @Test
    void theFirstRunOfAClusterHasOnlyNewFindingsAndNoBaseline() {
        long run = audit(List.of("a@pve"), A, C);
        assertThat(states(run)).isEqualTo(Map.of("a@pve", StoredFinding.State.NEW, "c@pve", StoredFinding.State.NEW));
        assertThat(history.findings().of(run)).allSatisfy(f -> assertThat(f.firstSeenRun()).isEqualTo(run));
        ClusterCounts c = counts(run);
        assertThat(c.baselineRun()).isNull();
        assertThat(c.newFindings()).isEqualTo(2);
        assertThat(c.open()).isZero();
        assertThat(c.critical()).isEqualTo(1);
        assertThat(c.high()).isEqualTo(1);
        assertThat(c.medium()).isZero();
        assertThat(c.drift()).isZero();
        assertThat(c.notCompared()).isNull();
        assertThat(history.comparison().resolved(run)).isEmpty();
        assertThat(checkpoints).containsExactly("history");
    }

    @Test
    void aFindingStillThereIsOpenSinceItsFirstRunAndOneGoneIsResolved() {
        long first = audit(List.of("a@pve"), A, B);
        String firstAt = history.findings().of(first).get(0).firstSeenAt();
        long second = audit(List.of("a@pve"), A, C);
        assertThat(states(second)).isEqualTo(Map.of("a@pve", StoredFinding.State.OPEN, "c@pve", StoredFinding.State.NEW));
        StoredFinding open = history.findings().of(second).stream().filter(f -> f.finding().equals(A)).findFirst()
                .orElseThrow();
        assertThat(open.firstSeenRun()).isEqualTo(first);
        assertThat(open.firstSeenAt()).isEqualTo(firstAt);
        List<EarlierFinding> resolved = history.comparison().resolved(second);
        assertThat(resolved).extracting(EarlierFinding::finding).containsExactly(B);
        assertThat(resolved.get(0).firstSeenRun()).isEqualTo(first);
        assertThat(resolved.get(0).lastSeenRun()).isEqualTo(first);
        ClusterCounts c = counts(second);
        assertThat(c.baselineRun()).isEqualTo(first);
        assertThat(List.of(c.newFindings(), c.open(), c.regressed(), c.resolved(), c.unevaluated()))
                .containsExactly(1, 1, 0, 1, 0);
        // the third run carries the first-seen run on through the second
        long third = audit(List.of("a@pve"), A);
        assertThat(history.findings().of(third).get(0).firstSeenRun()).isEqualTo(first);
    }

    @Test
    void aFindingBackAfterItWasResolvedIsRegressedWithItsFirstRun() {
        long first = audit(List.of("a@pve"), A, B);
        audit(List.of("a@pve"), A);
        long third = audit(List.of("a@pve"), A, B);
        assertThat(states(third)).isEqualTo(Map.of("a@pve", StoredFinding.State.OPEN,
                "b@pve", StoredFinding.State.REGRESSED));
        StoredFinding back = history.findings().of(third).stream().filter(f -> f.finding().equals(B)).findFirst()
                .orElseThrow();
        assertThat(back.firstSeenRun()).isEqualTo(first);
        assertThat(counts(third).regressed()).isEqualTo(1);
        assertThat(history.findings().fresh(third)).extracting(StoredFinding::finding).containsExactly(B);
    }

    @Test
    void aFindingOfARuleNotEvaluatedNowIsUnknownNeverResolved() {
        long first = audit(List.of("a@pve"), A, C);
        RuleEngine.Evaluation r2Only = new RuleEngine.Evaluation(List.of(outcome("prod", "R1",
                RuleOutcome.Status.NOT_EVALUATED, 0), outcome("prod", "R2", RuleOutcome.Status.FAILED, 1)),
                List.of(C), java.util.Arrays.asList((Integer) null));
        long second = audit(snapshot("prod", List.of("a@pve")), r2Only);
        assertThat(history.comparison().resolved(second)).isEmpty();
        List<EarlierFinding> unknown = history.comparison().unevaluated(second);
        assertThat(unknown).extracting(EarlierFinding::finding).containsExactly(A);
        assertThat(unknown.get(0).lastSeenRun()).isEqualTo(first);
        assertThat(counts(second).unevaluated()).isEqualTo(1);
        // when R1 runs again, its last known state is still the first run's: A is open, not new
        long third = audit(List.of("a@pve"), A, C);
        assertThat(states(third)).containsEntry("a@pve", StoredFinding.State.OPEN);
        assertThat(history.findings().of(third)).allSatisfy(f -> assertThat(f.firstSeenRun()).isEqualTo(first));
    }

    @Test
    void aRenamedRuleKeepsItsFindingsHistory() {
        long first = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("OLD-1"),
                finding("prod", "OLD-1", Severity.HIGH, "a@pve")));
        long second = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(second, snapshot("prod", List.of("a@pve")));
        history.findings().saveRuleAliases(second, Map.of("OLD-1", "NEW-1"));
        history.findings().saveEvaluation(second, "prod", evaluation("prod", List.of("NEW-1"),
                finding("prod", "NEW-1", Severity.HIGH, "a@pve")));
        history.comparison().compareWithPrevious(second);
        assertThat(history.findings().of(second)).singleElement().satisfies(f -> {
            assertThat(f.state()).isEqualTo(StoredFinding.State.OPEN);
            assertThat(f.firstSeenRun()).isEqualTo(first);
        });
        assertThat(history.comparison().resolved(second)).isEmpty();
    }

    @Test
    void waivedFindingsAreCountedAsWaivedNotBySeverity() {
        long run = audit(snapshot("prod", List.of("a@pve")), new RuleEngine.Evaluation(
                List.of(outcome("prod", "R1", RuleOutcome.Status.FAILED, 2)), List.of(A, B),
                java.util.Arrays.asList(0, null)));
        ClusterCounts c = counts(run);
        assertThat(c.waived()).isEqualTo(1);
        assertThat(c.high()).isZero();
        assertThat(c.medium()).isEqualTo(1);
        assertThat(c.total()).isEqualTo(1);
    }

    @Test
    void theBaselineIsTheLastCompletedLiveRunThatEvaluatedTheCluster() {
        long first = audit(List.of("a@pve"), A);
        long failed = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(failed, snapshot("prod", List.of("a@pve")));
        history.findings().saveEvaluation(failed, "prod", evaluation("prod", RULES));
        history.runs().finish(failed, AuditRun.FAILED, null, 3);
        long notAudited = history.runs().start("v", "c", "p", "high");
        history.clusters().saveFailed(notAudited, "prod", ClusterRun.Status.NOT_AUDITED, "down");
        history.runs().complete(notAudited, null, 3, Retention.FOREVER);
        long replay = history.runs().start("v", "c", "p", FailurePolicy.DEFAULT, first);
        history.snapshots().save(replay, snapshot("prod", List.of("a@pve")));
        history.findings().saveEvaluation(replay, "prod", evaluation("prod", RULES));
        history.comparison().compareWithPrevious(replay);
        history.runs().complete(replay, null, 0, Retention.FOREVER);
        long now = history.runs().start("v", "c", "p", "high");
        assertThat(history.comparison().baseline("prod", now)).isEqualTo(first);
        assertThat(history.comparison().baseline("prod", first)).isNull();
        assertThat(history.comparison().baseline("lab", now)).isNull();
        // a replay is compared with the run before the one it replays: none here
        assertThat(counts(replay).baselineRun()).isNull();
        assertThat(counts(replay).resolved()).isZero();
    }

    @Test
    void accessDriftIsStoredAgainstTheBaselineInOrder() {
        audit(List.of("a@pve", "b@pve"), A);
        long second = audit(List.of("a@pve", "c@pve", "d@pve"), A);
        List<DriftEntry> drift = history.comparison().drift(second);
        assertThat(drift).extracting(d -> d.change() + " " + d.key())
                .containsExactly("REMOVED b@pve", "ADDED c@pve", "ADDED d@pve");
        assertThat(drift).allSatisfy(d -> {
            assertThat(d.cluster()).isEqualTo("prod");
            assertThat(d.object()).isEqualTo(DriftEntry.ObjectKind.USER);
        });
        assertThat(counts(second).drift()).isEqualTo(3);
        long third = audit(List.of("a@pve", "c@pve", "d@pve"), A);
        assertThat(history.comparison().drift(third)).isEmpty();
        assertThat(counts(third).drift()).isZero();
    }

    @Test
    void accessNotReadNowIsNotComparedAndAfterAGapComparedWithTheLastRunThatReadIt() {
        audit(List.of("a@pve"), A);
        CoverageGap noUsers = new CoverageGap(Dataset.USERS, "GET /access/users", "403");
        long gap = audit(snapshot("prod", List.of(), noUsers), evaluation("prod", RULES, A));
        assertThat(history.comparison().drift(gap)).isEmpty();
        assertThat(counts(gap).notCompared()).isEqualTo("users");
        long after = audit(List.of("a@pve", "e@pve"), A);
        assertThat(history.comparison().drift(after)).extracting(d -> d.change() + " " + d.key())
                .containsExactly("ADDED e@pve");
        assertThat(counts(after).notCompared()).isNull();
    }

    @Test
    void aRepeatedComparisonReplacesWhatTheEarlierAttemptStored() {
        long first = audit(List.of("a@pve", "b@pve"), A, B);
        long second = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(second, snapshot("prod", List.of("a@pve")));
        history.findings().saveEvaluation(second, "prod", evaluation("prod", RULES, A));
        history.comparison().compareWithPrevious(second);
        history.comparison().compareWithPrevious(second);
        assertThat(history.comparison().resolved(second)).hasSize(1);
        assertThat(history.comparison().drift(second)).hasSize(1);
        assertThat(counts(second).baselineRun()).isEqualTo(first);
        assertThat(checkpoints).containsExactly("history", "history", "history");
    }

    @Test
    void theCheckpointIsReachedOnceAfterTheFirstEvaluatedCluster() {
        long run = history.runs().start("v", "c", "p", "high");
        history.clusters().saveFailed(run, "down", ClusterRun.Status.NOT_AUDITED, "x");
        history.comparison().compareWithPrevious(run);
        assertThat(checkpoints).isEmpty();
        for (String cluster : List.of("one", "two")) {
            history.snapshots().save(run, snapshot(cluster, List.of("a@pve")));
            history.findings().saveEvaluation(run, cluster, evaluation(cluster, RULES));
        }
        history.comparison().compareWithPrevious(run);
        assertThat(checkpoints).containsExactly("history");
        assertThat(history.clusters().counts(run)).extracting(ClusterCounts::counted).containsExactly(false, true, true);
    }
}
