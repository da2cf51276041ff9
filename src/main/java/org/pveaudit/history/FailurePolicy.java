package org.pveaudit.history;

import org.pveaudit.rules.Severity;

/**
 * When findings fail a run (exit code 1): {@code --fail-on} (a severity, or {@code none}) and
 * {@code --fail-on-new} (only findings new or regressed since the cluster's previous completed run count).
 * The one place that knows "none" means no threshold.
 *
 * @param threshold the lowest severity that fails the run; null for {@code none} (read it through the methods)
 * @param newOnly   only new or regressed findings count
 */
public record FailurePolicy(Severity threshold, boolean newOnly) {

    /** The default of {@code audit} and {@code schedule}: unwaived findings of high or critical severity fail. */
    public static final FailurePolicy DEFAULT = new FailurePolicy(Severity.HIGH, false);

    private static final String NONE = "none";

    /**
     * Parses a {@code --fail-on} value: critical, high, medium, low or none (any case).
     *
     * @throws IllegalArgumentException with the one-line message for anything else
     */
    public static FailurePolicy parse(String failOn, boolean newOnly) {
        if (NONE.equalsIgnoreCase(failOn)) {
            return new FailurePolicy(null, newOnly);
        }
        Severity threshold = Severity.parse(failOn);
        if (threshold == null || threshold == Severity.INFO) {
            throw new IllegalArgumentException("--fail-on: '" + failOn
                    + "' is not one of critical, high, medium, low, none");
        }
        return new FailurePolicy(threshold, newOnly);
    }

    /** The threshold as the run record, the report and the mail spell it: a severity key, or "none". */
    public String key() {
        return threshold == null ? NONE : threshold.key();
    }

    /** Whether this finding fails the run: unwaived, at or above the threshold, and new or regressed if asked. */
    public boolean fails(StoredFinding f) {
        return threshold != null && !f.waived() && f.finding().severity().atLeast(threshold)
                && (!newOnly || f.fresh());
    }
}
