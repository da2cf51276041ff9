package org.pveaudit.declared;

/**
 * One difference between the declared and the held access: {@code subject} is the key it was compared by
 * (a user, token, role or group id; an ACL entry as {@code path principal role}); {@code declared} and
 * {@code held} say what each side has, {@code absent} where a side has nothing.
 */
public record Drift(Kind kind, String subject, String declared, String held) {

    /** What is absent on one side. */
    public static final String ABSENT = "absent";

    /** The kinds of difference, in the order a comparison lists them. */
    public enum Kind {
        UNDECLARED_ACL, MISSING_ACL, ACL_DIFFERS,
        UNDECLARED_USER, MISSING_USER, USER_DIFFERS,
        UNDECLARED_TOKEN, MISSING_TOKEN, TOKEN_DIFFERS,
        MISSING_ROLE, ROLE_DIFFERS,
        UNDECLARED_GROUP, MISSING_GROUP, GROUP_MEMBERS_DIFFER,
        /** A declared user or token that can do more than the declaration lets it ({@link EffectiveComparison}). */
        PRIVILEGES_BEYOND
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": declared " + declared + ", held " + held;
    }
}
