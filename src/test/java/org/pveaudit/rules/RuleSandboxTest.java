package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/**
 * A rule that fails at run time or runs too long costs that rule on that cluster, never the run:
 * its outcome is ERROR with a plain reason, its partial findings are dropped, and every other rule
 * is still evaluated. Plain Java, no Spring context.
 */
class RuleSandboxTest {

    @TempDir
    Path dir;

    private final RuleExpressions expressions = new RuleExpressions();
    private final RulePack baseline = new RulePackLoader(expressions).load("classpath:rules/baseline.yml");

    private RulePack pack(String rules) throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "pack: bad\nversion: \"1\"\nrules:\n" + rules);
        return new RulePackLoader(expressions).load(file.toString());
    }

    private static String rule(String id, String subject, String when) {
        return """
                  - id: %s
                    title: %s
                    severity: high
                    subject: %s
                    when: "%s"
                    message: "{id}"
                """.formatted(id, id.toLowerCase(), subject, when.replace("\"", "\\\""));
    }

    private static ClusterSnapshot prod() {
        return new SnapshotFolderSource("prod", Path.of("sample-data/prod"), null).collect();
    }

    private ClusterSnapshot userCfg(String text) throws IOException {
        Path cfg = dir.resolve("user.cfg");
        Files.writeString(cfg, text);
        return new UserCfgSource("c1", cfg, null, "9.1", UserCfgParser.Mode.FAIL).collect();
    }

    private RuleEngine.Evaluation evaluate(List<RulePack> packs, ClusterSnapshot s, RuleSettings settings) {
        return new RuleEngine(expressions).evaluate(packs, new ClusterView(s, 1_800_000_000L), settings);
    }

    private static RuleOutcome outcome(RuleEngine.Evaluation e, String rule) {
        return e.outcomes().stream().filter(o -> o.ruleId().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void divisionByZeroAndTypeErrorsAreErrorOutcomesAndEveryOtherRuleIsStillEvaluated() throws IOException {
        RulePack bad = pack(rule("BAD-DIV-001", "user", "tokens / 0 > 1")
                + rule("BAD-TYPE-001", "user", "{'xy', 1}[0] - 1 > 0")
                + rule("BAD-NULL-001", "user", "comment matches '.*ops.*'")
                + rule("GOOD-USER-001", "user", "enabled"));
        RuleEngine.Evaluation alone = evaluate(List.of(baseline), prod(), RuleSettings.DEFAULTS);
        RuleEngine.Evaluation both = evaluate(List.of(baseline, bad), prod(), RuleSettings.DEFAULTS);

        assertThat(outcome(both, "BAD-DIV-001").status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(outcome(both, "BAD-DIV-001").reason()).startsWith("division by zero, on user ");
        assertThat(outcome(both, "BAD-TYPE-001").status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(outcome(both, "BAD-TYPE-001").reason()).startsWith("the operator '-' cannot combine text and a number (at character");
        assertThat(outcome(both, "BAD-NULL-001").status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(outcome(both, "BAD-NULL-001").reason())
                .startsWith("'matches' needs text on its left, but got a missing value (null)");
        for (String bad1 : List.of("BAD-DIV-001", "BAD-TYPE-001", "BAD-NULL-001")) {
            RuleOutcome o = outcome(both, bad1);
            assertThat(o.findings()).isZero();
            assertThat(o.reason()).doesNotContain("java.", "Exception", "EL1", "\n");
            assertThat(both.findings()).noneMatch(f -> f.ruleId().equals(bad1));
        }
        // the baseline's outcomes and findings are exactly what they are without the bad pack
        assertThat(both.outcomes()).filteredOn(o -> o.ruleId().startsWith("PVE-")).isEqualTo(alone.outcomes());
        assertThat(both.findings()).filteredOn(f -> f.ruleId().startsWith("PVE-")).isEqualTo(alone.findings());
        assertThat(outcome(both, "GOOD-USER-001").status()).isEqualTo(RuleOutcome.Status.FAILED);
    }

    @Test
    void findingsARuleMadeBeforeItFailedAreDropped() throws IOException {
        // flags alice, then divides by zero on bob: a partial result is not true
        ClusterSnapshot s = userCfg("""
                user:alice@pve:1:0::::::
                user:bob@pve:1:0::::::
                """);
        RulePack bad = pack(rule("BAD-PART-001", "user", "id == 'alice@pve' or (id == 'bob@pve' and 1 / 0 > 0)"));
        RuleEngine.Evaluation e = evaluate(List.of(bad), s, RuleSettings.DEFAULTS);
        assertThat(outcome(e, "BAD-PART-001").status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(outcome(e, "BAD-PART-001").reason()).contains("division by zero").contains("on user bob@pve");
        assertThat(e.findings()).isEmpty();
    }

    @Test
    void aConditionThatGivesNoTrueOrFalseIsAnError() throws IOException {
        RulePack bad = pack(rule("BAD-RESULT-001", "user", "{'yes', true}[0]"));
        RuleEngine.Evaluation e = evaluate(List.of(bad), prod(), RuleSettings.DEFAULTS);
        assertThat(outcome(e, "BAD-RESULT-001").reason()).startsWith("the condition gave text, not true or false");
    }

    @Test
    void nestedProjectionsEndWithinTheOperationBudgetAsErrors() throws IOException {
        RulePack bad = pack(rule("BAD-NEST-001", "user",
                "#privs('/').![#privs('/').![#privs('/').![#privs('/').![#this]]]] != null")
                + rule("BAD-NEST-002", "user", "{1,2,3,4,5,6,7,8,9,10}.![{1,2,3,4,5,6,7,8,9,10}"
                + ".![{1,2,3,4,5,6,7,8,9,10}.![{1,2,3,4,5,6,7,8,9,10}.![#this]]]] != null"));
        long start = System.nanoTime();
        RuleEngine.Evaluation e = evaluate(List.of(baseline, bad), prod(), RuleSettings.DEFAULTS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        // root@pam holds every privilege on /: 60^4 elements unbounded; with 2 s per rule the whole run
        // stays far below 4 s
        assertThat(ms).isLessThan(4_000);
        for (String id : List.of("BAD-NEST-001", "BAD-NEST-002")) {
            assertThat(outcome(e, id).status()).isEqualTo(RuleOutcome.Status.ERROR);
            assertThat(outcome(e, id).reason()).startsWith("ran over its budget of 10000 operations on one subject");
        }
    }

    @Test
    void aBacktrackingRegexIsLinearInRe2AndGivesTheRightAnswer() throws IOException {
        String comment = "a".repeat(30) + "!";
        ClusterSnapshot s = userCfg("user:slow@pve:1:0::::%s::\nuser:fast@pve:1:0::::%s::\n"
                .formatted(comment, "a".repeat(40)));
        RulePack pack = pack(rule("RE-SLOW-001", "user", "comment != null and comment matches '(.*a){20}$'")
                + rule("RE-SLOW-002", "user", "comment != null and comment matches '(a|aa)+$'"));
        long start = System.nanoTime();
        RuleEngine.Evaluation e = evaluate(List.of(pack), s, RuleSettings.DEFAULTS);
        // java.util.regex takes hours on the first (2^30 ways to split); RE2/J milliseconds
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(e.findings()).extracting(Finding::ruleId, Finding::subjectKey).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("RE-SLOW-001", "fast@pve"),
                org.assertj.core.groups.Tuple.tuple("RE-SLOW-002", "fast@pve"));
    }

    @Test
    void aRegexComputedAtRunTimeThatRe2RefusesIsAnError() throws IOException {
        ClusterSnapshot s = userCfg("user:x@pve:1:0::::((a{100}){100}){100}::\n");
        RulePack pack = pack(rule("RE-DATA-001", "user", "comment != null and 'aaa' matches comment")
                + rule("RE-DATA-002", "user", "'aaa' matches ('(?=' + id + ')')"));
        RuleEngine.Evaluation e = evaluate(List.of(pack), s, RuleSettings.DEFAULTS);
        assertThat(outcome(e, "RE-DATA-001").status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(outcome(e, "RE-DATA-001").reason()).contains("repeats too much");
        assertThat(outcome(e, "RE-DATA-002").reason()).contains("invalid regular expression");
    }

    @Test
    void aHugePathGivenToAHelperFunctionIsAnErrorNotMinutesOfWork() throws IOException {
        // 97,000 characters, 48,000 segments: one privilege lookup on it took 15 s
        String path = balanced(380);
        RulePack pack = pack(rule("BAD-PATH-001", "user", "#hasAt('Sys.Audit', " + path + ")")
                + rule("BAD-PATH-002", "user", "#hasUnder('Sys.Audit', " + path + ")")
                + rule("BAD-PATH-003", "user", "#privs(" + path + ") != null"));
        long start = System.nanoTime();
        RuleEngine.Evaluation e = evaluate(List.of(pack), prod(), RuleSettings.DEFAULTS);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
        assertThat(e.outcomes()).allSatisfy(o -> assertThat(o.reason())
                .startsWith("a path longer than 1024 characters was given to a helper function"));
    }

    /** 256-character pieces joined as a balanced tree, so the condition stays shallow. */
    private static String balanced(int pieces) {
        return pieces == 1 ? "('/a' * 128)" : "(" + balanced(pieces / 2) + " + " + balanced(pieces - pieces / 2) + ")";
    }

    @Test
    void aRuleThatRunsPastItsTimeBudgetIsAnErrorWithinTheBudget() throws IOException {
        StringBuilder cfg = new StringBuilder();
        // each subject stays under the operation budget; together they take long
        String comment = "ab".repeat(4_000);
        for (int i = 0; i < 300; i++) {
            cfg.append("user:u").append(i).append("@pve:1:0::::").append(comment).append("::\n");
        }
        ClusterSnapshot s = userCfg(cfg.toString());
        String slow = "comment != null and (" + String.join(" or ",
                java.util.Collections.nCopies(30, "comment matches '(a|b|ab|ba)*c'")) + ")";
        RulePack pack = pack(rule("SLOW-USER-001", "user", slow)
                + rule("FAST-USER-001", "user", "enabled"));
        RuleSettings tight = new RuleSettings(List.of(), Map.of(), new RuleBudget(Duration.ofMillis(200)));
        long start = System.nanoTime();
        RuleEngine.Evaluation e = evaluate(List.of(pack), s, tight);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(outcome(e, "SLOW-USER-001").status()).isEqualTo(RuleOutcome.Status.ERROR);
        assertThat(outcome(e, "SLOW-USER-001").reason()).startsWith("ran over its time budget of 350 ms for 301 subjects on this cluster (see "
                + "policy.rule-budget); stopped at user ");
        assertThat(outcome(e, "FAST-USER-001").status()).as(outcome(e, "FAST-USER-001").reason())
                .isEqualTo(RuleOutcome.Status.FAILED);
        assertThat(ms).isLessThan(2_000);
    }
}
