package org.pveaudit.rules;

/** What one rule concluded for one cluster; a rule that could not be evaluated is never a pass. */
public record RuleOutcome(String cluster, String ruleId, Severity severity, String title, Status status,
                          int findings, String reason) {

    /** The four outcomes auditors distinguish. */
    public enum Status { PASSED, FAILED, WAIVED, NOT_EVALUATED }
}
