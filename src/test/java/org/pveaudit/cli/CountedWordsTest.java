package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Counts printed by the commands agree with their noun ("1 rule", "2 rules"), and help says what happens. */
class CountedWordsTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(args);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path pack(String name, String... conditions) throws IOException {
        StringBuilder yaml = new StringBuilder("pack: local\nversion: \"1\"\nrules:\n");
        for (int i = 0; i < conditions.length; i++) {
            yaml.append("  - id: LOCAL-TOKEN-00").append(i + 1).append('\n')
                    .append("    title: t\n    severity: low\n    subject: token\n")
                    .append("    when: \"").append(conditions[i]).append("\"\n")
                    .append("    message: \"token {id}\"\n");
        }
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void oneRuleIsARule() throws IOException {
        Path one = pack("one.yml", "!privsep");
        assertThat(run("rules", "check", one.toString()).out())
                .isEqualTo(one + ": pack local 1, 1 rule, OK" + System.lineSeparator());
        assertThat(run("rules", "list", one.toString()).out()).endsWith(System.lineSeparator() + "1 rule"
                + System.lineSeparator());
    }

    @Test
    void twoRulesAreRules() throws IOException {
        Path two = pack("two.yml", "!privsep", "expire == 0");
        assertThat(run("rules", "check", two.toString()).out()).contains(", 2 rules, OK");
        assertThat(run("rules", "list", two.toString()).out()).endsWith(System.lineSeparator() + "2 rules"
                + System.lineSeparator());
    }

    @Test
    void aFunctionOfOneArgumentSaysSo() throws IOException {
        Run r = run("rules", "check", pack("bad.yml", "#daysUntil() > 0").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("#daysUntil takes 1 argument").doesNotContain("argument(s)");
    }

    @Test
    void scheduleHelpSaysSigtermExits143() {
        String help = run("schedule", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("then the process exits 143 (130 after Ctrl-C)")
                .contains("143 stopped by SIGTERM").doesNotContain("exits 0");
    }
}
