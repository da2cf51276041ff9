package org.pveaudit.job;

import java.util.List;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/**
 * Maps a run's outcome to the exit code cron and CI act on: 2 malformed input or a rule whose
 * condition failed (outcome ERROR: a broken rule is a configuration error, whatever {@code --fail-on}
 * says), 3 a cluster not audited, 1 unwaived findings at or above the threshold, else 0. Input errors
 * come first because they need a person to fix the data or the rules; an unreachable cluster may be
 * transient. With {@code onlyNew} ({@code --fail-on-new}) only findings that are new or regressed
 * since the cluster's previous completed run count for 1.
 */
public final class ExitCode {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int INPUT_ERROR = 2;
    public static final int NOT_AUDITED = 3;

    private ExitCode() {
    }

    /** @param failOn the threshold, or null for {@code --fail-on none} */
    public static int of(List<ClusterRun> clusters, List<StoredFinding> findings, Severity failOn) {
        return of(clusters, findings, failOn, false);
    }

    /**
     * @param failOn  the threshold, or null for {@code --fail-on none}
     * @param onlyNew only new or regressed findings fail the run
     */
    public static int of(List<ClusterRun> clusters, List<StoredFinding> findings, Severity failOn, boolean onlyNew) {
        return of(clusters, List.of(), findings, failOn, onlyNew);
    }

    /**
     * @param outcomes the run's rule outcomes; any ERROR makes it 2
     * @param failOn   the threshold, or null for {@code --fail-on none}
     * @param onlyNew  only new or regressed findings fail the run
     */
    public static int of(List<ClusterRun> clusters, List<RuleOutcome> outcomes, List<StoredFinding> findings,
                         Severity failOn, boolean onlyNew) {
        if (clusters.stream().anyMatch(c -> c.status() == ClusterRun.Status.INVALID_INPUT)
                || outcomes.stream().anyMatch(o -> o.status() == RuleOutcome.Status.ERROR)) {
            return INPUT_ERROR;
        }
        if (clusters.stream().anyMatch(c -> !c.audited())) {
            return NOT_AUDITED;
        }
        if (failOn != null && findings.stream().anyMatch(f -> !f.waived() && f.finding().severity().atLeast(failOn)
                && (!onlyNew || f.fresh()))) {
            return FINDINGS;
        }
        return OK;
    }
}
