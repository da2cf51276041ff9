package org.pveaudit.declared;

/** An API token as declared ({@code user@realm!name}); {@code expire} in epoch seconds, 0 = never. */
public record DeclaredToken(String id, long expire, boolean privsep) {
}
