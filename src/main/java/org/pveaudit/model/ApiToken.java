package org.pveaudit.model;

/**
 * An API token ({@code user@realm!tokenid}); {@code expire} in epoch seconds, 0 = never. User names
 * may contain {@code !}, token ids may not: the owner is everything before the last {@code !}.
 */
public record ApiToken(String id, long expire, boolean privsep, String comment) {

    public ApiToken {
        if (id == null || id.lastIndexOf('!') < 1) {
            throw new IllegalArgumentException("token id must look like user@realm!tokenid: " + id);
        }
    }

    /** The user id that owns the token ({@code x!y@pve} for {@code x!y@pve!t2}). */
    public String owner() {
        return id.substring(0, id.lastIndexOf('!'));
    }

    /** The token id part after the last {@code !}. */
    public String name() {
        return id.substring(id.lastIndexOf('!') + 1);
    }

    public boolean expiredAt(long nowEpochSeconds) {
        return expire > 0 && expire < nowEpochSeconds;
    }
}
