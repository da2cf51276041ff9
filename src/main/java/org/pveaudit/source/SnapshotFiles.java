package org.pveaudit.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where a pool's or realm's details lie in a snapshot folder: {@code pools/<id>.json} and
 * {@code access/domains/<realm>.json}, with the id as a file name only when it is one that every file system
 * takes as it is. An id is data from the cluster: anything else ({@code ../x}, {@code /}, NUL, {@code <script>},
 * a name too long for a file) is percent-encoded into one file name of bounded length, so it can never reach
 * outside the folder nor fail the write. {@code collect} writes and the snapshot source reads by the same rule.
 */
public final class SnapshotFiles {

    /**
     * The ids Proxmox itself allows (pools nest with {@code /}: {@code dept/team}): every folder written before
     * this rule has its files where the rule puts them.
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    /** Longer ids are cut and end in a hash: far below the 255 bytes most file systems allow in a name. */
    private static final int MAX_NAME = 120;

    private SnapshotFiles() {
    }

    /** The file of a pool's details, relative to the snapshot folder. */
    public static String pool(String poolId) {
        return "pools/" + name(String.valueOf(poolId)) + ".json";
    }

    /** The file of a realm's details, relative to the snapshot folder. */
    public static String realm(String realm) {
        return "access/domains/" + name(String.valueOf(realm)) + ".json";
    }

    /**
     * The file name for an id: the id itself when {@link #PLAIN}, else its UTF-8 bytes with every byte other than
     * {@code A-Z a-z 0-9 _ -} as {@code %XX} (so {@code .} and {@code /} too: no name is {@code ..}, none has a
     * folder in it), cut and followed by {@code ~} and a hash of the id when longer than {@link #MAX_NAME} (or
     * empty, or not valid UTF-16). The three forms never meet: a plain id has neither {@code %} nor {@code ~}.
     */
    static String name(String id) {
        if (id.length() <= MAX_NAME && PLAIN.matcher(id).matches()) {
            return id;
        }
        StringBuilder b = new StringBuilder();
        for (byte x : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                b.append(c);
            } else {
                b.append('%').append(HexFormat.of().withUpperCase().toHexDigits(x));
            }
        }
        // a lone surrogate has no UTF-8 form (it becomes '?'): such an id is told apart by its hash alone
        boolean lossless = id.equals(new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        if (b.length() <= MAX_NAME && !b.isEmpty() && lossless) {
            return b.toString();
        }
        int cut = Math.min(b.length(), MAX_NAME - 17);
        while (cut > 0 && (b.charAt(cut - 1) == '%' || cut > 1 && b.charAt(cut - 2) == '%')) {
            cut--; // never half an escape
        }
        return b.substring(0, cut) + "~" + hash(id);
    }

    /** A hash of the id's UTF-16 units as they are (every encoder would replace a lone surrogate). */
    private static String hash(String id) {
        java.nio.ByteBuffer units = java.nio.ByteBuffer.allocate(id.length() * 2);
        id.chars().forEach(c -> units.putChar((char) c));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(units.array()), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
