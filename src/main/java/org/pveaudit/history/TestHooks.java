package org.pveaudit.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Fault injection for the crash and concurrency tests, inert unless a system property asks for it:
 * {@code -Dpveaudit.test.pause=<point>} writes {@code <point>} to the file named by
 * {@code pveaudit.test.marker} when the run reaches the point, then waits until the file named by
 * {@code pveaudit.test.release} exists (at most two minutes), so a test can kill the process there;
 * {@code -Dpveaudit.test.fail=<point>} throws there. Points: {@code collect} (a cluster's snapshot is
 * stored), {@code evaluate} (a cluster's findings are stored), {@code history} (inside the comparison
 * transaction, after the first cluster), {@code report} (the first report file is written) and
 * {@code finish} (the job is done, the run not yet completed).
 */
public final class TestHooks {

    private TestHooks() {
    }

    public static void at(String point) {
        if (point.equals(System.getProperty("pveaudit.test.fail"))) {
            throw new IllegalStateException("test hook: failing at " + point);
        }
        if (!point.equals(System.getProperty("pveaudit.test.pause"))) {
            return;
        }
        try {
            String marker = System.getProperty("pveaudit.test.marker");
            if (marker != null) {
                Files.writeString(Path.of(marker), point, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }
            String release = System.getProperty("pveaudit.test.release");
            for (int i = 0; i < 2400 && (release == null || !Files.exists(Path.of(release))); i++) {
                Thread.sleep(50);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
