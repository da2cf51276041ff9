package org.pveaudit.people;

/**
 * What links two accounts of different clusters into one person, besides identities.yml: the same e-mail
 * (case-insensitive, trimmed), the same directory user (the same user name in realms of type ldap, ad or openid),
 * the same user id.
 */
public enum MatchKey {
    EMAIL, DIRECTORY_USER, USER_ID
}
