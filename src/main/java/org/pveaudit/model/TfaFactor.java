package org.pveaudit.model;

/** One second factor of a user ({@code totp}, {@code webauthn}, {@code u2f}, {@code recovery}, {@code yubico}). */
public record TfaFactor(String type, String id, String description, long created, boolean enabled) {
}
