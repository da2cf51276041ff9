package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule pack file that is not shaped like one stops the run with {@code file:line:column: problem}. */
class RulePackShapeTest {

    @TempDir
    Path dir;

    private final RulePackLoader loader = new RulePackLoader(new RuleExpressions());

    private String file(String yaml) throws IOException {
        Path f = dir.resolve("pack.yml");
        Files.writeString(f, yaml);
        return f.toString();
    }

    private static final String RULE = """
              - id: P-ACL-001
                title: t
                severity: low
                subject: acl
                when: "true"
                message: "{path}"
            """;

    @Test
    void theFileIsAMappingWithAPackNameAndAListOfRules() throws IOException {
        String list = file("- a\n");
        assertThatThrownBy(() -> loader.load(list))
                .hasMessage(list + ":1:1: a rule pack must be a mapping with 'pack' and 'rules'");
        String noName = file("rules:\n" + RULE);
        assertThatThrownBy(() -> loader.load(noName)).hasMessage(noName + ":1:1: missing 'pack'");
        String noRules = file("pack: p\n");
        assertThatThrownBy(() -> loader.load(noRules)).hasMessageEndingWith(": 'rules' must be a list");
        String mapRules = file("pack: p\nrules: {a: 1}\n");
        assertThatThrownBy(() -> loader.load(mapRules)).hasMessage(mapRules + ":2:1: 'rules' must be a list");
        String item = file("pack: p\nrules:\n  - just text\n");
        assertThatThrownBy(() -> loader.load(item)).hasMessage(item + ":3:5: a rule must be a mapping");
        assertThat(loader.load(file("pack: p\nrules: []\n")).rules()).isEmpty();
    }

    @Test
    void everyRuleNeedsItsRequiredKeys() throws IOException {
        for (String key : new String[] {"title", "severity", "subject", "when", "message"}) {
            String f = file("pack: p\nrules:\n" + RULE.replaceAll("(?m)^    " + key + ":.*\\n", ""));
            assertThatThrownBy(() -> loader.load(f)).as(key).hasMessage(f + ":3:5: missing '" + key + "'");
        }
        String blank = file("pack: p\nrules:\n" + RULE.replace("title: t", "title: ' '"));
        assertThatThrownBy(() -> loader.load(blank)).hasMessage(blank + ":3:5: missing 'title'");
    }

    @Test
    void ruleIdsAreUpperCaseAndDashSeparated() throws IOException {
        for (String bad : new String[] {"p-acl-001", "PACL", "P--ACL", "1P-ACL", "P-ACL-"}) {
            String f = file("pack: p\nrules:\n" + RULE.replace("P-ACL-001", bad));
            assertThatThrownBy(() -> loader.load(f)).as(bad).hasMessage(f + ":3:5: rule id '" + bad
                    + "' must look like PVE-ACL-001 (upper case, dash-separated)");
        }
        assertThat(loader.load(file("pack: p\nrules:\n" + RULE.replace("P-ACL-001", "X9-A"))).rules())
                .extracting(Rule::id).containsExactly("X9-A");
    }

    @Test
    void paramsAreAMappingOfScalarDefaultsThatTheMessageMayShow() throws IOException {
        String list = file("pack: p\nrules:\n" + RULE + "    params: [1]\n");
        assertThatThrownBy(() -> loader.load(list))
                .hasMessage(list + ":9:5: rule P-ACL-001: 'params' must be a mapping of name to default value");
        String nested = file("pack: p\nrules:\n" + RULE + "    params:\n      days: [1]\n");
        assertThatThrownBy(() -> loader.load(nested)).hasMessageContaining(
                "rule P-ACL-001: param 'days' needs a default number, text or boolean");
        String empty = file("pack: p\nrules:\n" + RULE + "    params:\n      days:\n");
        assertThatThrownBy(() -> loader.load(empty)).hasMessageContaining("param 'days' needs a default");
        String unknown = file("pack: p\nrules:\n" + RULE.replace("{path}", "{path} {params.days}"));
        assertThatThrownBy(() -> loader.load(unknown))
                .hasMessageContaining("rule P-ACL-001: unknown param '{params.days}' in message");
        Rule ok = loader.load(file("pack: p\nrules:\n" + RULE.replace("{path}", "{path} after {params.days} days")
                + "    params:\n      days: 90\n")).rules().get(0);
        assertThat(ok.params()).containsEntry("days", 90);
        assertThat(loader.load(file("pack: p\nrules:\n" + RULE + "    params:\n")).rules().get(0).params()).isEmpty();
    }

    @Test
    void packsThatCannotBeReadAreNamed() {
        assertThatThrownBy(() -> loader.load("classpath:rules/none.yml"))
                .hasMessage("classpath:rules/none.yml: rule file not found");
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> loader.load(missing.toString())).isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(missing.toString());
        assertThatThrownBy(() -> loader.load("bad\0name.yml")).hasMessage("bad\0name.yml: not a file name");
    }
}
