package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;

/**
 * A rule's outcome on a cluster: PASSED without findings, WAIVED when a current waiver covers every finding,
 * FAILED as soon as one finding is open. Waived findings are still reported, each with its waiver.
 */
class RuleEngineWaiverTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @TempDir
    Path dir;

    private final RuleExpressions expressions = new RuleExpressions();
    private List<RulePack> packs;

    @BeforeEach
    void pack() throws IOException {
        Path f = dir.resolve("pack.yml");
        Files.writeString(f, """
                pack: test
                rules:
                  - id: TEST-TOKEN-001
                    aliases: [OLD-TOKEN-1]
                    title: token without privilege separation
                    severity: high
                    subject: token
                    when: "!privsep"
                    message: "{id} shares its owner's privileges"
                  - id: TEST-TOKEN-002
                    title: any token
                    severity: info
                    subject: token
                    when: "true"
                    message: "{id}"
                """);
        packs = List.of(new RulePackLoader(expressions).load(f.toString()));
    }

    private static ClusterView cluster(String... sharedTokens) {
        List<ApiToken> tokens = Arrays.stream(sharedTokens).map(id -> new ApiToken(id, 0, false, null)).toList();
        return new ClusterView(new ClusterSnapshot(new ClusterIdentity("prod", "9.1.4", List.of()), Instant.EPOCH,
                List.of(), tokens, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of()), 0);
    }

    private static Waiver waiver(String rule, String principal, LocalDate expires) {
        return new Waiver(rule, null, principal, null, null, "accepted risk", "sec@example.com", expires, null,
                "waivers.yml:2:5");
    }

    private RuleEngine.Evaluation evaluate(ClusterView view, List<Waiver> waivers) {
        return new RuleEngine(expressions).evaluate(packs, view, new RuleSettings(List.of("TEST-TOKEN-002"), Map.of()),
                waivers, TODAY);
    }

    @Test
    void noFindingsPass() {
        RuleEngine.Evaluation e = evaluate(cluster(), List.of(waiver("TEST-TOKEN-001", null, TODAY)));
        assertThat(e.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RuleOutcome.Status.PASSED);
            assertThat(o.findings()).isZero();
            assertThat(o.reason()).isNull();
        });
        assertThat(e.findings()).isEmpty();
    }

    @Test
    void everyFindingWaivedIsWaivedNotFailed() {
        RuleEngine.Evaluation e = evaluate(cluster("a@pve!one", "a@pve!two"),
                List.of(waiver("TEST-TOKEN-001", "a@pve!*", TODAY)));
        RuleOutcome o = e.outcomes().get(0);
        assertThat(o.status()).isEqualTo(RuleOutcome.Status.WAIVED);
        assertThat(o.findings()).isEqualTo(2);
        assertThat(e.findings()).extracting(Finding::subjectKey).containsExactly("a@pve!one", "a@pve!two");
        assertThat(e.waivedBy()).containsExactly(0, 0);
    }

    @Test
    void oneOpenFindingFailsTheRule() {
        RuleEngine.Evaluation e = evaluate(cluster("a@pve!one", "b@pve!two"),
                List.of(waiver("TEST-TOKEN-001", "x@pve!*", TODAY), waiver("TEST-TOKEN-001", "a@pve!*", TODAY)));
        RuleOutcome o = e.outcomes().get(0);
        assertThat(o.status()).isEqualTo(RuleOutcome.Status.FAILED);
        assertThat(o.findings()).isEqualTo(2);
        assertThat(e.waivedBy()).containsExactly(1, null);
        assertThat(e.findings().get(0).message()).isEqualTo("a@pve!one shares its owner's privileges");
        assertThat(e.findings().get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(e.findings().get(0).cluster()).isEqualTo("prod");
        assertThat(e.findings().get(0).principal()).isEqualTo("a@pve!one");
    }

    @Test
    void anExpiredWaiverWaivesNothingButOneEndingTodayStillDoes() {
        RuleEngine.Evaluation expired = evaluate(cluster("a@pve!one"),
                List.of(waiver("TEST-TOKEN-001", null, TODAY.minusDays(1))));
        assertThat(expired.outcomes().get(0).status()).isEqualTo(RuleOutcome.Status.FAILED);
        assertThat(expired.waivedBy()).containsExactly((Integer) null);
        RuleEngine.Evaluation today = evaluate(cluster("a@pve!one"), List.of(waiver("TEST-TOKEN-001", null, TODAY)));
        assertThat(today.outcomes().get(0).status()).isEqualTo(RuleOutcome.Status.WAIVED);
    }

    @Test
    void aWaiverNamesTheRuleByIdOrFormerIdAndNoOtherRule() {
        RuleEngine.Evaluation byAlias = evaluate(cluster("a@pve!one"), List.of(waiver("old-token-1", null, TODAY)));
        assertThat(byAlias.outcomes().get(0).status()).isEqualTo(RuleOutcome.Status.WAIVED);
        RuleEngine.Evaluation other = new RuleEngine(expressions).evaluate(packs, cluster("a@pve!one"),
                RuleSettings.DEFAULTS, List.of(waiver("TEST-TOKEN-001", null, TODAY)), TODAY);
        assertThat(other.outcomes()).extracting(RuleOutcome::ruleId, RuleOutcome::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("TEST-TOKEN-001", RuleOutcome.Status.WAIVED),
                org.assertj.core.groups.Tuple.tuple("TEST-TOKEN-002", RuleOutcome.Status.FAILED));
        assertThat(other.waivedBy()).containsExactly(0, null);
    }

    @Test
    void disabledRulesHaveNoOutcomeAndSeverityOverridesApply() {
        RuleSettings settings = new RuleSettings(List.of("OLD-TOKEN-1"),
                Map.of("test-token-002", new RuleSettings.Override(null, Severity.CRITICAL, null)));
        RuleEngine.Evaluation e = new RuleEngine(expressions).evaluate(packs, cluster("a@pve!one"), settings,
                List.of(), TODAY);
        assertThat(e.outcomes()).extracting(RuleOutcome::ruleId, RuleOutcome::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("TEST-TOKEN-002", Severity.CRITICAL));
        assertThat(e.findings()).extracting(Finding::severity).containsExactly(Severity.CRITICAL);
    }
}
