package org.pveaudit.source.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.pveaudit.model.Realm;

/**
 * Replaces the credential in use by {@link Realm#REDACTED} in an answer's body: a server (or a proxy
 * in front of it) that echoes the Authorization header, the password or the ticket must not get the
 * secret into a message, a log line, the report or the history.
 */
final class SecretScrub {

    private SecretScrub() {
    }

    /** The body with every secret of at least 4 bytes replaced; the same array when none occurs. */
    static byte[] scrub(byte[] body, Supplier<List<String>> secrets) {
        if (body == null || body.length == 0) {
            return body;
        }
        String text = null;
        for (String secret : secrets.get()) {
            byte[] s = secret.getBytes(StandardCharsets.UTF_8);
            if (s.length >= 4 && indexOf(body, s) >= 0) {
                text = (text == null ? new String(body, StandardCharsets.UTF_8) : text).replace(secret, Realm.REDACTED);
            }
        }
        return text == null ? body : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
