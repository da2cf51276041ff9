package org.pveaudit.rules;

import java.time.Duration;

/**
 * How much work one rule may do on one cluster before it is stopped and reported as ERROR: on any
 * one subject, {@link #OPERATIONS_PER_SUBJECT} SpEL operations; on the whole cluster, {@code time}
 * (configurable as {@code policy.rule-budget}) plus {@link #PER_SUBJECT} for each subject of the
 * rule's kind, since honest work grows with the cluster (the slowest baseline rule takes about 1.8 s
 * on 30,000 principals, 0.06 ms each, where its budget is 17 s).
 */
public record RuleBudget(Duration time) {

    /** The longest base time a configuration may set: a rule that needs more is a rule to rewrite. */
    public static final Duration MAX_TIME = Duration.ofMinutes(5);

    /** Two seconds per rule and cluster, plus {@link #PER_SUBJECT}. */
    public static final RuleBudget DEFAULT = new RuleBudget(Duration.ofSeconds(2));

    /** Time added to the budget for each subject the rule looks at. */
    public static final Duration PER_SUBJECT = Duration.ofNanos(500_000);

    /**
     * SpEL operations one evaluation of a condition may perform (each element a projection,
     * selection or inline list visits is one); enforced by SpEL itself.
     */
    public static final int OPERATIONS_PER_SUBJECT = 10_000;

    public RuleBudget {
        if (time == null || time.isNegative() || time.isZero() || time.compareTo(MAX_TIME) > 0) {
            throw new IllegalArgumentException("a rule budget must be more than 0 and at most " + MAX_TIME.toMinutes()
                    + " minutes");
        }
    }

    /** The time a rule may take over {@code subjects} subjects. */
    public Duration timeFor(int subjects) {
        return time.plus(PER_SUBJECT.multipliedBy(subjects));
    }

    /** "2 s", "500 ms", "1.5 s": how messages name a time. */
    public static String words(Duration time) {
        long ms = time.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
