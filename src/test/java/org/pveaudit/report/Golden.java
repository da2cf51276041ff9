package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The expected output of a report writer, kept under {@code src/test/resources/golden/}. A test compares what a
 * writer wrote with its golden file; run with {@code -Dgolden.update=true} to rewrite the golden files from the
 * output instead (then review the diff before committing: the diff is the change of output).
 */
final class Golden {

    /** Read from the source tree, not the class path, so an update is seen at once and lands in Git. */
    static final Path DIR = Path.of("src", "test", "resources", "golden");

    private static final JsonMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private Golden() {
    }

    /** Byte for byte (as UTF-8 text): CSV and XML, whose writers decide every character. */
    static void assertText(Path written, String golden) throws IOException {
        assertSame(Files.readString(written, StandardCharsets.UTF_8), golden, UnaryOperator.identity());
    }

    /**
     * As JSON values: the order of an object's members is not part of a JSON document's meaning (and a writer
     * that builds them with {@code Map.of} does not keep one from one JVM to the next), array order is.
     */
    static void assertJson(Path written, String golden) throws IOException {
        assertSame(Files.readString(written, StandardCharsets.UTF_8), golden, Golden::sortedMembers);
    }

    private static void assertSame(String actual, String golden, UnaryOperator<String> normalise) throws IOException {
        Path file = DIR.resolve(golden);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file %s (create it with -Dgolden.update=true)", file).exists();
        assertThat(normalise.apply(actual)).as("output against %s (-Dgolden.update=true rewrites it)", file)
                .isEqualTo(normalise.apply(Files.readString(file, StandardCharsets.UTF_8)));
    }

    private static String sortedMembers(String json) {
        return SORTED.writeValueAsString(SORTED.readValue(json, Object.class));
    }
}
