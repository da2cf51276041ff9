package org.pveaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Work-left markers name their issue: a marker word without {@code (#N)} right after it fails the build, so
 * a note such as "until the history package records …" cannot outlive the work it waits for unnoticed.
 */
class SourceMarkersTest {

    /** Spelled in pieces so this file does not match itself. */
    private static final Pattern MARKER = Pattern.compile("\\b(HO" + "OK|TO" + "DO|FIX" + "ME|X" + "XX)\\b(?!\\(#\\d+\\))");

    private static final List<String> TREES = List.of("src/main", "src/test", "report-templates", "rules");

    static List<String> unreferenced(String file, String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (m.find()) {
                found.add(file + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        return found;
    }

    @Test
    void everyMarkerInTheTreeNamesAnIssue() throws IOException {
        List<String> found = new ArrayList<>();
        for (String tree : TREES) {
            try (Stream<Path> files = Files.walk(Path.of(tree))) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    // Latin-1 reads any bytes; the markers are ASCII
                    found.addAll(unreferenced(f.toString(), Files.readString(f, StandardCharsets.ISO_8859_1)));
                }
            }
        }
        assertThat(found).as("markers without an issue reference such as (#18)").isEmpty();
    }

    @Test
    void aMarkerWithoutAnIssueIsFoundAndOneWithAnIssueIsNot() {
        String todo = "TO" + "DO";
        String hook = "HO" + "OK";
        assertThat(unreferenced("A.java", "int a;\n// " + todo + " remove this\n")).containsExactly(
                "A.java:2: // " + todo + " remove this");
        assertThat(unreferenced("a.yml", "# " + hook + ": wired later")).hasSize(1);
        assertThat(unreferenced("A.java", "// " + todo + "(#18) remove after the migration")).isEmpty();
        assertThat(unreferenced("A.java", "// " + todo + " (#18) a space is not a reference")).hasSize(1);
        assertThat(unreferenced("A.java", "String hooks = \"TODOS\"; // webhook, Xxx, todo")).isEmpty();
    }
}
