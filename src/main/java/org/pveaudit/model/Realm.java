package org.pveaudit.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An authentication realm ({@code pam}, {@code pve}, {@code ldap}, {@code ad}, {@code openid}).
 * {@code tfa} is the enforced second-factor type ({@code oath}, {@code yubico}) or null. Options hold
 * the realm's settings with secrets (OpenID {@code client-key}, Yubico {@code key}) already redacted.
 */
public record Realm(String id, String type, boolean defaultRealm, String comment, String tfa,
                    Map<String, String> options) {

    /** The text that replaces a secret value wherever one would be stored. */
    public static final String REDACTED = "<redacted>";

    public Realm {
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options == null ? Map.of() : options));
    }
}
