package org.pveaudit.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a snapshot was collected from the live API: the endpoint that answered, whether TLS was
 * verified, and the audit credential itself (its id, and for a token its privilege separation and
 * expiry as listed by {@code /access/users?full=1}) with its own effective privileges from
 * {@code GET /access/permissions}. Never holds a secret.
 *
 * @param kind            the source kind ({@code api})
 * @param endpoint        the base URL that answered ({@code https://host:8006})
 * @param tls             how the server certificate was checked: {@code system}, {@code ca-file},
 *                        {@code fingerprint} or {@code insecure}
 * @param tlsVerified     false only for {@code insecure}
 * @param credential      the user id ({@code user@realm}) or token id ({@code user@realm!tokenid})
 * @param credentialType  {@code token} or {@code user}
 * @param privsep         the token's privilege separation; null for a user or when the token was not listed
 * @param expire          epoch seconds of the credential's expiry, 0 = never; null when not known
 * @param permissions     path → privilege → propagate, as {@code /access/permissions} returned them;
 *                        null when that endpoint could not be read
 */
public record SourceInfo(String kind, String endpoint, String tls, boolean tlsVerified, String credential,
                         String credentialType, Boolean privsep, Long expire,
                         Map<String, Map<String, Boolean>> permissions) {

    public SourceInfo {
        if (permissions != null) {
            Map<String, Map<String, Boolean>> copy = new TreeMap<>();
            permissions.forEach((path, privs) -> copy.put(path, Collections.unmodifiableMap(new TreeMap<>(privs))));
            permissions = Collections.unmodifiableMap(copy);
        }
    }

    /** Every privilege the credential holds on some path. */
    public SortedSet<String> privileges() {
        SortedSet<String> all = new TreeSet<>();
        if (permissions != null) {
            permissions.values().forEach(p -> all.addAll(p.keySet()));
        }
        return all;
    }

    /** The privileges beyond reading ({@link ReadOnlyPrivileges}), sorted. */
    public List<String> beyondRead() {
        return ReadOnlyPrivileges.beyondRead(privileges());
    }

    /** Whether the credential holds the privilege at exactly that path (as listed by /access/permissions). */
    public boolean holds(String path, String privilege) {
        return permissions != null && permissions.getOrDefault(path, Map.of()).containsKey(privilege);
    }

    /** Whether the credential holds the privilege at that path with the propagate flag set. */
    public boolean holdsPropagated(String path, String privilege) {
        return permissions != null && Boolean.TRUE.equals(permissions.getOrDefault(path, Map.of()).get(privilege));
    }
}
