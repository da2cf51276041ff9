package org.pveaudit.access;

import java.nio.charset.StandardCharsets;
import org.pveaudit.json.JsonText;

/**
 * Caches the encoded tail {@code ["A","B"]}}+newline of each distinct privilege set: a config has few
 * distinct sets, while the matrix has millions of lines. Open addressing on the bit pattern; not
 * thread-safe (one per worker).
 */
final class PrivilegeSetJson {

    private static final long EMPTY = -1L; // bit 63 is never a privilege

    private final PrivilegeBits bits;
    private long[] keys = new long[1024];
    private byte[][] values = new byte[1024][];
    private int count;
    private final int maxLength;

    PrivilegeSetJson(PrivilegeBits bits) {
        this.bits = bits;
        java.util.Arrays.fill(keys, EMPTY);
        maxLength = encode((1L << bits.size()) - 1).length;
    }

    /** Longest possible encoding (all privileges). */
    int maxLength() {
        return maxLength;
    }

    byte[] of(long set) {
        int mask = keys.length - 1;
        int i = (int) (mix(set) & mask);
        while (true) {
            long k = keys[i];
            if (k == set) {
                return values[i];
            }
            if (k == EMPTY) {
                byte[] v = encode(set);
                keys[i] = set;
                values[i] = v;
                if (++count * 2 > keys.length) {
                    grow();
                }
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        byte[][] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2][];
        java.util.Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = (int) (mix(oldKeys[j]) & mask);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    private byte[] encode(long set) {
        StringBuilder b = new StringBuilder("[");
        boolean first = true;
        for (String name : bits.names(set)) {
            if (!first) {
                b.append(',');
            }
            first = false;
            JsonText.append(b, name);
        }
        return b.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
