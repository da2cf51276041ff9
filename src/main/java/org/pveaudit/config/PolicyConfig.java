package org.pveaudit.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Which rules run and how, globally or for one cluster: {@code disable} lists rule ids or
 * {@code tag:<tag>}; {@code rules} overrides a rule's {@code enabled}, {@code severity} and params;
 * {@code ruleBudget} ({@code rule-budget: 2s}) is how long each rule may run on a cluster (null: the default).
 */
public record PolicyConfig(List<String> disable, Map<String, RuleOverride> rules, Duration ruleBudget) {

    public PolicyConfig {
        disable = disable == null ? List.of() : List.copyOf(disable);
        rules = rules == null ? Map.of() : Map.copyOf(rules);
    }

    /** Overrides for one rule; params are written as text and converted to the type of the rule's default. */
    public record RuleOverride(Boolean enabled, String severity, Map<String, String> params) {

        public RuleOverride {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }
}
