package org.pveaudit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;
import org.pveaudit.history.Checkpoint;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Checkpoints for the crash tests: fail at a point of the run, or pause there until the test releases (or
 * kills) the process; and a way to run the CLI with one, registered as a bean of every Spring context the
 * CLI starts on this thread.
 */
final class StopAt {

    /** At most this many 50 ms waits for the release file (two minutes). */
    private static final int MAX_WAITS = 2400;

    private StopAt() {
    }

    /** Throws at {@code point}, as a failing step would. */
    static Checkpoint failing(String point) {
        return reached -> {
            if (reached.equals(point)) {
                throw new IllegalStateException("test hook: failing at " + point);
            }
        };
    }

    /**
     * At {@code point}, writes the point's name to {@code marker}, then waits until {@code release} exists
     * (at most two minutes), so the test can kill the process there.
     */
    static Checkpoint pausing(String point, Path marker, Path release) {
        return reached -> {
            if (!reached.equals(point)) {
                return;
            }
            try {
                Files.writeString(marker, point, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                for (int i = 0; i < MAX_WAITS && !Files.exists(release); i++) {
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Runs {@code cli} with {@code checkpoint} as the Checkpoint bean of each audit it runs on this thread. */
    static <T> T around(Checkpoint checkpoint, Supplier<T> cli) {
        return SpringApplication.withHook(app -> new SpringApplicationRunListener() {
            @Override
            public void contextPrepared(ConfigurableApplicationContext context) {
                context.getBeanFactory().registerSingleton("checkpoint", checkpoint);
            }
        }, cli::get);
    }
}
