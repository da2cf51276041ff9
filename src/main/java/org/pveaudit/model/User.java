package org.pveaudit.model;

import java.util.List;

/**
 * A Proxmox VE user. {@code expire} is epoch seconds, 0 = never. Legacy second-factor data in
 * the {@code keys} field is kept only as a {@link LegacyKeys} marker: the secret itself is never stored.
 */
public record User(String id, boolean enabled, long expire, String firstname, String lastname,
                   String email, String comment, LegacyKeys keys, List<String> groups,
                   String realmType, boolean totpLocked, long tfaLockedUntil) {

    public User {
        groups = List.copyOf(groups == null ? List.of() : groups);
        keys = keys == null ? LegacyKeys.NONE : keys;
    }

    /** The realm part of the user id. */
    public String realm() {
        int at = id.lastIndexOf('@');
        return at < 0 ? "" : id.substring(at + 1);
    }

    /** Expired as Proxmox decides it: {@code expire > 0 && expire < now}. */
    public boolean expiredAt(long nowEpochSeconds) {
        return expire > 0 && expire < nowEpochSeconds;
    }

    /** Can log in or use tokens at that moment (authentication only; reference 2.7). */
    public boolean activeAt(long nowEpochSeconds) {
        return enabled && !expiredAt(nowEpochSeconds);
    }
}
