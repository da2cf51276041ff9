package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RulePackLoader;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Runs every fixture under rules/tests against the bundled baseline, as `pve-audit rules test` does. */
class BaselineFixturesTest {

    private static final Path FIXTURES = Path.of("rules/tests");

    private final List<RulePack> baseline = List.of(new RulePackLoader(new RuleExpressions())
            .load("classpath:rules/baseline.yml"));

    @Test
    void everyFixtureOfTheBaselinePasses() throws IOException {
        List<RuleTests.CaseResult> results = new RuleTests(baseline).run(FIXTURES);
        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(r -> assertThat(r.passed())
                .as("%s/%s: %s missing %s unexpected %s", r.rule(), r.name(), r.error(), r.missing(), r.unexpected())
                .isTrue());
    }

    @Test
    void theHarnessReportsWhatIsMissingAndWhatIsUnexpected() throws IOException {
        Path dir = Files.createTempDirectory("fixtures");
        Path c = Files.createDirectories(dir.resolve("PVE-TOKEN-001/wrong"));
        Files.writeString(c.resolve("user.cfg"), "user:a@pve:1:0::::::\ntoken:a@pve!t1:0:1::\n");
        Files.writeString(c.resolve("expected.yml"), "now: 2026-06-01\nfindings: [\"a@pve!other\"]\n");
        RuleTests.CaseResult r = new RuleTests(baseline).run(dir).get(0);
        assertThat(r.passed()).isFalse();
        assertThat(r.missing()).containsExactly("a@pve!other");
        assertThat(r.unexpected()).containsExactly("a@pve!t1");
    }

    @Test
    void theHarnessChecksMessagesAndNotEvaluatedCases() throws IOException {
        Path dir = Files.createTempDirectory("fixtures");
        Path wrongMessage = Files.createDirectories(dir.resolve("PVE-TOKEN-001/message"));
        Files.writeString(wrongMessage.resolve("user.cfg"), "user:a@pve:1:0::::::\ntoken:a@pve!t1:0:1::\n");
        Files.writeString(wrongMessage.resolve("expected.yml"),
                "findings:\n  - subject: \"a@pve!t1\"\n    message: \"something else\"\n");
        // a user.cfg has no second factors: the rule must not pass there, and the case says so
        Path noTfa = Files.createDirectories(dir.resolve("PVE-USER-008/no-tfa"));
        Files.writeString(noTfa.resolve("user.cfg"), "user:a@pve:1:0::::::\n");
        Files.writeString(noTfa.resolve("expected.yml"), "outcome: not-evaluated\nfindings: []\n");
        Path expectsEvaluation = Files.createDirectories(dir.resolve("PVE-USER-008/evaluated"));
        Files.writeString(expectsEvaluation.resolve("user.cfg"), "user:a@pve:1:0::::::\n");
        Files.writeString(expectsEvaluation.resolve("expected.yml"), "findings: []\n");
        List<RuleTests.CaseResult> results = new RuleTests(baseline).run(dir);
        assertThat(results).extracting(RuleTests.CaseResult::name)
                .containsExactly("message", "evaluated", "no-tfa");
        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).error()).contains("API token a@pve!t1 has no expiry date", "something else");
        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(1).error()).startsWith("not evaluated: ");
        assertThat(results.get(2).passed()).isTrue();
    }

    @Test
    void everyBaselineRuleHasAFailingAndAPassingFixture() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<String> problems = new ArrayList<>();
        for (var rule : baseline.get(0).rules()) {
            Path dir = FIXTURES.resolve(rule.id());
            if (!Files.isDirectory(dir)) {
                problems.add(rule.id() + ": no fixture folder " + dir);
                continue;
            }
            int failing = 0;
            int passing = 0;
            try (Stream<Path> cases = Files.list(dir)) {
                for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
                    Path expected = c.resolve("expected.yml");
                    if (!Files.isRegularFile(expected)) {
                        problems.add(rule.id() + "/" + c.getFileName() + ": no expected.yml");
                        continue;
                    }
                    JsonNode root = yaml.readTree(expected.toFile());
                    JsonNode findings = root.get("findings");
                    if (findings == null || !findings.isArray()) {
                        problems.add(rule.id() + "/" + c.getFileName() + ": expected.yml has no findings list");
                    } else if (RuleTests.NOT_EVALUATED.equals(root.path("outcome").asString(null))) {
                        continue; // neither kind: the rule says nothing there
                    } else if (findings.isEmpty()) {
                        passing++;
                    } else {
                        failing++;
                    }
                }
            }
            if (failing == 0) {
                problems.add(rule.id() + ": no case that expects findings");
            }
            if (passing == 0) {
                problems.add(rule.id() + ": no case that expects none (findings: [])");
            }
        }
        assertThat(problems).as("fixtures of the baseline rules").isEmpty();
    }

    @Test
    void everyFixtureFolderNamesABaselineRule() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList())
                    .allSatisfy(id -> assertThat(baseline.get(0).rules()).as(id).anyMatch(r -> r.answersTo(id)));
        }
    }
}
