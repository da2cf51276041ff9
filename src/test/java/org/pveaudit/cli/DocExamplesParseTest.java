package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.cli.DocExamples.Mode;
import org.pveaudit.cli.DocExamples.Step;

/** How the examples of a page are found: which lines run, with which exit code, and which are left alone. */
class DocExamplesParseTest {

    private static final Set<String> SUBCOMMANDS = Set.of("audit", "who-can", "history", "schedule", "rules");

    @TempDir
    Path dir;

    private DocExamples read(String page) throws IOException {
        return DocExamples.read(Files.writeString(dir.resolve("page.md"), page), SUBCOMMANDS);
    }

    @Test
    void shellBlocksRunTheirPveAuditLinesWithTheExitCodeThePageStates() throws IOException {
        DocExamples page = read("""
                Intro.

                ```sh
                mvn -B -q package -DskipTests && java -jar target/pve-audit.jar audit -c 'my dir/a.yml'   # exits 1
                # who holds it
                pve-audit who-can --snapshot s --privilege "Sys.Modify" --path /
                alice@pve
                bob@pve  (latent)

                journalctl -u pve-audit | grep INTERRUPTED
                ln -sf /opt/pve-audit/bin/pve-audit /usr/local/bin/pve-audit
                ```
                """);
        assertThat(page.steps()).extracting(Step::line, Step::mode, Step::args, Step::exit, Step::shown).containsExactly(
                tuple(4, Mode.RUN, List.of("audit", "-c", "my dir/a.yml"), 1, List.of()),
                tuple(6, Mode.RUN, List.of("who-can", "--snapshot", "s", "--privilege", "Sys.Modify", "--path", "/"), 0,
                        List.of("alice@pve", "bob@pve  (latent)")));
    }

    @Test
    void markersMakeAnExampleParseOnlyOrSkippedAndApplyFromTheLineAbove() throws IOException {
        DocExamples page = read("""
                ```sh
                pve-audit audit -c /etc/pve-audit/pve-audit.yml     # needs a live cluster
                # not run: an option of the launcher
                pve-audit --create-cds-archive
                systemd-run --wait -p User=pve-audit \\
                    /opt/pve-audit/bin/pve-audit audit --restart 7   # needs the installed service
                ```
                """);
        assertThat(page.steps()).extracting(Step::mode, Step::args).containsExactly(
                tuple(Mode.PARSE, List.of("audit", "-c", "/etc/pve-audit/pve-audit.yml")),
                tuple(Mode.SKIP, List.of("--create-cds-archive")),
                tuple(Mode.PARSE, List.of("audit", "--restart", "7")));
    }

    @Test
    void consoleSessionsRunShellLinesAndFileBlocksAreWrittenInPageOrder() throws IOException {
        DocExamples page = read("""
                ```yaml file=my-rules.yml
                pack: local
                ```

                ```console
                $ printf 'x\\n' >> a.cfg
                $ pve-audit rules check my-rules.yml     # exits 2
                pve-audit run 1
                exit code 2
                ```
                """);
        assertThat(page.steps()).extracting(Step::mode, Step::args, Step::exit).containsExactly(
                tuple(Mode.WRITE, List.of("my-rules.yml"), 0),
                tuple(Mode.SHELL, List.of(), 0),
                tuple(Mode.RUN, List.of("rules", "check", "my-rules.yml"), 2));
        assertThat(page.steps()).extracting(Step::text).startsWith("pack: local\n", "printf 'x\\n' >> a.cfg");
    }

    @Test
    void synopsesInPlainBlocksListTheirOptionsAcrossContinuationLines() throws IOException {
        DocExamples page = read("""
                ```
                pve-audit schedule -c pve-audit.yml --cron "0 0 2 * * *" [--zone Europe/Berlin] \\
                    [--cluster NAME]... [-v | --quiet]
                pve-audit: lab: coverage gap: tfa
                ```
                """);
        assertThat(page.steps()).isEmpty();
        assertThat(page.synopses()).singleElement().satisfies(s -> {
            assertThat(s.command()).isEqualTo("schedule");
            assertThat(s.options()).containsExactly("-c", "--cron", "--zone", "--cluster", "-v", "--quiet");
        });
    }

    @Test
    void shellWordsFollowQuotingAndOperators() {
        assertThat(ShellWords.split("a 'b c' \"d\\\"e\" f\\ g && h | i; j # k"))
                .containsExactly("a", "b c", "d\"e", "f g", "&&", "h", "|", "i", ";", "j");
        assertThat(ShellWords.comment("x '#not' y # yes")).isEqualTo("# yes");
    }
}
