package org.pveaudit.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RulePack;

/**
 * What the rule packs say about each rule beside its findings, for the HTML report and the workbook: how to
 * remediate, where to read more, which framework controls.
 */
record RuleTexts(Map<String, String> remediation, Map<String, List<String>> references,
                 Map<String, List<String>> frameworks) {

    static final RuleTexts NONE = new RuleTexts(Map.of(), Map.of(), Map.of());

    RuleTexts {
        remediation = Map.copyOf(remediation);
        references = Map.copyOf(references);
        frameworks = Map.copyOf(frameworks);
    }

    static RuleTexts of(List<RulePack> packs) {
        Map<String, String> remediation = new HashMap<>();
        Map<String, List<String>> references = new HashMap<>();
        Map<String, List<String>> frameworks = new HashMap<>();
        for (RulePack p : packs) {
            for (Rule r : p.rules()) {
                if (r.remediation() != null) {
                    remediation.put(r.id(), r.remediation());
                }
                references.put(r.id(), r.references());
                frameworks.put(r.id(), r.frameworks());
            }
        }
        return new RuleTexts(remediation, references, frameworks);
    }

    /** The rule's remediation as the pack writes it, or empty. */
    String remediation(String ruleId) {
        return remediation.getOrDefault(ruleId, "");
    }

    List<String> references(String ruleId) {
        return references.getOrDefault(ruleId, List.of());
    }

    /** The rule's framework controls as the pack writes them ({@code ISO27001:A.5.17}). */
    List<String> frameworkList(String ruleId) {
        return frameworks.getOrDefault(ruleId, List.of());
    }

    /** "ISO27001:A.5.17, NIST800-53:IA-5(1)", or empty. */
    String frameworks(String ruleId) {
        return String.join(", ", frameworks.getOrDefault(ruleId, List.of()));
    }
}
