package org.pveaudit.rules;

import java.util.List;

/** A named, versioned set of rules from one file. */
public record RulePack(String name, String version, String file, List<Rule> rules) {

    public RulePack {
        rules = List.copyOf(rules);
    }

    /** The same pack with the rules {@code keep} accepts. */
    public RulePack with(java.util.function.Predicate<Rule> keep) {
        return new RulePack(name, version, file, rules.stream().filter(keep).toList());
    }
}
