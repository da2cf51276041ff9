package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/**
 * What {@code diff A B} promises ({@link RunDiff}, docs/history.md "diff A B"): clusters on one side only or not
 * audited are named and not compared; rules not evaluated and datasets not read in both runs are left out and
 * named; renamed rules keep their findings; the access drift is the stored one for a run and its baseline and
 * computed for any other pair; and the order in which the differences are listed.
 */
class RunDiffSpecTest extends HistoryDatabaseTest {

    private long start() {
        return history.runs().start("test", "hash", "baseline@1", "high");
    }

    /** One cluster of a run read and evaluated, as the job stores it. */
    private void evaluated(long run, ClusterSnapshot snapshot, RuleEngine.Evaluation evaluation) {
        history.snapshots().save(run, snapshot);
        history.findings().saveEvaluation(run, snapshot.cluster(), evaluation);
    }

    /** The history step and completion, as the job ends a run. */
    private long finish(long run) {
        history.comparison().compareWithPrevious(run);
        history.runs().complete(run, null, 0, Retention.FOREVER);
        return run;
    }

    /** A run of prod alone with these users (and gaps), its rules R1 and R2 evaluated. */
    private long prod(List<String> users, CoverageGap... gaps) {
        return audit(snapshot("prod", users, gaps), evaluation("prod", List.of("R1", "R2")));
    }

    private static RuleEngine.Evaluation outcomes(List<RuleOutcome> outcomes, Finding... findings) {
        List<Integer> waivedBy = new ArrayList<>();
        for (Finding f : findings) {
            waivedBy.add(null);
        }
        return new RuleEngine.Evaluation(outcomes, List.of(findings), waivedBy);
    }

    private static RuleOutcome evaluated(String rule, int findings) {
        return outcome("prod", rule, findings > 0 ? RuleOutcome.Status.FAILED : RuleOutcome.Status.PASSED, findings);
    }

    private static RuleOutcome status(String rule, RuleOutcome.Status status) {
        return outcome("prod", rule, status, 0);
    }

    private static RunDiff.ClusterDiff cluster(RunDiff diff, String name) {
        return diff.clusters().stream().filter(c -> c.cluster().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> findings(List<StoredFinding> findings) {
        return findings.stream().map(f -> f.finding().ruleId() + " " + f.finding().subjectKey() + " "
                + f.finding().severity().key()).toList();
    }

    private static List<String> drift(RunDiff.ClusterDiff d) {
        return d.drift().stream().map(e -> e.change() + " " + e.object().key() + " " + e.key()).toList();
    }

    @Test
    void runsThatAreNotInTheHistoryAreSaid() {
        long run = prod(List.of("a@pve"));
        assertThatThrownBy(() -> RunDiff.between(history, run, 99)).isInstanceOf(HistoryException.class)
                .hasMessage("no run 99 in the history");
        assertThatThrownBy(() -> RunDiff.between(history, 98, run)).isInstanceOf(HistoryException.class)
                .hasMessage("no run 98 in the history");
    }

    @Test
    void theDiffNamesItsRunsAndListsEveryClusterOfEitherByName() {
        long a = start();
        evaluated(a, snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1")));
        finish(a);
        long b = start();
        evaluated(b, snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1")));
        evaluated(b, snapshot("lab", List.of("a@pve")), evaluation("lab", List.of("R1"),
                finding("lab", "R1", Severity.HIGH, "x@pve")));
        finish(b);

        RunDiff diff = RunDiff.between(history, a, b);
        assertThat(diff.from().id()).isEqualTo(a);
        assertThat(diff.to().id()).isEqualTo(b);
        assertThat(diff.clusters()).extracting(RunDiff.ClusterDiff::cluster).containsExactly("lab", "prod");
    }

    @Test
    void aClusterInOnlyOneOfTheRunsIsNamedNeverAllAddedOrRemoved() {
        long a = start();
        evaluated(a, snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1")));
        finish(a);
        long b = start();
        evaluated(b, snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1")));
        evaluated(b, snapshot("lab", List.of("a@pve")), evaluation("lab", List.of("R1"),
                finding("lab", "R1", Severity.HIGH, "x@pve")));
        finish(b);

        RunDiff.ClusterDiff lab = cluster(RunDiff.between(history, a, b), "lab");
        assertThat(lab.fromStatus()).isNull();
        assertThat(lab.toStatus()).isEqualTo("EVALUATED");
        assertThat(lab.added()).isEmpty();
        assertThat(lab.drift()).isEmpty();
        assertThat(lab.note()).isEqualTo("only in run " + b);
        assertThat(lab.empty()).isFalse();

        RunDiff.ClusterDiff back = cluster(RunDiff.between(history, b, a), "lab");
        assertThat(back.fromStatus()).isEqualTo("EVALUATED");
        assertThat(back.toStatus()).isNull();
        assertThat(back.removed()).isEmpty();
        assertThat(back.note()).isEqualTo("only in run " + b);

        RunDiff.ClusterDiff prod = cluster(RunDiff.between(history, a, b), "prod");
        assertThat(prod.fromStatus()).isEqualTo("EVALUATED");
        assertThat(prod.toStatus()).isEqualTo("EVALUATED");
        assertThat(prod.note()).isNull();
        assertThat(prod.empty()).isTrue();
    }

    @Test
    void aClusterNotAuditedInTheLaterRunIsNamedWithThatRun() {
        long a = prod(List.of("a@pve"));
        long b = start();
        history.clusters().saveFailed(b, "prod", ClusterRun.Status.INVALID_INPUT, "users.cfg line 3");
        history.runs().complete(b, null, 2, Retention.FOREVER);

        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(d.fromStatus()).isEqualTo("EVALUATED");
        assertThat(d.toStatus()).isEqualTo("INVALID_INPUT");
        assertThat(d.note()).isEqualTo("not compared: not audited in run " + b);
        assertThat(d.removed()).isEmpty();
        assertThat(d.drift()).isEmpty();
    }

    @Test
    void twoRunsWithTheSameFindingsAndAccessHaveNothingToSay() {
        long a = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1"),
                finding("prod", "R1", Severity.HIGH, "x@pve")));
        long b = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1"),
                finding("prod", "R1", Severity.HIGH, "x@pve")));
        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(d.empty()).isTrue();
        assertThat(d.note()).isNull();
    }

    @Test
    void findingsOfRulesNotEvaluatedInBothRunsAreLeftOutAndTheRulesNamed() {
        // R1 evaluated in both: compared. R2 not evaluated later (a refused endpoint), R3 failed later (ERROR),
        // R4 new in the later run: their findings say nothing about a change. R5 evaluated in neither.
        long a = audit(snapshot("prod", List.of("a@pve")), outcomes(List.of(evaluated("R1", 0), evaluated("R2", 1),
                        evaluated("R3", 1), status("R5", RuleOutcome.Status.NOT_EVALUATED)),
                finding("prod", "R2", Severity.HIGH, "two@pve"), finding("prod", "R3", Severity.LOW, "three@pve")));
        long b = audit(snapshot("prod", List.of("a@pve")), outcomes(List.of(evaluated("R1", 1),
                        status("R2", RuleOutcome.Status.NOT_EVALUATED), status("R3", RuleOutcome.Status.ERROR),
                        evaluated("R4", 1), status("R5", RuleOutcome.Status.NOT_EVALUATED)),
                finding("prod", "R1", Severity.MEDIUM, "one@pve"), finding("prod", "R4", Severity.CRITICAL, "four@pve")));

        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(findings(d.added())).containsExactly("R1 one@pve medium");
        assertThat(d.removed()).isEmpty();
        assertThat(d.note()).isEqualTo("rules not evaluated in both runs, not compared: R2, R3, R4");
        assertThat(d.empty()).isFalse();

        RunDiff.ClusterDiff back = RunDiff.between(history, b, a).clusters().get(0);
        assertThat(findings(back.removed())).containsExactly("R1 one@pve medium");
        assertThat(back.added()).isEmpty();
        assertThat(back.note()).isEqualTo("rules not evaluated in both runs, not compared: R2, R3, R4");
    }

    @Test
    void accessOfADatasetNotReadInBothRunsIsLeftOutAndNamedNeverRemoved() {
        long a = prod(List.of("a@pve", "b@pve"));
        // users refused, and the TFA file missing: TFA is no access drift dataset, so it is not named
        long b = prod(List.of(), new CoverageGap(Dataset.USERS, "GET /access/users", "403"),
                new CoverageGap(Dataset.TFA, "GET /access/tfa", "403"));
        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(d.drift()).isEmpty();
        assertThat(d.note()).isEqualTo("access not compared (not read in both runs): users");

        RunDiff.ClusterDiff back = RunDiff.between(history, b, a).clusters().get(0);
        assertThat(back.drift()).isEmpty();
        assertThat(back.note()).isEqualTo("access not compared (not read in both runs): users");
    }

    @Test
    void rulesAndDatasetsLeftOutAreNamedInOneNote() {
        long a = audit(snapshot("prod", List.of("a@pve")), outcomes(List.of(evaluated("R1", 0), evaluated("R2", 0))));
        long b = audit(snapshot("prod", List.of(), new CoverageGap(Dataset.USERS, "GET /access/users", "403")),
                outcomes(List.of(evaluated("R1", 0), status("R2", RuleOutcome.Status.NOT_EVALUATED))));
        assertThat(RunDiff.between(history, a, b).clusters().get(0).note())
                .isEqualTo("rules not evaluated in both runs, not compared: R2; "
                        + "access not compared (not read in both runs): users");
    }

    @Test
    void theDriftAcrossAGapIsNotTheDriftTheLaterRunStoredAgainstAnEarlierRun() {
        // run c stores its users drift against run a (the last that read users); diff b c must not show it,
        // as b did not read users
        long a = prod(List.of("a@pve"));
        long b = prod(List.of(), new CoverageGap(Dataset.USERS, "GET /access/users", "403"));
        long c = prod(List.of("a@pve", "new@pve"));
        assertThat(history.comparison().drift(c)).extracting(DriftEntry::key).containsExactly("new@pve");

        RunDiff.ClusterDiff d = RunDiff.between(history, b, c).clusters().get(0);
        assertThat(d.drift()).isEmpty();
        assertThat(d.note()).isEqualTo("access not compared (not read in both runs): users");
        assertThat(drift(RunDiff.between(history, a, c).clusters().get(0))).containsExactly("ADDED user new@pve");
    }

    @Test
    void theDriftOfARunAndItsBaselineIsTheOneStoredAndOfAnyOtherPairComputedFromTheirAccess() {
        long one = prod(List.of("alice@pve"));
        long two = prod(List.of("alice@pve", "bob@pve"));
        long three = prod(List.of("bob@pve", "carol@pve"));
        long four = prod(List.of("bob@pve", "carol@pve"));

        assertThat(drift(RunDiff.between(history, one, two).clusters().get(0))).containsExactly("ADDED user bob@pve");
        // three was compared with two: the drift from one is computed, never three's stored drift
        assertThat(drift(RunDiff.between(history, one, three).clusters().get(0)))
                .containsExactlyInAnyOrder("ADDED user bob@pve", "ADDED user carol@pve", "REMOVED user alice@pve");
        // backwards, from a later run to an earlier one (that has no baseline, or another)
        assertThat(drift(RunDiff.between(history, two, one).clusters().get(0))).containsExactly("REMOVED user bob@pve");
        assertThat(drift(RunDiff.between(history, three, two).clusters().get(0)))
                .containsExactlyInAnyOrder("ADDED user alice@pve", "REMOVED user carol@pve");
        // the same access: no drift
        assertThat(RunDiff.between(history, three, four).clusters().get(0).drift()).isEmpty();
        assertThat(RunDiff.between(history, four, three).clusters().get(0).drift()).isEmpty();
    }

    @Test
    void forARunAndItsBaselineTheDiffShowsTheDriftTheHistoryStepStoredNotARecomputation() {
        // one source of truth for the report and diff: what the history step stored is what diff shows
        long one = prod(List.of("alice@pve"));
        long two = prod(List.of("alice@pve", "bob@pve"));
        jdbc.update("UPDATE access_drift SET after_value = 'as stored' WHERE run_id = ?", two);
        assertThat(RunDiff.between(history, one, two).clusters().get(0).drift())
                .extracting(DriftEntry::after).containsExactly("as stored");
    }

    @Test
    void aRenamedRuleKeepsItsFindingsThroughItsAliasesInEitherDirection() {
        long a = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("PVE-OLD-1", "R2"),
                finding("prod", "PVE-OLD-1", Severity.HIGH, "same@pve"),
                finding("prod", "PVE-OLD-1", Severity.LOW, "worse@pve"),
                finding("prod", "PVE-OLD-1", Severity.LOW, "gone@pve")));
        long b = start();
        history.findings().saveRuleAliases(b, Map.of("PVE-OLD-1", "PVE-NEW-1"));
        evaluated(b, snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("PVE-NEW-1", "R2"),
                finding("prod", "PVE-NEW-1", Severity.HIGH, "same@pve"),
                finding("prod", "PVE-NEW-1", Severity.CRITICAL, "worse@pve"),
                finding("prod", "PVE-NEW-1", Severity.MEDIUM, "fresh@pve")));
        finish(b);

        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(findings(d.added())).containsExactly("PVE-NEW-1 fresh@pve medium");
        assertThat(findings(d.removed())).containsExactly("PVE-OLD-1 gone@pve low");
        assertThat(d.changed()).extracting(p -> findings(List.of(p[0], p[1])))
                .containsExactly(List.of("PVE-OLD-1 worse@pve low", "PVE-NEW-1 worse@pve critical"));
        // the rule was evaluated in both runs, under either of its names
        assertThat(d.note()).isNull();

        // the aliases of either run are in force: the earlier run is the later side here
        RunDiff.ClusterDiff back = RunDiff.between(history, b, a).clusters().get(0);
        assertThat(findings(back.added())).containsExactly("PVE-OLD-1 gone@pve low");
        assertThat(findings(back.removed())).containsExactly("PVE-NEW-1 fresh@pve medium");
        assertThat(back.changed()).hasSize(1);
        assertThat(back.note()).isNull();
    }

    @Test
    void differencesAreListedMostSevereFirstThenByRuleAndSubject() {
        long a = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1", "R2"),
                finding("prod", "R1", Severity.LOW, "c1@pve"), finding("prod", "R2", Severity.LOW, "c2@pve"),
                finding("prod", "R1", Severity.HIGH, "c3@pve"),
                finding("prod", "R2", Severity.LOW, "gone-b@pve"), finding("prod", "R1", Severity.LOW, "gone-a@pve"),
                finding("prod", "R1", Severity.CRITICAL, "gone-c@pve")));
        long b = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1", "R2"),
                finding("prod", "R1", Severity.MEDIUM, "c1@pve"), finding("prod", "R2", Severity.CRITICAL, "c2@pve"),
                finding("prod", "R1", Severity.INFO, "c3@pve"),
                finding("prod", "R2", Severity.MEDIUM, "b@pve"), finding("prod", "R1", Severity.MEDIUM, "z@pve"),
                finding("prod", "R1", Severity.MEDIUM, "a@pve"), finding("prod", "R2", Severity.HIGH, "y@pve")));

        RunDiff.ClusterDiff d = RunDiff.between(history, a, b).clusters().get(0);
        assertThat(findings(d.added())).containsExactly("R2 y@pve high", "R1 a@pve medium", "R1 z@pve medium",
                "R2 b@pve medium");
        assertThat(findings(d.removed())).containsExactly("R1 gone-c@pve critical", "R1 gone-a@pve low",
                "R2 gone-b@pve low");
        // changes in the order of their later finding
        assertThat(d.changed()).extracting(p -> findings(List.of(p[1])).get(0))
                .containsExactly("R2 c2@pve critical", "R1 c1@pve medium", "R1 c3@pve info");
    }
}
