package org.pveaudit.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.access.AccessModel;
import org.pveaudit.cli.Main;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ConfigException;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleFileException;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.WaiverLoader;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/**
 * The hostile inputs of issue 12, one by one: each costs its file (exit 2, {@code file:line:column:
 * problem} on one line), never minutes, never the heap, never a stack overflow.
 */
class BoundedInputTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    /** 1.2 KB: nine levels of nine aliases, a billion "lol"s once expanded. */
    private static final String BILLION_LAUGHS = laughs(9, 9);
    private static final String NESTED = "[".repeat(2000) + "]".repeat(2000) + "\n";
    private static final String SELF_ALIAS = "a: &a\n  b: *a\n";

    @TempDir
    Path dir;

    private static String laughs(int levels, int width) {
        StringBuilder b = new StringBuilder("a: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int i = 1; i < levels; i++) {
            b.append('k').append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(width, "*a" + (i - 1)))).append("]\n");
        }
        return b.toString();
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Every YAML reader refuses the text in time with a one-line message at the given position. */
    private void everyYamlReaderRefuses(String text, String position, String problem) throws IOException {
        refusedByEvery(text, position + ": " + problem, position + ": " + problem);
    }

    /** As above, where the configuration, which may hold fewer values, says {@code configProblem}. */
    private void refusedByEvery(String text, String configProblem, String problem) throws IOException {
        Path config = write("pve-audit.yml", text);
        Path pack = write("pack.yml", text);
        Path waivers = write("waivers.yml", text);
        assertTimeoutPreemptively(PROMPTLY, () -> {
            assertThatThrownBy(() -> AuditConfigLoader.load(config)).isInstanceOf(ConfigException.class)
                    .hasMessage(config + ":" + configProblem);
            assertThatThrownBy(() -> new RulePackLoader(new RuleExpressions()).load(pack.toString()))
                    .isInstanceOf(RuleFileException.class).hasMessage(pack + ":" + problem);
            assertThatThrownBy(() -> new WaiverLoader().load(waivers, List.of(), LocalDate.of(2026, 6, 1)))
                    .isInstanceOf(RuleFileException.class).hasMessage(waivers + ":" + problem);
        });
    }

    @Test
    void aliasBombIsRefusedBeforeItExpands() throws IOException {
        assertThat(BILLION_LAUGHS.length()).isLessThan(1300);
        // the configuration stops sooner: it may hold 10,000 values (InputLimits.MAX_CONFIG_VALUES)
        refusedByEvery(BILLION_LAUGHS, "5:10: more than 10000 values, the most this file may hold",
                "6:10: aliases expand to more than 100000 values");
        // few aliases, each doubling
        refusedByEvery(laughs(25, 2), "11:12: more than 10000 values, the most this file may hold",
                "14:12: aliases expand to more than 100000 values");
    }

    @Test
    void deepNestingIsRefusedWithoutAStackOverflow() throws IOException {
        everyYamlReaderRefuses(NESTED, "1:51", "nested deeper than 50 levels");
        everyYamlReaderRefuses("a:\n" + "  - ".repeat(1) + "[".repeat(100) + "\n", "2:53",
                "nested deeper than 50 levels");
    }

    @Test
    void selfReferencingAliasIsRefused() throws IOException {
        everyYamlReaderRefuses(SELF_ALIAS, "2:6", "alias '*a' refers to a collection that contains it");
        everyYamlReaderRefuses("a: &x [1, *x]\n", "1:11", "alias '*x' refers to a collection that contains it");
    }

    @Test
    void oddBytesAndTagsAreRefusedWithTheirPlace() throws IOException {
        everyYamlReaderRefuses("a: 1\nb: x\u0000y\n", "2:5", "not valid YAML: character U+0000 is not allowed");
        Path bad = dir.resolve("latin1.yml");
        Files.write(bad, "a: 1\nb: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> AuditConfigLoader.load(bad)).hasMessage(bad + ":2:7: not UTF-8 text (byte 0xE9)");
        everyYamlReaderRefuses("a: !!python/object:os.system x\n", "1:4",
                "tag 'tag:yaml.org,2002:python/object:os.system' is not supported (only YAML's core types)");
    }

    @Test
    void theCommandLineSaysItInOneLineWithExitTwo() throws IOException {
        Path bomb = write("bomb.yml", BILLION_LAUGHS);
        Path nested = write("nested.yml", NESTED);
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(PROMPTLY, () -> {
                assertThat(Main.run("rules", "check", bomb.toString())).isEqualTo(2);
                assertThat(Main.run("audit", "-c", nested.toString())).isEqualTo(2);
                assertThat(Main.run("history", "-c", bomb.toString())).isEqualTo(2);
            });
        } finally {
            System.setErr(oldErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "pve-audit: " + bomb + ":6:10: aliases expand to more than 100000 values",
                "pve-audit: " + nested + ":1:51: nested deeper than 50 levels",
                "pve-audit: " + bomb + ":6:10: aliases expand to more than 100000 values");
    }

    @Test
    void typeErrorsInRulePacksAndWaiversNameTheirPlace() throws IOException {
        String rule = """
                pack: p
                rules:
                  - id: PVE-X-001
                    title: t
                    severity: high
                    subject: user
                    when: "true"
                    message: m
                """;
        RulePackLoader loader = new RulePackLoader(new RuleExpressions());
        Path title = write("title.yml", rule.replace("title: t", "title: [x]"));
        assertThatThrownBy(() -> loader.load(title.toString())).hasMessage(title + ":4:5: 'title' must be a text, not a list");
        Path severity = write("severity.yml", rule.replace("severity: high", "severity: 5"));
        assertThatThrownBy(() -> loader.load(severity.toString())).hasMessage(severity
                + ":5:5: rule PVE-X-001: severity '5' is not one of critical, high, medium, low, info");
        Path rules = write("rules.yml", "pack: p\nrules: \"x\"\n");
        assertThatThrownBy(() -> loader.load(rules.toString())).hasMessage(rules + ":2:1: 'rules' must be a list");
        Path tags = write("tags.yml", rule + "    tags: {a: b}\n");
        assertThatThrownBy(() -> loader.load(tags.toString()))
                .hasMessage(tags + ":9:5: 'tags' must be a list of texts, not a mapping");

        WaiverLoader waivers = new WaiverLoader();
        LocalDate today = LocalDate.of(2026, 6, 1);
        Path map = write("map.yml", "waivers:\n  rule: PVE-X-001\n");
        assertThatThrownBy(() -> waivers.load(map, List.of(), today))
                .hasMessage(map + ":1:1: 'waivers' must be a list, not a mapping");
        Path item = write("item.yml", "waivers:\n  - just text\n");
        assertThatThrownBy(() -> waivers.load(item, List.of(), today))
                .hasMessage(item + ":2:5: a waiver must be a mapping, not a text");
        Path reason = write("reason.yml", "waivers:\n  - {rule: X, reason: [a], owner: o, expires: 2026-07-01}\n");
        assertThatThrownBy(() -> waivers.load(reason, List.of(), today))
                .hasMessage(reason + ":2:15: 'reason' must be a text, not a list");
        Path days = write("days.yml", "max-waiver-days: 1e999999999\nwaivers: []\n");
        assertThatThrownBy(() -> waivers.load(days, List.of(), today))
                .hasMessage(days + ":1:1: max-waiver-days must be a whole number of days, 0 or more, not '1e999999999'");
    }

    @Test
    void deepJsonNestingAndHugeValuesAreInputErrorsOfTheirFile() throws IOException {
        Path folder = dir.resolve("snap");
        Files.createDirectories(folder.resolve("access"));
        Files.writeString(folder.resolve("version.json"), "{\"data\": {\"version\": \"9.1.1\"}}");
        Path acl = folder.resolve("access/acl.json");
        for (String[] c : new String[][] {
                {"[".repeat(2000), "1:102: not valid JSON: nested deeper than 100 levels"},
                {"{\"data\": [{\"path\": \"/\", \"x\": " + "9".repeat(2000) + "}]}",
                        "1:2030: not valid JSON: a number longer than 1000 digits"},
                {"[\"" + "x".repeat(InputLimits.MAX_JSON_STRING + 1) + "\"]", "1:1048581: not valid JSON: a text longer than 1048576 characters"},
                {"{\"data\": [{\"type\": \"user\", \"ugid\": \"a@pve\", \"roleid\": \"R\", \"path\": [\"/\"]}]}",
                        "1:60: field 'path' of item 1: must be a text, not a list"},
                {"{\"data\": [1,", "1:13: not valid JSON: Unexpected end-of-input within/between Array entries"}}) {
            Files.writeString(acl, c[0]);
            assertTimeoutPreemptively(PROMPTLY, () -> assertThatThrownBy(
                    () -> new SnapshotFolderSource("c", folder, null).collect()).isInstanceOf(SourceException.class)
                    .hasMessage(acl + ":" + c[1]));
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Path big = write("big.json", "x".repeat(100));
        assertThatThrownBy(() -> InputFiles.read(big, 99))
                .hasMessage(big + ": larger than 99 bytes, the most pve-audit reads from one file");
        assertThat(InputFiles.read(big, 100)).hasSize(100);
    }

    @Test
    void anAclPathOfEightThousandSegmentsIsComputedPromptly() throws IOException {
        // 16 KB on one line, and 100 KB; Proxmox accepts any path normalize_path accepts (reference 2.2).
        // Every ancestor is a node: the texts of the 50,000 ancestors would add up to 2.5 GB
        for (int segments : new int[] {8000, 50_000}) {
            String deep = "/a".repeat(segments);
            Path cfg = write("user.cfg", "user:alice@pve:1:0:::::\n\nacl:1:" + deep + ":alice@pve:PVEAdmin:\n");
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                ClusterSnapshot s = new UserCfgSource("deep", cfg, null, "9.1", UserCfgParser.Mode.FAIL).collect();
                AccessModel model = AccessModel.of(s);
                assertThat(model.matrixSize()).isEqualTo(segments + 14); // the path, its ancestors, the fixed paths
                assertThat(model.matrixPath(model.matrixIndexOf(deep))).isEqualTo(deep);
                assertThat(model.matrixPath(model.matrixIndexOf(deep) - 1)).isEqualTo(deep.substring(2));
                assertThat(model.privileges("alice@pve", deep)).containsKey("Sys.Audit");
                assertThat(model.privileges("alice@pve", deep.substring(0, 2000))).isEmpty();
                assertThat(model.privileges("alice@pve", deep + "/b")).containsKey("VM.Allocate");
                ClusterView view = new ClusterView(s, 0);
                assertThat(view.privilegedPaths("alice@pve")).containsOnlyKeys(deep);
                assertThat(view.holdsAtOrBelow("alice@pve", "/a/a", "Sys.Audit")).isTrue();
                assertThat(model.whoCan("Sys.Audit", deep, 0)).extracting(h -> h.principal())
                        .containsExactly("alice@pve", "root@pam");
            });
        }
    }
}
