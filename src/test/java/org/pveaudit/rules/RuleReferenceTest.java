package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.Dataset;

/**
 * docs/rules.md is rendered from the rule packs under rules/ and must equal what is committed; run with
 * {@code -Ddocs.update=true} to rewrite it.
 */
class RuleReferenceTest {

    private static final Path DOC = Path.of("docs/rules.md");

    private static List<RulePack> bundledPacks() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("rules"))) {
            files = s.filter(p -> p.toString().endsWith(".yml")).map(Path::toString).sorted().toList();
        }
        return new RulePackLoader(new RuleExpressions()).load(files);
    }

    @Test
    void docsRulesMdIsCurrent() throws IOException {
        String rendered = new RuleReference(bundledPacks()).markdown();
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("docs/rules.md is not what the rule packs say; regenerate it with: " + RuleReference.REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void everyRuleOfThePackHasARowAndASection() throws IOException {
        List<RulePack> packs = bundledPacks();
        String md = new RuleReference(packs).markdown();
        for (RulePack pack : packs) {
            assertThat(md).contains("## Pack `" + pack.name() + "` version " + pack.version());
            for (Rule r : pack.rules()) {
                assertThat(md).contains("| [" + r.id() + "](#" + r.id().toLowerCase() + ") | " + r.severity().key() + " | ")
                        .contains("\n### " + r.id() + "\n");
            }
        }
    }

    @Test
    void tableMetacharactersAndPlaceholdersAreEscaped() {
        Rule rule = rule("X-TEST-001", "a | b with *stars* and <user>", "run `pveum` on [x]\nthen & more");
        String md = new RuleReference(List.of(new RulePack("p", "2", "p.yml", List.of(rule)))).markdown();
        assertThat(md).contains("| [X-TEST-001](#x-test-001) | high | a \\| b with \\*stars\\* and \\<user\\> | users, "
                        + "acl | ISO27001:A.5 |\n")
                .contains("*Remediation:* run \\`pveum\\` on \\[x\\] then \\& more\n")
                .contains("From `p.yml`: 1 rule.");
    }

    @Test
    void aLeadingBlockCharacterIsEscapedAndLineEndsBecomeSpaces() {
        assertThat(RuleReference.text("- not a list\n  item")).isEqualTo("\\- not a list item");
        assertThat(RuleReference.text("# not a heading")).isEqualTo("\\# not a heading");
        assertThat(RuleReference.text("a-b")).isEqualTo("a-b");
    }

    @Test
    void countsAgreeWithTheirNoun() {
        assertThat(RuleReference.count(1, "rule", "rules")).isEqualTo("1 rule");
        assertThat(RuleReference.count(45, "rule", "rules")).isEqualTo("45 rules");
        assertThat(RuleReference.count(0, "rule", "rules")).isEqualTo("0 rules");
    }

    private static Rule rule(String id, String title, String remediation) {
        return new Rule(id, List.of(), title, Severity.HIGH, SubjectKind.ACL, "true", null, "m", null, remediation,
                List.of(), List.of("ISO27001:A.5"), List.of(), Map.of(), Set.of(Dataset.ACL, Dataset.USERS), "p.yml:1:1");
    }
}
