package org.pveaudit.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
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

    /** Realm options whose values are secrets, or name key material (reference 3.6, 4.4). */
    public static final Set<String> SECRET_OPTIONS = Set.of("client-key", "password", "certkey");

    public Realm {
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options == null ? Map.of() : options));
    }

    /** The {@code type=} of a realm's tfa property string ({@code type=yubico,id=..,key=..}), or null. */
    public static String tfaType(String tfa) {
        if (tfa == null) {
            return null;
        }
        for (String part : tfa.split(",")) {
            String kv = part.strip();
            if (kv.startsWith("type=")) {
                return kv.substring(5);
            }
            if (!kv.contains("=") && !kv.isEmpty()) {
                return kv;
            }
        }
        return null;
    }

    /** The tfa property string with the Yubico API key replaced, keeping the fact that one is set. */
    public static String redactTfa(String tfa) {
        if (tfa == null) {
            return null;
        }
        return String.join(",", Arrays.stream(tfa.split(","))
                .map(p -> p.strip().startsWith("key=") ? "key=" + REDACTED : p).toList());
    }
}
