package org.pveaudit.rules;

import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pveaudit.model.Dataset;

/**
 * The rule reference (docs/rules.md) rendered from loaded rule packs, so the documentation says what the
 * pack says: a summary table, then each rule with what it needs, its frameworks and its remediation.
 */
public final class RuleReference {

    /** The command that rewrites docs/rules.md from the packs; the check that it is current names it. */
    public static final String REGENERATE = "mvn -B -o test -Dtest=RuleReferenceTest -Ddocs.update=true";

    private final List<RulePack> packs;

    public RuleReference(List<RulePack> packs) {
        this.packs = List.copyOf(packs);
    }

    /** The whole Markdown document, with Unix line ends. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated from the rule packs by org.pveaudit.rules.RuleReference: do not edit.\n")
                .append("     After changing a pack, regenerate with: ").append(REGENERATE).append(" -->\n")
                .append("# Rule reference\n\n")
                .append("Every rule of the bundled rule packs: what it flags, how bad it is, which data it needs ")
                .append("(a cluster without that data reports the rule *not evaluated*, never passed), the ")
                .append("frameworks it maps to and what to do about a finding. How rules are written and ")
                .append("tested: [rule-writing.md](rule-writing.md); how they are switched off, tuned and waived: ")
                .append("[configuration.md](configuration.md).\n");
        for (RulePack pack : packs) {
            pack(md, pack);
        }
        return md.toString();
    }

    private static void pack(StringBuilder md, RulePack pack) {
        md.append("\n## Pack `").append(pack.name()).append("` version ").append(pack.version()).append("\n\n")
                .append("From `").append(pack.file()).append("`: ").append(count(pack.rules().size(), "rule", "rules"))
                .append(".\n\n")
                .append("| Id | Severity | Title | Needs | Frameworks |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (Rule r : pack.rules()) {
            md.append("| [").append(r.id()).append("](#").append(anchor(r.id())).append(") | ")
                    .append(r.severity().key()).append(" | ").append(text(r.title())).append(" | ")
                    .append(text(needs(r))).append(" | ").append(text(String.join(", ", r.frameworks())))
                    .append(" |\n");
        }
        for (Rule r : pack.rules()) {
            rule(md, r);
        }
    }

    private static void rule(StringBuilder md, Rule r) {
        md.append("\n### ").append(r.id()).append("\n\n")
                .append("**").append(text(r.title())).append("**\n\n")
                .append("- Severity: ").append(r.severity().key()).append('\n')
                .append("- Subject: ").append(r.subject().key()).append('\n')
                .append("- Needs: ").append(text(needs(r))).append('\n');
        list(md, "Frameworks", r.frameworks());
        list(md, "Tags", r.tags());
        list(md, "Former ids", r.aliases());
        if (!r.params().isEmpty()) {
            md.append("- Params: ").append(new TreeMap<>(r.params()).entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` (default " + text(String.valueOf(e.getValue())) + ")")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        paragraph(md, "Why", r.rationale());
        paragraph(md, "Remediation", r.remediation());
        if (!r.references().isEmpty()) {
            md.append("\nReferences: ").append(r.references().stream().map(u -> "<" + u + ">")
                    .collect(Collectors.joining(", "))).append('\n');
        }
    }

    private static void list(StringBuilder md, String label, List<String> values) {
        if (!values.isEmpty()) {
            md.append("- ").append(label).append(": ").append(text(String.join(", ", values))).append('\n');
        }
    }

    private static void paragraph(StringBuilder md, String label, String value) {
        if (value != null && !value.isBlank()) {
            md.append("\n*").append(label).append(":* ").append(text(value)).append('\n');
        }
    }

    /** The datasets a rule cannot be evaluated without, in the order of {@link Dataset}. */
    static String needs(Rule r) {
        return r.requires().stream().sorted().map(Dataset::key).collect(Collectors.joining(", "));
    }

    /** "1 rule", "2 rules". */
    static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String anchor(String id) {
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Inline Markdown text that renders as written: characters that would start emphasis, code, a link,
     * an HTML tag (placeholders such as {@code <user>}), an entity or a table cell's end are escaped, line
     * ends become spaces, and a leading character that would start a block is escaped too.
     */
    static String text(String value) {
        String flat = value.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
        StringBuilder out = new StringBuilder(flat.length() + 16);
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            if ("\\`*_[]<>&|".indexOf(c) >= 0 || i == 0 && "#+-=".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
