package org.pveaudit.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;

/**
 * Per framework control that a rule maps to ({@code ISO27001:A.8.2}), how its rules fared in one run across
 * clusters: outcomes failed, passed and not evaluated, and the unwaived findings still open. A rule that
 * failed to run counts as not evaluated: its control was not checked.
 */
record FrameworkSummary(String framework, String control, List<String> rules, int failed, int passed,
                        int notEvaluated, int open) {

    /** The frameworks in the order a reader expects them, then any other a pack names. */
    private static final List<String> ORDER = List.of("ISO27001", "NIST800-53", "CIS-PVE");

    /** How a framework reads in the report: the packs write short keys. */
    static String title(String key) {
        return switch (key) {
            case "ISO27001" -> "ISO/IEC 27001:2022";
            case "NIST800-53" -> "NIST SP 800-53 Rev. 5";
            case "CIS-PVE" -> "CIS-PVE (this pack's own numbering)";
            default -> key;
        };
    }

    static List<FrameworkSummary> of(RuleTexts texts, List<RuleOutcome> outcomes, List<StoredFinding> findings) {
        Map<String, int[]> byRule = new TreeMap<>(); // failed, passed, not evaluated, open
        for (RuleOutcome o : outcomes) {
            int[] c = byRule.computeIfAbsent(o.ruleId(), k -> new int[4]);
            switch (o.status()) {
                case FAILED -> c[0]++;
                case PASSED, WAIVED -> c[1]++;
                case NOT_EVALUATED, ERROR -> c[2]++;
            }
        }
        for (StoredFinding f : findings) {
            if (!f.waived()) {
                byRule.computeIfAbsent(f.finding().ruleId(), k -> new int[4])[3]++;
            }
        }
        Map<String, TreeSet<String>> rulesOf = new TreeMap<>();
        for (String rule : byRule.keySet()) {
            for (String mapping : texts.frameworkList(rule)) {
                rulesOf.computeIfAbsent(mapping, k -> new TreeSet<>()).add(rule);
            }
        }
        List<FrameworkSummary> out = new ArrayList<>();
        rulesOf.forEach((mapping, rules) -> {
            int cut = mapping.indexOf(':');
            int[] sum = new int[4];
            rules.forEach(r -> {
                int[] c = byRule.get(r);
                for (int i = 0; i < 4; i++) {
                    sum[i] += c[i];
                }
            });
            out.add(new FrameworkSummary(cut < 0 ? mapping : mapping.substring(0, cut),
                    cut < 0 ? "" : mapping.substring(cut + 1), List.copyOf(rules), sum[0], sum[1], sum[2], sum[3]));
        });
        out.sort(Comparator.comparingInt((FrameworkSummary s) -> rank(s.framework()))
                .thenComparing(FrameworkSummary::framework).thenComparing(s -> controlKey(s.control())));
        return out;
    }

    private static int rank(String framework) {
        int i = ORDER.indexOf(framework);
        return i < 0 ? ORDER.size() : i;
    }

    /** "A.5.9" before "A.5.17", "AC-2" before "AC-2(7)" before "AC-6": numbers compared as numbers. */
    private static String controlKey(String control) {
        StringBuilder b = new StringBuilder();
        for (String part : control.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)")) {
            b.append(part.chars().allMatch(Character::isDigit) ? String.format("%08d", Long.parseLong(
                    part.length() > 15 ? part.substring(0, 15) : part)) : part);
        }
        return b.toString();
    }
}
