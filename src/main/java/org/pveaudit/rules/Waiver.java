package org.pveaudit.rules;

import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * An accountable exception: findings of {@code rule} whose cluster, principal, path and subject
 * match the globs ({@code *}, {@code ?}; null = any) are waived until {@code expires}, for a
 * {@code reason} that an {@code owner} answers for. {@code source} is {@code file:line:column}.
 */
public record Waiver(String rule, String cluster, String principal, String path, String subject, String reason,
                     String owner, LocalDate expires, String ticket, String source) {

    /** Days before expiry from which a waiver is listed as expiring. */
    public static final int EXPIRING_DAYS = 14;

    /** The state of a waiver on a given day and after matching a run's findings. */
    public enum Status { ACTIVE, EXPIRING, EXPIRED, STALE }

    /** The same waiver, its place named differently (as the run records it). */
    public Waiver withSource(String source) {
        return new Waiver(rule, cluster, principal, path, subject, reason, owner, expires, ticket, source);
    }

    /** Expired once the day after {@code expires} has begun. */
    public boolean expiredOn(LocalDate today) {
        return today.isAfter(expires);
    }

    public boolean matches(Rule r, Finding f) {
        return r.answersTo(rule) && glob(cluster, f.cluster()) && glob(principal, f.principal())
                && glob(path, f.path()) && glob(subject, f.subjectKey());
    }

    /** Its status on {@code today}, given how many findings it waived in the run. */
    public Status status(LocalDate today, int matched) {
        if (expiredOn(today)) {
            return Status.EXPIRED;
        }
        if (matched == 0) {
            return Status.STALE;
        }
        return today.plusDays(EXPIRING_DAYS).isAfter(expires) ? Status.EXPIRING : Status.ACTIVE;
    }

    static boolean glob(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }
}
