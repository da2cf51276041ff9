package org.pveaudit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter controls above the findings table: per facet (severity, cluster, state, rule) the values the rows
 * have, in a reader's order, each with its count. The page's script recounts them as filters change; these are
 * the counts with no filter set, so the controls read right before the script runs.
 */
final class FindingFacets {

    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");
    private static final List<String> STATES = List.of("new", "regressed", "open", "waived", "not-evaluated");

    private FindingFacets() {
    }

    /** @param rows the findings table's rows, with {@code severity}, {@code cluster}, {@code filterState}, {@code ruleId} */
    static List<Map<String, Object>> of(List<Map<String, Object>> rows) {
        return List.of(
                facet("severity", "Severity", rows, "severity", Comparator.comparingInt(SEVERITIES::indexOf)),
                facet("cluster", "Cluster", rows, "cluster", null),
                facet("state", "State", rows, "filterState", Comparator.comparingInt(STATES::indexOf)),
                facet("rule", "Rule", rows, "ruleId", Comparator.naturalOrder()));
    }

    private static Map<String, Object> facet(String name, String label, List<Map<String, Object>> rows, String key,
                                             Comparator<String> order) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge(String.valueOf(r.get(key)), 1, Integer::sum));
        List<String> values = new ArrayList<>(counts.keySet());
        if (order != null) {
            values.sort(order);
        }
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(Map.of("value", "", "label", "all", "count", rows.size()));
        // "not-evaluated" reads "not evaluated"; cluster names and rule ids stay exactly as they are
        values.forEach(v -> options.add(Map.of("value", v, "label", name.equals("state") ? v.replace('-', ' ') : v,
                "count", counts.get(v))));
        return Map.of("name", name, "label", label, "options", options, "selected", "");
    }
}
