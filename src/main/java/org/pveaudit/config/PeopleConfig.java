package org.pveaudit.config;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.pveaudit.people.Identities;
import org.pveaudit.people.IdentitiesFile;
import org.pveaudit.people.MatchKey;

/**
 * How accounts are linked into people across clusters: {@code identities}, an optional identities.yml for the
 * links the keys do not make and the accounts they must not, and {@code match-keys}, which keys link accounts
 * (e-mail, directory user, user id: all by default; docs/people.md).
 */
public record PeopleConfig(String identities, List<MatchKey> matchKeys) {

    public PeopleConfig {
        matchKeys = matchKeys == null ? List.of(MatchKey.values()) : List.copyOf(matchKeys);
    }

    /**
     * What links accounts in this configuration: the identities file read now, with the configured keys.
     *
     * @throws org.pveaudit.people.IdentitiesException for an identities file that cannot be used
     */
    public Identities linking() {
        Identities file = identities == null ? Identities.NONE : IdentitiesFile.read(Path.of(identities));
        return file.withKeys(matchKeys.isEmpty() ? EnumSet.noneOf(MatchKey.class) : EnumSet.copyOf(matchKeys));
    }

    PeopleConfig resolvedAgainst(Path dir) {
        return new PeopleConfig(AuditConfig.resolve(dir, identities), matchKeys);
    }
}
