package org.pveaudit.rules;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The kind of value a subject field holds, so {@code rules check} can refuse a condition that
 * compares a number with a text field or reads a property of a list before any cluster is touched.
 * A field may also be null (a user without a comment); null is compatible with every kind.
 */
public enum FieldType {
    TEXT("text"), NUMBER("a number"), BOOLEAN("true or false"), LIST("a list"), MAP("a map");

    private static final Map<String, FieldType> BY_NAME = byName();

    private final String words;

    FieldType(String words) {
        this.words = words;
    }

    /** How a message names it: "text", "a number", "true or false", "a list", "a map". */
    public String words() {
        return words;
    }

    /** The declared kind of a field of a subject kind, or null for a name that is not a field of it. */
    public static FieldType of(SubjectKind kind, String field) {
        return kind.fields().contains(field) ? BY_NAME.get(field) : null;
    }

    /** The kind of a runtime value, or null for null and anything else. */
    public static FieldType ofValue(Object value) {
        if (value instanceof CharSequence) {
            return TEXT;
        }
        if (value instanceof Number) {
            return NUMBER;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Collection<?> || value instanceof Object[]) {
            return LIST;
        }
        return value instanceof Map<?, ?> ? MAP : null;
    }

    // Every field name means the same kind of value in every subject kind that has it; a test
    // checks this table against the values Subject builds.
    private static Map<String, FieldType> byName() {
        Map<String, FieldType> m = new HashMap<>();
        Set.of("id", "principal", "owner", "name", "comment", "realm", "firstname", "lastname", "email",
                "legacyKeys", "realmType", "realmTfa", "path", "principalKind", "principalName", "role", "kind",
                "type", "tfa", "version", "release", "endpoint", "tls", "credential", "credentialType", "campaign",
                "decision", "reviewer", "justification", "object", "subject", "declared", "held", "person")
                .forEach(f -> m.put(f, TEXT));
        Set.of("expire", "ownerExpire", "tokens", "memberCount", "missingMembers", "aclCount", "userCount",
                "tokenCount", "due", "decidedOn", "decidedDaysAgo").forEach(f -> m.put(f, NUMBER));
        Set.of("enabled", "expired", "privsep", "ownerExists", "ownerEnabled", "ownerExpired", "ownerActive",
                "hasAcl", "latent", "realmExists", "totpLocked", "hasTfa", "privileged", "anyPrivilege", "root",
                "propagate", "principalExists", "roleExists", "roleBuiltIn", "builtIn", "usedByAcl", "default",
                "tlsVerified", "expires", "holdsBeyondRead", "nameSplitInLists", "inCampaign", "reviewed", "exists",
                "present", "adminEquivalent", "adminEquivalentAtReview", "accessChanged", "activeHere", "activeAnywhere").forEach(f -> m.put(f, BOOLEAN));
        Set.of("groups", "privileges", "beyondRead", "members", "membersWithoutAccount", "rolePrivileges",
                "secretOptions", "vms", "storages", "nodes", "gaps", "clusters", "activeOn", "inactiveOn",
                "liveTokens", "adminOn").forEach(f -> m.put(f, LIST));
        m.put("options", MAP);
        return Map.copyOf(m);
    }
}
