package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import java.util.List;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;

/**
 * Maps a run's outcome to the exit code cron and CI act on: 2 malformed input or a rule whose
 * condition failed (outcome ERROR: a broken rule is a configuration error, whatever {@code --fail-on}
 * says), 3 a cluster not audited, 1 unwaived findings at or above the threshold, else 0. Input errors
 * come first because they need a person to fix the data or the rules; an unreachable cluster may be
 * transient. Which findings count for 1 is the run's {@link FailurePolicy}.
 */
public final class ExitCode {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int INPUT_ERROR = 2;
    public static final int NOT_AUDITED = 3;

    private ExitCode() {
    }

    /**
     * @param outcomes the run's rule outcomes; any ERROR makes it 2
     * @param policy   which findings fail the run
     */
    public static int of(List<ClusterRun> clusters, List<RuleOutcome> outcomes, List<StoredFinding> findings,
                         FailurePolicy policy) {
        if (clusters.stream().anyMatch(c -> c.status() == ClusterRun.Status.INVALID_INPUT)
                || outcomes.stream().anyMatch(o -> o.status() == RuleOutcome.Status.ERROR)) {
            return INPUT_ERROR;
        }
        if (clusters.stream().anyMatch(c -> !c.audited())) {
            return NOT_AUDITED;
        }
        if (findings.stream().anyMatch(policy::fails)) {
            return FINDINGS;
        }
        return OK;
    }
}
