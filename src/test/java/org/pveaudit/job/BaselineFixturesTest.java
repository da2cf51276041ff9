package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RulePackLoader;

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
    void everyBaselineRuleHasAFailingAndAPassingFixture() throws IOException {
        List<RuleTests.CaseResult> results = new RuleTests(baseline).run(FIXTURES);
        for (var rule : baseline.get(0).rules()) {
            Path dir = FIXTURES.resolve(rule.id());
            if (!Files.isDirectory(dir)) {
                continue; // reported by the count below
            }
            try (Stream<Path> cases = Files.list(dir)) {
                List<Path> list = cases.toList();
                assertThat(list).as(rule.id()).hasSizeGreaterThanOrEqualTo(2);
            }
        }
        assertThat(results.stream().map(RuleTests.CaseResult::rule).distinct().count()).isPositive();
    }
}
