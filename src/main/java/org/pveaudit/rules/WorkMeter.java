package org.pveaudit.rules;

/**
 * Holds one rule to its {@link RuleBudget} while it runs over a cluster's subjects. The engine
 * checks it before each subject; field reads, helper functions and regular expression matching
 * check it as they work, so no single step can outlast the budget by more than a few milliseconds.
 * One meter serves one cluster's evaluation, one rule at a time (not thread-safe).
 */
public final class WorkMeter {

    /** A regular expression match checks the clock every this many characters. */
    static final int CHARACTERS_PER_CHECK = 1024;

    private String budget;
    private long deadline;
    private long checks;

    /** Starts the clock of a rule that looks at {@code subjects} subjects. */
    public void start(RuleBudget budget, int subjects) {
        java.time.Duration time = budget.timeFor(subjects);
        this.budget = RuleBudget.words(time) + (subjects == 1 ? "" : " for " + subjects + " subjects");
        this.deadline = System.nanoTime() + time.toNanos();
        this.checks = 0;
    }

    /** Stops the clock: checks pass until the next {@link #start}. */
    public void stop() {
        budget = null;
    }

    /**
     * Counts one unit of work and ends the rule when its time is up.
     *
     * @throws ConditionFailure when the budget has run out
     */
    public void check() {
        checks++;
        if (budget != null && System.nanoTime() - deadline > 0) {
            // the budget stays set: should anything swallow this, the next check throws again
            throw new ConditionFailure("ran over its time budget of " + budget + " on this cluster (see "
                    + "policy.rule-budget)", true);
        }
    }

    /** The units of work counted since the rule started. */
    public long checks() {
        return checks;
    }
}
