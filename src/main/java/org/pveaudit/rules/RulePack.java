package org.pveaudit.rules;

import java.util.List;

/** A named, versioned set of rules from one file. */
public record RulePack(String name, String version, String file, List<Rule> rules) {

    public RulePack {
        rules = List.copyOf(rules);
    }
}
