package org.pveaudit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * The property of every fuzz target: the reader accepts the input, or refuses it with one of its input
 * errors, whose message is one line naming the file and no Java or Jackson class, within a time limit
 * ({@code -Dfuzz.timeout.ms}, 5,000 by default). A failing input is kept in {@code target/fuzz-failures}.
 */
record CleanRead(String reader, List<Class<? extends RuntimeException>> clean) {

    /** Reads one input. */
    interface Read {
        void run() throws Exception;
    }

    static final Duration LIMIT = Duration.ofMillis(Long.getLong("fuzz.timeout.ms", 5_000));

    /** Fails unless {@code read} accepts the input or refuses it cleanly, naming {@code file}. */
    void check(byte[] input, String file, Read read) {
        try {
            assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    read.run();
                } catch (Throwable t) {
                    judge(t, file);
                }
            }, () -> reader + ": no answer within " + LIMIT.toMillis() + " ms; input kept in " + keep(input));
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().contains("input kept in")) {
                throw e;
            }
            throw new AssertionFailedError(e.getMessage() + "; input kept in " + keep(input), e);
        }
    }

    private void judge(Throwable t, String file) {
        if (clean.stream().noneMatch(c -> c.isInstance(t))) {
            throw new AssertionFailedError(reader + ": not a clean input error: " + t, t);
        }
        String m = t.getMessage();
        assertThat(m).as("message of %s", t).isNotBlank().doesNotContain("\n", "\r").contains(file)
                .doesNotContain("tools.jackson", "JsonNode", "Exception", "java.lang", "org.snakeyaml",
                        "org.yaml", "StreamReadConstraints", "StreamReadFeature", "[Source:");
    }

    /** Writes the input where a developer finds it again, named by its hash. */
    private String keep(byte[] input) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(input))
                    .substring(0, 16);
            Path f = dir.resolve(reader + "-" + hash + ".bin");
            Files.write(f, input);
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
