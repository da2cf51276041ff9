package org.pveaudit.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One access object of a cluster as drift sees it: its kind, its key and the description of the
 * attributes drift compares ({@code enabled 1; expire never; realm-type ldap}). Stored once per
 * distinct content and named by {@link #id()}, so two runs compare by their sets of ids.
 */
public record AccessFact(DriftEntry.ObjectKind object, String key, String description) {

    /**
     * The first 8 bytes of SHA-256 over kind, key and description. A collision among the facts of one
     * history (at most millions) has a probability below 10^-6 even then.
     */
    public long id() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(object.key().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(description.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
