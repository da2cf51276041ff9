package org.pveaudit.rules;

import java.util.Locale;
import java.util.Set;
import org.pveaudit.model.Dataset;

/** What a rule iterates over, the fields its expressions may use, and the data it cannot do without. */
public enum SubjectKind {
    ACL(Set.of("path", "principal", "principalKind", "principalName", "role", "propagate", "principalExists",
            "roleExists", "roleBuiltIn", "rolePrivileges"), Dataset.ACL),
    TOKEN(Set.of("id", "principal", "owner", "name", "expire", "privsep", "comment", "expired", "ownerExists",
            "ownerEnabled", "ownerExpire", "ownerExpired", "ownerActive", "hasAcl", "latent"), Dataset.TOKENS),
    USER(Set.of("id", "principal", "realm", "enabled", "expire", "expired", "firstname", "lastname", "email",
            "comment", "groups", "legacyKeys", "realmType", "realmExists", "realmTfa", "totpLocked", "hasTfa",
            "privileged", "privileges", "latent", "root", "tokens", "nameSplitInLists"), Dataset.USERS),
    GROUP(Set.of("id", "members", "comment", "memberCount", "missingMembers", "aclCount"), Dataset.GROUPS),
    ROLE(Set.of("id", "privileges", "builtIn", "usedByAcl"), Dataset.ROLES),
    REALM(Set.of("id", "type", "default", "tfa", "comment", "options", "secretOptions", "userCount"),
            Dataset.REALMS),
    POOL(Set.of("id", "comment", "vms", "storages"), Dataset.POOLS),
    /** Every user (root@pam included) and every API token, with its effective privileges. */
    PRINCIPAL(Set.of("id", "principal", "kind", "owner", "realm", "root", "privsep", "privileged", "privileges",
            "latent"), Dataset.USERS),
    CLUSTER(Set.of("name", "version", "release", "nodes", "userCount", "tokenCount", "aclCount", "gaps"),
            Dataset.ACL),
    PRIVILEGE(Set.of("principal", "principalKind", "owner", "path", "privileges", "latent"), Dataset.ACL),
    /**
     * How the cluster was collected (one subject for an {@code api} source, none offline: offline
     * snapshots carry the {@link Dataset#SOURCE} gap, so these rules are not evaluated there).
     */
    SOURCE(Set.of("kind", "endpoint", "tls", "tlsVerified", "credential", "credentialType", "privsep",
            "expire", "expires", "privileges", "beyondRead", "holdsBeyondRead"), Dataset.SOURCE);

    private final Set<String> fields;
    private final Dataset dataset;

    SubjectKind(Set<String> fields, Dataset dataset) {
        this.fields = fields;
        this.dataset = dataset;
    }

    public Set<String> fields() {
        return fields;
    }

    /** The dataset without which no subject of this kind can be evaluated. */
    public Dataset dataset() {
        return dataset;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubjectKind parse(String text) {
        for (SubjectKind k : values()) {
            if (k.key().equals(text)) {
                return k;
            }
        }
        return null;
    }
}
