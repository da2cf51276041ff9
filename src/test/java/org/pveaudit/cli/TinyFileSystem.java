package org.pveaudit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a test folder, to make a disk really full or really read-only. Mounting needs root
 * (CI runs as root); where it is not permitted (no root, a container without the capability) the test that
 * asked for one is skipped, saying why. Unmounted on close.
 */
final class TinyFileSystem implements AutoCloseable {

    final Path dir;
    private final Path filler;

    private TinyFileSystem(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs of {@code size} (mount's form: {@code 64k}, {@code 16m}) on {@code dir}, or skips the test. */
    static TinyFileSystem mount(Path dir, String size) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String failed = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0777", "tmpfs", dir.toString());
        Assumptions.assumeTrue(failed == null, () -> "mounting a " + size + " tmpfs is not permitted here ("
                + failed + "); the failing-stream and folder-is-a-file tests cover the same code");
        return new TinyFileSystem(dir);
    }

    /** Makes the file system read-only (as a full or failing disk, or an ro mount, does). */
    void remountReadOnly() throws IOException, InterruptedException {
        String failed = run("mount", "-o", "remount,ro", dir.toString());
        if (failed != null) {
            throw new IOException("cannot remount " + dir + " read-only: " + failed);
        }
    }

    /** Fills the file system until only about {@code leave} bytes are free. */
    void fill(long leave) throws IOException {
        byte[] chunk = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            // the disk is full now
        }
        try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Math.max(0, Math.min(written, Files.size(filler)) - leave));
        }
    }

    /** Gives back the space {@link #fill} took. */
    void freeUp() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failed = run("umount", "-l", dir.toString());
        if (failed != null) {
            throw new IOException("cannot unmount " + dir + ": " + failed);
        }
    }

    /** Runs a command; null when it succeeded, else its output or why it could not run. */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
