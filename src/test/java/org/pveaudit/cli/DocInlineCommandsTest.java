package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Commands quoted in the running text of README.md and docs/*.md ({@code `pve-audit diff 1 2 -c ...`}) parse
 * with the command line as written; a bare command name is a mention, and those with placeholders ({@code RUN_ID}, {@code <cluster>},
 * {@code [--json]}, {@code …}) are synopses and left out.
 */
class DocInlineCommandsTest {

    private static final Pattern INLINE = Pattern.compile("`((?:java -jar target/pve-audit\\.jar|pve-audit) [^`\\n]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("[\\[<…]|\\.\\.\\.|\\b[A-Z][A-Z_]{2,}\\b");

    @Test
    void quotedCommandsParse() throws IOException {
        Set<String> subcommands = DocExamplesTest.subcommands();
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Path page : DocExamplesTest.pages()) {
            String text = Files.readString(page, StandardCharsets.UTF_8).replaceAll("(?s)```.*?```", "");
            Matcher m = INLINE.matcher(text.replaceAll("\\s*\\n\\s*", " "));
            while (m.find()) {
                String command = m.group(1);
                List<String> words = ShellWords.split(command.replaceFirst("^java -jar target/pve-audit\\.jar", "pve-audit"));
                if (PLACEHOLDER.matcher(command).find() || words.size() < 3 || !subcommands.contains(words.get(1))) {
                    continue;
                }
                String[] args = words.subList(1, words.size()).toArray(String[]::new);
                try {
                    Main.newCommandLine(args).parseArgs(args);
                    parsed++;
                } catch (CommandLine.ParameterException e) {
                    problems.add(page + ": `" + command + "`: " + e.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(parsed).as("quoted commands found").isGreaterThanOrEqualTo(5);
    }
}
