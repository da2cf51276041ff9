package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackLoaderTest {

    @TempDir
    Path dir;

    private final RulePackLoader loader = new RulePackLoader(new RuleExpressions());

    private String pack(String rules) throws IOException {
        Path file = dir.resolve("pack.yml");
        Files.writeString(file, "pack: test\nversion: \"1\"\nrules:\n" + rules);
        return file.toString();
    }

    private static String rule(String when) {
        return """
                  - id: TEST-ACL-001
                    title: test
                    severity: high
                    subject: acl
                    when: "%s"
                    message: "{principal} at {path}"
                """.formatted(when);
    }

    @Test
    void theBundledBaselineLoadsWithItsSeedRules() {
        RulePack baseline = loader.load("classpath:rules/baseline.yml");
        assertThat(baseline.name()).isEqualTo("baseline");
        assertThat(baseline.rules()).extracting(Rule::id)
                .contains("PVE-ACL-001", "PVE-TOKEN-001", "PVE-TOKEN-002");
        assertThat(baseline.rules()).allSatisfy(r -> {
            assertThat(r.remediation()).isNotBlank();
            assertThat(r.rationale()).isNotBlank();
        });
    }

    @Test
    void codeExecutionThroughSpelIsRefusedAtLoad() throws IOException {
        String file = pack(rule("T(java.lang.Runtime).getRuntime().exec('id') != null"));
        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(file + ":8:5: rule TEST-ACL-001: expression not allowed: type reference")
                .hasMessageNotContaining("\n");
    }

    @Test
    void methodCallsConstructorsBeansAndAssignmentsAreRefused() throws IOException {
        for (String when : List.of("path.toString() == '/'", "new java.io.File('/etc/passwd') != null",
                "@someBean != null", "path = '/'", "#root != null")) {
            String file = pack(rule(when));
            assertThatThrownBy(() -> loader.load(file)).as(when)
                    .hasMessageContaining("expression not allowed");
        }
    }

    @Test
    void unknownFieldsAreNamed() throws IOException {
        String file = pack(rule("pth == '/'"));
        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("unknown field 'pth'");
    }

    @Test
    void syntaxErrorsGiveFileLineAndColumn() throws IOException {
        String file = pack(rule("path == "));
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageStartingWith(file + ":8:5: rule TEST-ACL-001: expression syntax error");
    }

    @Test
    void badSeverityUnknownSubjectDuplicateIdsAndUnknownKeysAreRejected() throws IOException {
        String sev = pack(rule("true").replace("severity: high", "severity: severe"));
        assertThatThrownBy(() -> loader.load(sev))
                .hasMessage(sev + ":6:5: rule TEST-ACL-001: severity 'severe' is not one of critical, high, "
                        + "medium, low, info");
        String subj = pack(rule("true").replace("subject: acl", "subject: vm"));
        assertThatThrownBy(() -> loader.load(subj)).hasMessageContaining(":7:5: rule TEST-ACL-001: unknown subject 'vm'");
        String dup = pack(rule("true") + rule("false"));
        assertThatThrownBy(() -> loader.load(dup)).hasMessageContaining("duplicate rule id 'TEST-ACL-001'");
        String key = pack(rule("true") + "    severty: low\n");
        assertThatThrownBy(() -> loader.load(key)).hasMessageContaining(":10:5: unknown key 'severty'");
        String msg = pack(rule("true").replace("{principal}", "{who}"));
        assertThatThrownBy(() -> loader.load(msg)).hasMessageContaining("unknown field '{who}' in message");
    }

    @Test
    void yamlErrorsAndRepeatedKeysNameLineAndColumn() throws IOException {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "pack: test\nrules:\n  - id: [unclosed\n");
        assertThatThrownBy(() -> loader.load(broken.toString())).isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(broken + ":4:1: not valid YAML: ").hasMessageNotContaining("\n");
        // an alias to the list that contains it: refused instead of recursing without end
        Path loop = dir.resolve("loop.yml");
        Files.writeString(loop, "pack: test\nrules: &r\n  - *r\n");
        assertThatThrownBy(() -> loader.load(loop.toString())).isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(loop + ":");
        // a second 'when' would silently replace the first: refused, pointing at the repeated key
        String twice = pack(rule("principal == 'a@pve'") + "    when: \"true\"\n");
        assertThatThrownBy(() -> loader.load(twice)).isInstanceOf(RuleFileException.class)
                .hasMessage(twice + ":10:5: key 'when' appears twice");
    }

    @Test
    void parameterDefaultsKeepTheirYamlTypeAndDigits() throws IOException {
        String file = pack(rule("true") + """
                    params:
                      days: 0x10
                      ratio: 1.10
                      strict: true
                      realm: pve
                """);
        Rule r = loader.load(file).rules().get(0);
        assertThat(r.params()).containsEntry("days", 16).containsEntry("strict", true).containsEntry("realm", "pve");
        assertThat(r.params().get("ratio")).hasToString("1.10");
    }

    @Test
    void ruleIdsMustBeUniqueAcrossPacks() throws IOException {
        String first = pack(rule("true"));
        Path second = dir.resolve("second.yml");
        Files.writeString(second, "pack: other\nrules:\n" + rule("false"));
        assertThatThrownBy(() -> loader.load(List.of(first, second.toString())))
                .hasMessageContaining("duplicate rule id 'TEST-ACL-001'");
    }
}
