package org.pveaudit.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file's size and SHA-256 (lower-case hex), as a bundle's manifest lists it. */
public record FileDigest(long size, String sha256) {

    private static final int BUFFER = 64 * 1024;

    /** The digest of a regular file; a symbolic link is not followed. */
    public static FileDigest of(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new EvidenceException(file + ": not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return of(in, null, Long.MAX_VALUE);
        }
    }

    /** The digest of the bytes of a text or a manifest held in memory. */
    public static FileDigest of(byte[] bytes) {
        return new FileDigest(bytes.length, HexFormat.of().formatHex(newDigest().digest(bytes)));
    }

    /**
     * Copies a file to a new file and returns the digest of the bytes written, so what the bundle holds is
     * exactly what was checked, even if the source changes meanwhile.
     */
    public static FileDigest copy(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS);
             OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW)) {
            return of(in, out, Long.MAX_VALUE);
        }
    }

    /**
     * Reads a stream to its end, at most {@code maxBytes} (a zip entry's real size, whatever its header says);
     * the bytes also go to {@code copy} when it is not null.
     *
     * @throws TooLarge past {@code maxBytes}
     */
    public static FileDigest of(InputStream in, OutputStream copy, long maxBytes) throws IOException {
        MessageDigest sha = newDigest();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            size += n;
            if (size > maxBytes) {
                throw new TooLarge();
            }
            sha.update(buffer, 0, n);
            if (copy != null) {
                copy.write(buffer, 0, n);
            }
        }
        return new FileDigest(size, HexFormat.of().formatHex(sha.digest()));
    }

    /** A stream longer than its reader allows. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("larger than allowed");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
