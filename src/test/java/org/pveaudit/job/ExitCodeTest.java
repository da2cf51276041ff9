package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** How a run's outcome becomes the exit code cron and CI act on: input errors, then clusters, then findings. */
class ExitCodeTest {

    private static ClusterRun cluster(String name, ClusterRun.Status status) {
        return new ClusterRun(1, name, status, "9.1.4", null, Instant.EPOCH);
    }

    private static final List<ClusterRun> AUDITED = List.of(cluster("prod", ClusterRun.Status.EVALUATED),
            cluster("lab", ClusterRun.Status.COLLECTED));

    private static StoredFinding finding(Severity severity, StoredFinding.State state, Integer waiver) {
        return new StoredFinding(new Finding("prod", "PVE-X-001", severity, "t", SubjectKind.USER, "u@pve", "u@pve",
                null, "m"), state, 1, null, waiver);
    }

    /** The exit code with no rule outcomes and {@code --fail-on threshold} (null for none). */
    private static int exit(List<ClusterRun> clusters, List<StoredFinding> findings, Severity threshold) {
        return exit(clusters, findings, threshold, false);
    }

    private static int exit(List<ClusterRun> clusters, List<StoredFinding> findings, Severity threshold,
                            boolean newOnly) {
        return exit(clusters, List.of(), findings, threshold, newOnly);
    }

    private static int exit(List<ClusterRun> clusters, List<RuleOutcome> outcomes, List<StoredFinding> findings,
                            Severity threshold, boolean newOnly) {
        return ExitCode.of(clusters, outcomes, findings, new FailurePolicy(threshold, newOnly));
    }

    private static RuleOutcome outcome(RuleOutcome.Status status) {
        return new RuleOutcome("prod", "PVE-X-001", Severity.LOW, "t", status, 0, null);
    }

    @Test
    void findingsAtOrAboveTheThresholdFailTheRunWithOne() {
        List<StoredFinding> high = List.of(finding(Severity.HIGH, StoredFinding.State.OPEN, null));

        assertThat(exit(AUDITED, high, Severity.HIGH)).isEqualTo(ExitCode.FINDINGS).isEqualTo(1);
        assertThat(exit(AUDITED, high, Severity.MEDIUM)).isEqualTo(ExitCode.FINDINGS);
        assertThat(exit(AUDITED, high, Severity.CRITICAL)).isEqualTo(ExitCode.OK).isZero();
        assertThat(exit(AUDITED, high, null)).as("--fail-on none").isEqualTo(ExitCode.OK);
        assertThat(exit(AUDITED, List.of(), Severity.INFO)).isEqualTo(ExitCode.OK);
    }

    @Test
    void waivedFindingsNeverFailTheRun() {
        List<StoredFinding> waived = List.of(finding(Severity.CRITICAL, StoredFinding.State.NEW, 0));

        assertThat(exit(AUDITED, waived, Severity.INFO)).isEqualTo(ExitCode.OK);
    }

    @Test
    void withFailOnNewOnlyNewOrRegressedFindingsCount() {
        List<StoredFinding> open = List.of(finding(Severity.CRITICAL, StoredFinding.State.OPEN, null));

        assertThat(exit(AUDITED, open, Severity.HIGH, true)).isEqualTo(ExitCode.OK);
        assertThat(exit(AUDITED, open, Severity.HIGH, false)).isEqualTo(ExitCode.FINDINGS);
        for (StoredFinding.State fresh : List.of(StoredFinding.State.NEW, StoredFinding.State.REGRESSED)) {
            assertThat(exit(AUDITED, List.of(finding(Severity.HIGH, fresh, null)), Severity.HIGH, true))
                    .as(fresh.name()).isEqualTo(ExitCode.FINDINGS);
        }
        assertThat(exit(AUDITED, List.of(finding(Severity.MEDIUM, StoredFinding.State.NEW, null)),
                Severity.HIGH, true)).as("new, but below the threshold").isEqualTo(ExitCode.OK);
    }

    @Test
    void aClusterNotAuditedIsThreeAndOutranksFindings() {
        List<ClusterRun> oneDown = List.of(cluster("prod", ClusterRun.Status.EVALUATED),
                cluster("edge", ClusterRun.Status.NOT_AUDITED));

        assertThat(exit(oneDown, List.of(finding(Severity.CRITICAL, StoredFinding.State.NEW, null)),
                Severity.INFO)).isEqualTo(ExitCode.NOT_AUDITED).isEqualTo(3);
        assertThat(exit(oneDown, List.of(), null)).isEqualTo(ExitCode.NOT_AUDITED);
    }

    @Test
    void malformedInputOrARuleErrorIsTwoAndOutranksEverything() {
        List<ClusterRun> invalid = List.of(cluster("prod", ClusterRun.Status.INVALID_INPUT),
                cluster("edge", ClusterRun.Status.NOT_AUDITED));
        List<StoredFinding> critical = List.of(finding(Severity.CRITICAL, StoredFinding.State.NEW, null));

        assertThat(exit(invalid, critical, Severity.INFO)).isEqualTo(ExitCode.INPUT_ERROR).isEqualTo(2);
        assertThat(exit(List.of(cluster("edge", ClusterRun.Status.NOT_AUDITED)),
                List.of(outcome(RuleOutcome.Status.ERROR)), critical, Severity.INFO, false))
                .as("a broken rule is a configuration error, whatever else happened").isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(exit(AUDITED, List.of(outcome(RuleOutcome.Status.ERROR)), List.of(), null, false))
                .as("also with --fail-on none").isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(exit(AUDITED, List.of(outcome(RuleOutcome.Status.NOT_EVALUATED),
                outcome(RuleOutcome.Status.FAILED)), List.of(), Severity.INFO, false)).isEqualTo(ExitCode.OK);
    }
}
