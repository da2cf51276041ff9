package org.pveaudit.rules;

/**
 * Why a rule condition could not be evaluated, in plain words, raised by the sandbox itself (a
 * budget run out, a regular expression refused, a result that is not true or false). It carries no
 * stack trace: it is a verdict on the rule, not a defect of the program.
 */
public final class ConditionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean overBudget;

    public ConditionFailure(String reason) {
        this(reason, false);
    }

    /** @param overBudget the rule's time ran out: no fault of the subject it happened to be at */
    public ConditionFailure(String reason, boolean overBudget) {
        super(reason, null, false, false);
        this.overBudget = overBudget;
    }

    public boolean overBudget() {
        return overBudget;
    }
}
