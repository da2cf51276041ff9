package org.pveaudit.rules;

/**
 * What one rule concluded for one cluster; a rule that could not be evaluated is never a pass.
 * {@code reason} says why for NOT_EVALUATED (the data missing) and ERROR (how the condition failed).
 */
public record RuleOutcome(String cluster, String ruleId, Severity severity, String title, Status status,
                          int findings, String reason) {

    /**
     * The outcomes auditors distinguish. ERROR: the condition failed at run time or ran over its
     * budget; its findings on the cluster were dropped (a partial result is not true), so like
     * NOT_EVALUATED it says nothing about the cluster and the history keeps the last known state.
     */
    public enum Status { PASSED, FAILED, WAIVED, NOT_EVALUATED, ERROR }
}
