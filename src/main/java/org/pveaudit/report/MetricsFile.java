package org.pveaudit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.pveaudit.failure.Cause;

/**
 * Writes a metrics file for node_exporter's textfile collector atomically: the text goes to a hidden temporary
 * file in the same folder (its name does not end in {@code .prom}, so the collector ignores it), which then
 * replaces the file in one rename, because the collector may read at any moment.
 */
public final class MetricsFile {

    private MetricsFile() {
    }

    /**
     * The value of an unlabelled sample in the file as it is, or null when there is no file, no such sample or it
     * cannot be read: what a run that cannot read its history carries over.
     */
    public static Double value(Path file, String name) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith(name + " ")).findFirst()
                    .map(l -> Double.valueOf(l.substring(name.length() + 1).strip())).orElse(null);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return null;
        }
    }

    /** @throws UncheckedIOException with the one-line message naming the file and the cause */
    public static void write(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid()
                + ".tmp");
        try {
            // Files.write creates the file with the umask's permissions (createTempFile would make it 0600,
            // which the collector, often another user, cannot read)
            Files.writeString(partial, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the first failure is the one to report; a leftover .tmp is ignored by the collector
            }
            throw new UncheckedIOException("cannot write metrics to " + file + ": " + Cause.of(e), e);
        }
    }
}
