package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.Dataset;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** A rule never passes on data that was not read: what it reads is what it requires. */
class RulePackRequiresTest {

    @TempDir
    Path dir;

    private final RuleExpressions expressions = new RuleExpressions();
    private final RulePackLoader loader = new RulePackLoader(expressions);

    @Test
    void everyBaselineRuleDeclaresTheDataItsFieldsAreDerivedFrom() throws IOException {
        JsonNode file;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("rules/baseline.yml")) {
            file = YAMLMapper.builder().build().readTree(in);
        }
        RulePack baseline = loader.load("classpath:rules/baseline.yml");
        List<String> problems = new ArrayList<>();
        for (JsonNode node : file.get("rules")) {
            Rule rule = baseline.rules().stream().filter(r -> r.id().equals(node.get("id").asString()))
                    .findFirst().orElseThrow();
            Set<Dataset> declared = EnumSet.of(rule.subject().dataset());
            if (node.has("requires")) {
                node.get("requires").forEach(d -> declared.add(Dataset.valueOf(d.asString().toUpperCase())));
            }
            Set<Dataset> implied = RulePackLoader.implied(rule.subject(), expressions.reads(rule.condition()),
                    rule.message());
            implied.removeAll(declared);
            if (!implied.isEmpty()) {
                problems.add(rule.id() + " reads data it does not declare: " + implied);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theLoaderAddsWhatARuleReadsButForgetsToRequire() throws IOException {
        Path pack = dir.resolve("pack.yml");
        Files.writeString(pack, """
                pack: test
                rules:
                  - id: TEST-USER-001
                    title: locked
                    severity: info
                    subject: user
                    when: "totpLocked and #has('Sys.Audit')"
                    message: "{id} of realm {realmType}"
                """);
        Rule rule = loader.load(pack.toString()).rules().get(0);
        assertThat(rule.requires()).containsExactlyInAnyOrder(Dataset.USERS, Dataset.TFA, Dataset.ACL,
                Dataset.GROUPS, Dataset.ROLES, Dataset.REALMS);
    }

    @Test
    void readsNamesFieldsWhereChainsStartAndTheFunctionsCalled() {
        var condition = expressions.parse("options['mode'] == 'ldap' and #hasUnder('Sys.Console', '/nodes')"
                + " and #size(secretOptions) > 0", SubjectKind.REALM.fields(), Set.of());
        assertThat(expressions.reads(condition)).containsExactlyInAnyOrder("options", "secretOptions", "#hasUnder",
                "#size");
    }
}
