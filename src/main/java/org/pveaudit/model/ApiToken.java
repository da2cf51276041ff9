package org.pveaudit.model;

/** An API token ({@code user@realm!tokenid}); {@code expire} in epoch seconds, 0 = never. */
public record ApiToken(String id, long expire, boolean privsep, String comment) {

    public ApiToken {
        if (id == null || id.indexOf('!') < 1) {
            throw new IllegalArgumentException("token id must look like user@realm!tokenid: " + id);
        }
    }

    /** The user id that owns the token. */
    public String owner() {
        return id.substring(0, id.indexOf('!'));
    }

    /** The token id part after {@code !}. */
    public String name() {
        return id.substring(id.indexOf('!') + 1);
    }

    public boolean expiredAt(long nowEpochSeconds) {
        return expire > 0 && expire < nowEpochSeconds;
    }
}
