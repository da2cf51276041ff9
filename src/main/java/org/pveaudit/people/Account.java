package org.pveaudit.people;

import java.util.List;
import org.pveaudit.model.ApiToken;

/**
 * One user account on one cluster, as a person sees it: where it lives, whether it can log in now, its API
 * tokens, and whether it holds every privilege of the Administrator role on some path.
 * {@code expire} is epoch seconds, 0 = never; {@code email} is null when the account has none.
 */
public record Account(String cluster, String userId, String realm, String realmType, boolean enabled, long expire,
                      String email, boolean active, List<ApiToken> tokens, boolean adminEquivalent) {

    public Account {
        tokens = List.copyOf(tokens);
    }

    /** {@code cluster:user@realm}, the spelling identities.yml uses. */
    public String id() {
        return id(cluster, userId);
    }

    static String id(String cluster, String userId) {
        return cluster + ":" + userId;
    }

    /** The user name without its realm ({@code alice} of {@code alice@corp-ldap}). */
    public String userName() {
        int at = userId.lastIndexOf('@');
        return at < 0 ? userId : userId.substring(0, at);
    }

    /** The tokens that have not expired: an inactive owner's are latent, back the moment it is re-enabled. */
    public List<ApiToken> liveTokens(long now) {
        return tokens.stream().filter(t -> !t.expiredAt(now)).toList();
    }
}
