package org.pveaudit.model;

/** What a user's legacy {@code keys} field holds (reference 3.5), without the value itself. */
public enum LegacyKeys {
    /** Empty field. */
    NONE,
    /** {@code x} or {@code x!type}: the user has entries in {@code priv/tfa.cfg}. */
    TFA_MARKER,
    /** Legacy Yubico ids or TOTP secrets stored in user.cfg, readable by anyone who may list users. */
    LEGACY_SECRET;

    /** Classifies a raw {@code keys} value; the raw value is not kept. */
    public static LegacyKeys classify(String raw) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        if (raw.equals("x") || raw.startsWith("x!")) {
            return TFA_MARKER;
        }
        return LEGACY_SECRET;
    }
}
