package org.pveaudit.history;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A run's rows of one cluster (findings or access facts) as 64-bit digests of their compared content,
 * each naming its row. Two sets are compared by one merge of their sorted digests, so a diff reads
 * two small blobs per cluster and then only the rows that differ.
 */
final class DigestSet {

    static final DigestSet EMPTY = new DigestSet(new long[0], new long[0]);

    private final long[] digests; // ascending
    private final long[] rows;    // the row each digest names

    private DigestSet(long[] digests, long[] rows) {
        this.digests = digests;
        this.rows = rows;
    }

    /** Digests that are their rows' ids (content-addressed rows such as access facts). */
    static DigestSet ofIds(long[] ids) {
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        return new DigestSet(sorted, sorted);
    }

    /** Digests of the rows {@code rows[i]}. */
    static DigestSet of(long[] digests, long[] rows) {
        Integer[] order = new Integer[digests.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Long.compare(digests[x], digests[y]));
        long[] d = new long[order.length];
        long[] r = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            d[i] = digests[order[i]];
            r[i] = rows[order[i]];
        }
        return new DigestSet(d, r);
    }

    /** The stored form: the digests, 8 bytes each, or (digest, row) pairs, 16 bytes each. */
    byte[] encode() {
        boolean ids = digests == rows;
        ByteBuffer out = ByteBuffer.allocate(digests.length * (ids ? 8 : 16));
        for (int i = 0; i < digests.length; i++) {
            out.putLong(digests[i]);
            if (!ids) {
                out.putLong(rows[i]);
            }
        }
        return out.array();
    }

    /** Reads {@link #encode()}'s form; {@code ids} as for {@link #ofIds}. */
    static DigestSet decode(byte[] blob, boolean ids) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        int n = blob.length / (ids ? 8 : 16);
        long[] d = new long[n];
        long[] r = ids ? d : new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = in.getLong();
            if (!ids) {
                r[i] = in.getLong();
            }
        }
        return new DigestSet(d, r);
    }

    /** The rows whose digests {@code other} lacks. */
    List<Long> rowsNotIn(DigestSet other) {
        List<Long> out = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < digests.length; i++) {
            while (j < other.digests.length && other.digests[j] < digests[i]) {
                j++;
            }
            if (j == other.digests.length || other.digests[j] != digests[i]) {
                out.add(rows[i]);
            }
        }
        return out;
    }

    /** The first 8 bytes of SHA-256 over the parts, each followed by a zero byte. */
    static long digest(String... parts) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
