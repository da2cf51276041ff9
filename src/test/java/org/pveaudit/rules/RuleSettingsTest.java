package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.Dataset;

/**
 * What a configuration changes about the rules: rules switched off by id, former id or {@code tag:}, severity
 * and param overrides (a cluster's settings over the global ones), and the work budget.
 */
class RuleSettingsTest {

    private static Rule rule(String id, List<String> aliases, List<String> tags, Map<String, Object> params) {
        return new Rule(id, aliases, "t", Severity.MEDIUM, SubjectKind.USER, "true", null, "m", null, null, List.of(),
                List.of(), tags, params, Set.of(Dataset.USERS), "pack.yml:3:5");
    }

    private static final Rule TOKENS = rule("PVE-TOKEN-001", List.of("OLD-TOKEN-1"), List.of("tokens", "expiry"),
            Map.of("days", 90, "realm", "pve"));
    private static final Rule USERS = rule("PVE-USER-001", List.of(), List.of("users"), Map.of());

    @Test
    void everyRuleIsOnByDefaultWithItsOwnSeverityParamsAndTheDefaultBudget() {
        assertThat(RuleSettings.DEFAULTS.enabled(TOKENS)).isTrue();
        assertThat(RuleSettings.DEFAULTS.severity(TOKENS)).isEqualTo(Severity.MEDIUM);
        assertThat(RuleSettings.DEFAULTS.params(TOKENS)).isEqualTo(Map.of("days", 90, "realm", "pve"));
        assertThat(RuleSettings.DEFAULTS.budget()).isEqualTo(RuleBudget.DEFAULT);
    }

    @Test
    void rulesAreSwitchedOffByIdFormerIdOrTag() {
        assertThat(new RuleSettings(List.of("pve-token-001"), Map.of()).enabled(TOKENS)).isFalse();
        assertThat(new RuleSettings(List.of("OLD-TOKEN-1"), Map.of()).enabled(TOKENS)).isFalse();
        assertThat(new RuleSettings(List.of("tag:expiry"), Map.of()).enabled(TOKENS)).isFalse();
        RuleSettings tokensOff = new RuleSettings(List.of("tag:tokens"), Map.of());
        assertThat(tokensOff.enabled(USERS)).isTrue();
        // a tag is a tag, not an id
        assertThat(new RuleSettings(List.of("tokens"), Map.of()).enabled(TOKENS)).isTrue();
        assertThat(new RuleSettings(List.of("tag:PVE-TOKEN-001"), Map.of()).enabled(TOKENS)).isTrue();
    }

    @Test
    void anOverrideSwitchesARuleOnOrOffWhateverTheList() {
        RuleSettings on = new RuleSettings(List.of("tag:tokens"),
                Map.of("old-token-1", new RuleSettings.Override(true, null, null)));
        assertThat(on.enabled(TOKENS)).isTrue();
        RuleSettings off = new RuleSettings(List.of(), Map.of("PVE-TOKEN-001", new RuleSettings.Override(false, null, null)));
        assertThat(off.enabled(TOKENS)).isFalse();
        assertThat(off.enabled(USERS)).isTrue();
    }

    @Test
    void severityAndParamsOverridesKeepWhatTheyDoNotName() {
        RuleSettings s = new RuleSettings(List.of(), Map.of("Pve-Token-001",
                new RuleSettings.Override(null, Severity.CRITICAL, Map.of("days", 30))));
        assertThat(s.enabled(TOKENS)).isTrue();
        assertThat(s.severity(TOKENS)).isEqualTo(Severity.CRITICAL);
        assertThat(s.params(TOKENS)).isEqualTo(Map.of("days", 30, "realm", "pve"));
        assertThat(s.severity(USERS)).isEqualTo(Severity.MEDIUM);
        RuleSettings noParams = new RuleSettings(List.of(), Map.of("PVE-TOKEN-001",
                new RuleSettings.Override(null, null, null)));
        assertThat(noParams.params(TOKENS)).isEqualTo(TOKENS.params());
        assertThat(noParams.severity(TOKENS)).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void aClustersSettingsApplyOverTheGlobalOnes() {
        RuleBudget tight = new RuleBudget(java.time.Duration.ofSeconds(1));
        RuleSettings global = new RuleSettings(List.of("tag:users"), Map.of("PVE-TOKEN-001",
                new RuleSettings.Override(false, Severity.LOW, Map.of("days", 30, "realm", "ldap"))), tight);
        RuleSettings cluster = new RuleSettings(List.of("PVE-OTHER-001"), Map.of("pve-token-001",
                new RuleSettings.Override(true, null, Map.of("days", 7))));
        RuleSettings merged = global.with(cluster);
        assertThat(merged.disabled()).containsExactly("tag:users", "PVE-OTHER-001");
        assertThat(merged.enabled(USERS)).isFalse();
        assertThat(merged.enabled(TOKENS)).isTrue();
        assertThat(merged.severity(TOKENS)).isEqualTo(Severity.LOW);
        assertThat(merged.params(TOKENS)).isEqualTo(Map.of("days", 7, "realm", "ldap"));
        assertThat(merged.budget()).isEqualTo(tight);
        RuleBudget own = new RuleBudget(java.time.Duration.ofMinutes(5));
        assertThat(global.with(new RuleSettings(List.of(), Map.of(), own)).budget()).isEqualTo(own);
        RuleSettings sharper = global.with(new RuleSettings(List.of(), Map.of("PVE-TOKEN-001",
                new RuleSettings.Override(null, Severity.HIGH, null))));
        assertThat(sharper.enabled(TOKENS)).isFalse();
        assertThat(sharper.severity(TOKENS)).isEqualTo(Severity.HIGH);
    }

    @Test
    void aBudgetIsMoreThanZeroAndAtMostFiveMinutesAndGrowsWithTheSubjects() {
        RuleBudget b = new RuleBudget(java.time.Duration.ofSeconds(2));
        assertThat(b.timeFor(0)).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(b.timeFor(4000)).isEqualTo(java.time.Duration.ofSeconds(4));
        for (java.time.Duration bad : java.util.Arrays.asList(null, java.time.Duration.ZERO,
                java.time.Duration.ofMillis(-1), java.time.Duration.ofMinutes(5).plusNanos(1))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RuleBudget(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a rule budget must be more than 0 and at most 5 minutes");
        }
        assertThat(RuleBudget.words(java.time.Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(RuleBudget.words(java.time.Duration.ofMillis(1000))).isEqualTo("1 s");
        assertThat(RuleBudget.words(java.time.Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(RuleBudget.words(java.time.Duration.ofMinutes(5))).isEqualTo("300 s");
    }
}
