package org.pveaudit.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The former ids of rules ({@code Rule.aliases()}): a finding recorded under an alias is the same
 * finding as one of the rule's current id. Fingerprints are compared through {@link #key}.
 */
public final class RuleAliases {

    public static final RuleAliases NONE = new RuleAliases(Map.of());

    private final Map<String, String> toId = new HashMap<>();
    private final Map<String, List<String>> names = new HashMap<>();

    /** @param aliasToId former id → current id */
    public RuleAliases(Map<String, String> aliasToId) {
        aliasToId.forEach((alias, id) -> {
            toId.put(alias.toLowerCase(Locale.ROOT), id);
            names.computeIfAbsent(id, k -> new ArrayList<>(List.of(id))).add(alias);
        });
    }

    /** The current id of a rule id or former id. */
    public String canonical(String ruleId) {
        return toId.getOrDefault(ruleId.toLowerCase(Locale.ROOT), ruleId);
    }

    /** The identity of a finding across runs: its fingerprint with the rule's current id. */
    public String key(String cluster, String ruleId, String subjectKind, String subjectKey) {
        return cluster + "|" + canonical(ruleId) + "|" + subjectKind + "|" + subjectKey;
    }

    /**
     * The identity of a finding from its stored fingerprint ({@code cluster|rule|kind|subject}; cluster
     * names and rule ids never contain '|'): the same as {@link #key(String, String, String, String)}.
     */
    public String key(String fingerprint) {
        if (toId.isEmpty()) {
            return fingerprint;
        }
        int first = fingerprint.indexOf('|');
        int second = fingerprint.indexOf('|', first + 1);
        return fingerprint.substring(0, first + 1) + canonical(fingerprint.substring(first + 1, second))
                + fingerprint.substring(second);
    }

    /** The fingerprints a finding may have been stored under: with the rule's id and each former id. */
    public List<String> fingerprints(String cluster, String ruleId, String subjectKind, String subjectKey) {
        String id = canonical(ruleId);
        List<String> out = new ArrayList<>();
        for (String name : names.getOrDefault(id, List.of(id))) {
            out.add(cluster + "|" + name + "|" + subjectKind + "|" + subjectKey);
        }
        return out;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(toId);
    }
}
