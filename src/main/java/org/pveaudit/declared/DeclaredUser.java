package org.pveaudit.declared;

/** A user as declared: {@code expire} in epoch seconds, 0 = never (as Proxmox stores it). */
public record DeclaredUser(String id, boolean enabled, long expire) {
}
