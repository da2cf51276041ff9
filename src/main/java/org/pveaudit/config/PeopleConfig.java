package org.pveaudit.config;

/**
 * How accounts are linked into people across clusters: {@code identities}, an optional identities.yml for the
 * links e-mail, directory user and user id do not make, and the accounts they must not (docs/people.md).
 */
public record PeopleConfig(String identities) {

    PeopleConfig resolvedAgainst(java.nio.file.Path dir) {
        return new PeopleConfig(AuditConfig.resolve(dir, identities));
    }
}
