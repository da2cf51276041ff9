package org.pveaudit.history;

/**
 * One access object of a cluster as drift sees it: its kind, its key and the description of the
 * attributes drift compares ({@code enabled 1; expire never; realm-type ldap}). Stored once per
 * distinct content and named by {@link #id()}, so two runs compare by their sets of ids.
 */
public record AccessFact(DriftEntry.ObjectKind object, String key, String description) {

    /**
     * The first 8 bytes of SHA-256 over kind, key and description ({@link DigestSet#digest}). A
     * collision among the facts of one history (at most millions) has a probability below 10^-6.
     */
    public long id() {
        return DigestSet.digest(object.key(), key, description);
    }
}
