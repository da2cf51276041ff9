package org.pveaudit.history;

/**
 * One change of a cluster's access data between two runs. {@code key} names the object (a user,
 * group, token, role or realm id, or {@code path|principal} for ACL entries); {@code before} and
 * {@code after} are short descriptions of the changed attributes (null for an added or removed side).
 */
public record DriftEntry(String cluster, ObjectKind object, Change change, String key, String before,
                         String after) {

    /** What kind of access object changed. */
    public enum ObjectKind {
        USER, GROUP, TOKEN, ACL, ROLE, REALM;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The dataset these objects are read from: without it, they cannot be compared. */
        public org.pveaudit.model.Dataset dataset() {
            return switch (this) {
                case USER -> org.pveaudit.model.Dataset.USERS;
                case GROUP -> org.pveaudit.model.Dataset.GROUPS;
                case TOKEN -> org.pveaudit.model.Dataset.TOKENS;
                case ACL -> org.pveaudit.model.Dataset.ACL;
                case ROLE -> org.pveaudit.model.Dataset.ROLES;
                case REALM -> org.pveaudit.model.Dataset.REALMS;
            };
        }
    }

    /** How it changed. */
    public enum Change { ADDED, REMOVED, CHANGED }

    /** The fields as findings.json and {@code diff --json} print them. */
    public java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("cluster", cluster);
        m.put("object", object.key());
        m.put("change", change.name());
        m.put("key", key);
        m.put("before", before);
        m.put("after", after);
        return m;
    }

    /** One line for the command line: {@code + token root@pam!new (expire never, privsep 0)}. */
    public String describe() {
        return switch (change) {
            case ADDED -> "+ " + object.key() + " " + key + (after == null || after.isEmpty() ? "" : " (" + after + ")");
            case REMOVED -> "- " + object.key() + " " + key + (before == null || before.isEmpty() ? ""
                    : " (" + before + ")");
            case CHANGED -> "~ " + object.key() + " " + key + ": " + before + " -> " + after;
        };
    }
}
