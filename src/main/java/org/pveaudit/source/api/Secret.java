package org.pveaudit.source.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.pveaudit.failure.Cause;
import org.pveaudit.source.SourceUnavailableException;

/**
 * A password or token secret, given as a value (from an environment placeholder) or as a file
 * read when it is first needed. {@link #toString()} never shows it; only this package reads the value.
 */
public final class Secret {

    /** What is shown instead of a secret. */
    public static final String MASK = "********";

    private final String value;
    private final Path file;
    private volatile String loaded;

    private Secret(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    public static Secret of(String value) {
        return new Secret(value, null);
    }

    public static Secret fromFile(Path file) {
        return new Secret(null, file);
    }

    /** The file the secret is read from, or null. */
    public Path file() {
        return file;
    }

    /**
     * Adds a warning when the secret file may be read by group or others (POSIX file systems only).
     */
    public void checkPermissions(String key, List<String> warnings) {
        if (file == null) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.add(key + " " + file + " is readable by group or others; restrict it: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system, or unreadable: reading reports the latter
        }
    }

    /** The secret: the first line of the file, without surrounding white space. */
    String reveal() {
        if (value != null) {
            return value;
        }
        String s = loaded;
        if (s == null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                s = lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw new SourceUnavailableException("cannot read secret file " + file + ": " + Cause.of(e));
            }
            if (s.isEmpty()) {
                throw new SourceUnavailableException("secret file " + file + " is empty");
            }
            loaded = s;
        }
        return s;
    }

    @Override
    public String toString() {
        return file == null ? MASK : "file:" + file;
    }
}
