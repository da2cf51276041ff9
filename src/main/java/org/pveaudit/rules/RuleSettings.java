package org.pveaudit.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a configuration changes about the rules for one cluster: rules switched off by id or by
 * {@code tag:<tag>}, per-rule severity and param overrides (cluster settings over global ones), and
 * the {@link RuleBudget} of each rule (null: the default).
 */
public record RuleSettings(List<String> disabled, Map<String, Override> overrides, RuleBudget ruleBudget) {

    /** One rule's overrides; null members leave the rule's own value. */
    public record Override(Boolean enabled, Severity severity, Map<String, Object> params) {

        public Override {
            params = params == null ? Map.of() : Map.copyOf(params);
        }
    }

    public static final RuleSettings DEFAULTS = new RuleSettings(List.of(), Map.of(), null);

    public RuleSettings(List<String> disabled, Map<String, Override> overrides) {
        this(disabled, overrides, null);
    }

    public RuleSettings {
        disabled = List.copyOf(disabled);
        Map<String, Override> upper = new HashMap<>();
        overrides.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        overrides = Map.copyOf(upper);
    }

    /** These settings with {@code more} applied on top (a cluster's settings over the global ones). */
    public RuleSettings with(RuleSettings more) {
        List<String> off = new java.util.ArrayList<>(disabled);
        off.addAll(more.disabled);
        Map<String, Override> merged = new HashMap<>(overrides);
        more.overrides.forEach((id, o) -> merged.merge(id, o, (a, b) -> {
            Map<String, Object> params = new HashMap<>(a.params());
            params.putAll(b.params());
            return new Override(b.enabled() != null ? b.enabled() : a.enabled(),
                    b.severity() != null ? b.severity() : a.severity(), params);
        }));
        return new RuleSettings(off, merged, more.ruleBudget != null ? more.ruleBudget : ruleBudget);
    }

    /** How much work each rule may do on a cluster. */
    public RuleBudget budget() {
        return ruleBudget == null ? RuleBudget.DEFAULT : ruleBudget;
    }

    public boolean enabled(Rule rule) {
        Override o = override(rule);
        if (o != null && o.enabled() != null) {
            return o.enabled();
        }
        for (String d : disabled) {
            if (d.startsWith("tag:") ? rule.tags().contains(d.substring(4)) : rule.answersTo(d)) {
                return false;
            }
        }
        return true;
    }

    public Severity severity(Rule rule) {
        Override o = override(rule);
        return o != null && o.severity() != null ? o.severity() : rule.severity();
    }

    /** The rule's params with overrides applied. */
    public Map<String, Object> params(Rule rule) {
        Override o = override(rule);
        if (o == null || o.params().isEmpty()) {
            return rule.params();
        }
        Map<String, Object> p = new HashMap<>(rule.params());
        p.putAll(o.params());
        return p;
    }

    private Override override(Rule rule) {
        Override o = overrides.get(rule.id().toUpperCase(Locale.ROOT));
        if (o == null) {
            for (String alias : rule.aliases()) {
                o = overrides.get(alias.toUpperCase(Locale.ROOT));
                if (o != null) {
                    break;
                }
            }
        }
        return o;
    }
}
