package org.pveaudit.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RulePack;

/** What the rule packs say about each rule beside its findings: how to remediate, which framework controls. */
record RuleTexts(Map<String, String> remediation, Map<String, List<String>> frameworks) {

    static final RuleTexts NONE = new RuleTexts(Map.of(), Map.of());

    RuleTexts {
        remediation = Map.copyOf(remediation);
        frameworks = Map.copyOf(frameworks);
    }

    static RuleTexts of(List<RulePack> packs) {
        Map<String, String> remediation = new HashMap<>();
        Map<String, List<String>> frameworks = new HashMap<>();
        for (RulePack p : packs) {
            for (Rule r : p.rules()) {
                if (r.remediation() != null) {
                    remediation.put(r.id(), r.remediation().strip());
                }
                frameworks.put(r.id(), r.frameworks());
            }
        }
        return new RuleTexts(remediation, frameworks);
    }

    String remediation(String ruleId) {
        return remediation.getOrDefault(ruleId, "");
    }

    /** "ISO27001:A.5.17, NIST800-53:IA-5(1)", or empty. */
    String frameworks(String ruleId) {
        return String.join(", ", frameworks.getOrDefault(ruleId, List.of()));
    }
}
