package org.pveaudit.rules;

/**
 * One rule that holds for one subject in one cluster. {@code subjectKey} identifies the subject
 * stably across runs (token id, or {@code path|principal|role} for an ACL entry); {@code principal}
 * is the user, token or {@code @group} concerned and {@code path} the ACL path, where there is one.
 */
public record Finding(String cluster, String ruleId, Severity severity, String title, SubjectKind subject,
                      String subjectKey, String principal, String path, String message) {

    /**
     * The role concerned: the last part of an ACL entry's {@code path|principal|role} key (role ids have no
     * {@code |}, user names may), a role finding's own id, otherwise null.
     */
    public String role() {
        return switch (subject) {
            case ACL -> subjectKey.substring(subjectKey.lastIndexOf('|') + 1);
            case ROLE -> subjectKey;
            default -> null;
        };
    }

    /** A stable identity across runs: never the message text, never a database id. */
    public String fingerprint() {
        return cluster + "|" + ruleId + "|" + subject.key() + "|" + subjectKey;
    }
}
