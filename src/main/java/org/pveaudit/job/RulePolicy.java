package org.pveaudit.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.PolicyConfig;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleBudget;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RuleSettings;
import org.pveaudit.rules.Severity;

/**
 * Turns the {@code policy} settings of the configuration into {@link RuleSettings}, checking them
 * against the loaded rules: an unknown rule id, tag, param or severity is a configuration error.
 */
final class RulePolicy {

    private RulePolicy() {
    }

    /** @param where the key of the policy in the file, for messages ({@code policy} or {@code clusters[1].policy}) */
    static RuleSettings settings(PolicyConfig policy, List<RulePack> packs, String file, String where) {
        List<Rule> rules = packs.stream().flatMap(p -> p.rules().stream()).toList();
        for (String d : policy.disable()) {
            boolean known = d.startsWith("tag:") ? rules.stream().anyMatch(r -> r.tags().contains(d.substring(4)))
                    : rules.stream().anyMatch(r -> r.answersTo(d));
            if (!known) {
                throw new ConfigException(file + ": " + where + ".disable: no rule or tag '" + d + "'");
            }
        }
        Map<String, RuleSettings.Override> overrides = new HashMap<>();
        policy.rules().forEach((id, o) -> {
            String key = where + ".rules." + id;
            Rule rule = rules.stream().filter(r -> r.answersTo(id)).findFirst()
                    .orElseThrow(() -> new ConfigException(file + ": " + key + ": no rule '" + id + "'"));
            Severity severity = null;
            if (o.severity() != null) {
                severity = Severity.parse(o.severity());
                if (severity == null) {
                    throw new ConfigException(file + ": " + key + ".severity: '" + o.severity()
                            + "' is not one of critical, high, medium, low, info");
                }
            }
            Map<String, Object> params = new HashMap<>();
            o.params().forEach((name, text) -> params.put(name, convert(rule, name, text, file, key)));
            overrides.put(rule.id(), new RuleSettings.Override(o.enabled(), severity, params));
        });
        RuleBudget budget = null;
        if (policy.ruleBudget() != null) {
            try {
                budget = new RuleBudget(policy.ruleBudget());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file + ": " + where + ".rule-budget: " + e.getMessage());
            }
        }
        return new RuleSettings(policy.disable(), overrides, budget);
    }

    /** A param value in the type of the rule's default, so comparisons in conditions stay numeric. */
    private static Object convert(Rule rule, String name, String text, String file, String key) {
        if (!rule.params().containsKey(name)) {
            throw new ConfigException(file + ": " + key + ".params." + name + ": rule " + rule.id()
                    + " has no param '" + name + "'" + (rule.params().isEmpty() ? "" : " (params: "
                    + String.join(", ", rule.params().keySet()) + ")"));
        }
        Object def = rule.params().get(name);
        try {
            if (def instanceof Number) {
                return text.contains(".") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
            }
            if (def instanceof Boolean) {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.parseBoolean(text);
            }
            return text;
        } catch (NumberFormatException e) {
            throw new ConfigException(file + ": " + key + ".params." + name + ": '" + text + "' is not a "
                    + (def instanceof Boolean ? "boolean" : "number"));
        }
    }
}
