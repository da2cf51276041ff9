package org.pveaudit.rules;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pveaudit.model.Dataset;

/**
 * What a rule iterates over, the fields its expressions may use, the data it cannot do without,
 * and the data each field is derived from besides that.
 */
public enum SubjectKind {
    ACL(Set.of("path", "principal", "principalKind", "principalName", "role", "propagate", "principalExists",
            "roleExists", "roleBuiltIn", "rolePrivileges"), Dataset.ACL,
            derived(Set.of("principalExists"), Dataset.USERS, Dataset.GROUPS, Dataset.TOKENS),
            derived(Set.of("roleExists", "roleBuiltIn", "rolePrivileges"), Dataset.ROLES)),
    TOKEN(Set.of("id", "principal", "owner", "name", "expire", "privsep", "comment", "expired", "ownerExists",
            "ownerEnabled", "ownerExpire", "ownerExpired", "ownerActive", "hasAcl", "latent"), Dataset.TOKENS,
            derived(Set.of("ownerExists", "ownerEnabled", "ownerExpire", "ownerExpired", "ownerActive", "latent"),
                    Dataset.USERS),
            derived(Set.of("hasAcl"), Dataset.ACL)),
    USER(Set.of("id", "principal", "realm", "enabled", "expire", "expired", "firstname", "lastname", "email",
            "comment", "groups", "legacyKeys", "realmType", "realmExists", "realmTfa", "totpLocked", "hasTfa",
            "privileged", "privileges", "beyondRead", "anyPrivilege", "latent", "root", "tokens", "nameSplitInLists"),
            Dataset.USERS,
            // realmType: a user.cfg source takes it from domains.cfg
            derived(Set.of("realmType", "realmExists", "realmTfa"), Dataset.REALMS),
            derived(Set.of("totpLocked", "hasTfa"), Dataset.TFA),
            derived(Set.of("privileged", "privileges", "beyondRead", "anyPrivilege"), RuleFunctions.PRIVILEGE_DATA),
            derived(Set.of("tokens"), Dataset.TOKENS)),
    GROUP(Set.of("id", "members", "comment", "memberCount", "missingMembers", "membersWithoutAccount", "aclCount"),
            Dataset.GROUPS,
            derived(Set.of("missingMembers", "membersWithoutAccount"), Dataset.USERS),
            derived(Set.of("aclCount"), Dataset.ACL)),
    ROLE(Set.of("id", "privileges", "builtIn", "usedByAcl"), Dataset.ROLES,
            derived(Set.of("usedByAcl"), Dataset.ACL)),
    REALM(Set.of("id", "type", "default", "tfa", "comment", "options", "secretOptions", "userCount"),
            Dataset.REALMS,
            derived(Set.of("userCount"), Dataset.USERS)),
    POOL(Set.of("id", "comment", "vms", "storages"), Dataset.POOLS),
    /** Every user (root@pam included) and every API token, with its effective privileges. */
    PRINCIPAL(Set.of("id", "principal", "kind", "owner", "realm", "root", "privsep", "privileged", "privileges",
            "beyondRead", "anyPrivilege", "latent"), Dataset.USERS,
            derived(Set.of("privileged", "privileges", "beyondRead", "anyPrivilege"), RuleFunctions.PRIVILEGE_DATA),
            derived(Set.of("privsep"), Dataset.TOKENS)),
    CLUSTER(Set.of("name", "version", "release", "nodes", "userCount", "tokenCount", "aclCount", "gaps"),
            Dataset.ACL,
            derived(Set.of("userCount"), Dataset.USERS),
            derived(Set.of("tokenCount"), Dataset.TOKENS)),
    PRIVILEGE(Set.of("principal", "principalKind", "owner", "path", "privileges", "latent"), Dataset.ACL,
            derived(Set.of("privileges"), RuleFunctions.PRIVILEGE_DATA),
            derived(Set.of("latent"), Dataset.USERS)),
    /**
     * How the cluster was collected (one subject for an {@code api} source, none offline: offline
     * snapshots carry the {@link Dataset#SOURCE} gap, so these rules are not evaluated there).
     */
    SOURCE(Set.of("kind", "endpoint", "tls", "tlsVerified", "credential", "credentialType", "privsep",
            "expire", "expires", "privileges", "beyondRead", "holdsBeyondRead"), Dataset.SOURCE,
            // a token's privsep and expiry come from the user list
            derived(Set.of("privsep", "expire", "expires"), Dataset.USERS)),
    /**
     * Every user and token of the latest access review campaign covering the cluster, and every one created
     * since: the decision in force and what became of the access ({@link Dataset#REVIEWS} comes from the
     * history; without a campaign these rules are not evaluated).
     */
    REVIEW(Set.of("principal", "kind", "campaign", "due", "inCampaign", "reviewed", "decision", "reviewer",
            "justification", "decidedOn", "decidedDaysAgo", "exists", "present", "adminEquivalent",
            "adminEquivalentAtReview", "accessChanged"), Dataset.REVIEWS,
            derived(Set.of("exists", "accessChanged"), Dataset.USERS, Dataset.TOKENS, Dataset.ACL),
            derived(Set.of("present", "adminEquivalent"), RuleFunctions.PRIVILEGE_DATA)),
    /**
     * Every difference between the access declared for the cluster ({@link Dataset#DECLARED}, from the
     * configuration) and what it holds: a row held and not declared, declared and not held, or held otherwise,
     * and a declared user or token that can do more than declared. Every field rests on the whole comparison, so
     * every dataset it reads is required.
     */
    DRIFT(Set.of("kind", "object", "subject", "declared", "held", "principal", "path", "role"), Dataset.DECLARED,
            derived(Set.of("kind", "object", "subject", "declared", "held", "principal", "path", "role"),
                    Dataset.ACL, Dataset.USERS, Dataset.TOKENS, Dataset.GROUPS, Dataset.ROLES)),
    /**
     * Every user account of the cluster, with the person it belongs to across the run's clusters
     * ({@link Dataset#PEOPLE}: linked by identities.yml, e-mail, directory user and user id).
     */
    PERSON(Set.of("principal", "person", "email", "clusters", "activeHere", "activeAnywhere", "activeOn",
            "inactiveOn", "liveTokens", "adminEquivalent", "adminOn"), Dataset.PEOPLE,
            derived(Set.of("clusters", "activeHere", "activeAnywhere", "activeOn", "inactiveOn"), Dataset.USERS),
            derived(Set.of("liveTokens"), Dataset.USERS, Dataset.TOKENS),
            derived(Set.of("adminEquivalent", "adminOn"), RuleFunctions.PRIVILEGE_DATA));

    private final Set<String> fields;
    private final Dataset dataset;
    private final Map<String, Set<Dataset>> derivedFrom;

    @SafeVarargs
    SubjectKind(Set<String> fields, Dataset dataset, Map<String, Set<Dataset>>... derived) {
        this.fields = fields;
        this.dataset = dataset;
        Map<String, Set<Dataset>> all = new HashMap<>();
        for (Map<String, Set<Dataset>> d : derived) {
            d.forEach((field, sets) -> all.merge(field, sets, (a, b) -> {
                Set<Dataset> u = EnumSet.copyOf(a);
                u.addAll(b);
                return Set.copyOf(u);
            }));
        }
        this.derivedFrom = Map.copyOf(all);
    }

    private static Map<String, Set<Dataset>> derived(Set<String> fields, Dataset first, Dataset... rest) {
        return derived(fields, EnumSet.of(first, rest));
    }

    private static Map<String, Set<Dataset>> derived(Set<String> fields, Set<Dataset> datasets) {
        Map<String, Set<Dataset>> m = new HashMap<>();
        fields.forEach(f -> m.put(f, Set.copyOf(datasets)));
        return m;
    }

    public Set<String> fields() {
        return fields;
    }

    /** The dataset without which no subject of this kind can be evaluated. */
    public Dataset dataset() {
        return dataset;
    }

    /**
     * The datasets a field is computed from besides {@link #dataset()}: a rule reading the field
     * says nothing true when one of them is missing.
     */
    public Set<Dataset> derivedFrom(String field) {
        return derivedFrom.getOrDefault(field, Set.of());
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
