package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.Dataset;

/**
 * The optional parts of a rule (aliases, requires, references, frameworks, tags, rationale, remediation),
 * the pack's own name and version, and loading several packs side by side.
 */
class RulePackFieldsTest {

    @TempDir
    Path dir;

    private final RulePackLoader loader = new RulePackLoader(new RuleExpressions());

    private String file(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f.toString();
    }

    private static String rule(String id, String extra) {
        return """
                  - id: %s
                    title: admin at root
                    severity: high
                    subject: acl
                    when: "role == 'Administrator'"
                    message: "{principal} at {path}"
                %s""".formatted(id, extra);
    }

    @Test
    void everyOptionalListIsReadInOrder() throws IOException {
        String f = file("pack.yml", "pack: house\nversion: 3\nrules:\n" + rule("HOUSE-ACL-001", """
                    aliases: [OLD-ACL-1, older-acl-1]
                    references: ["https://pve.proxmox.com/wiki/User_Management", "reference 2.3"]
                    frameworks: [CIS 5.1, ISO 27001 A.5.15]
                    tags: [admin, acl]
                    rationale: root admin is total
                    remediation: grant narrower roles
                    requires: [tfa, pools]
                """));
        RulePack pack = loader.load(f);
        assertThat(pack.name()).isEqualTo("house");
        assertThat(pack.version()).isEqualTo("3");
        assertThat(pack.file()).isEqualTo(f);
        Rule r = pack.rules().get(0);
        assertThat(r.aliases()).containsExactly("OLD-ACL-1", "older-acl-1");
        assertThat(r.references()).containsExactly("https://pve.proxmox.com/wiki/User_Management", "reference 2.3");
        assertThat(r.frameworks()).containsExactly("CIS 5.1", "ISO 27001 A.5.15");
        assertThat(r.tags()).containsExactly("admin", "acl");
        assertThat(r.rationale()).isEqualTo("root admin is total");
        assertThat(r.remediation()).isEqualTo("grant narrower roles");
        assertThat(r.title()).isEqualTo("admin at root");
        assertThat(r.severity()).isEqualTo(Severity.HIGH);
        assertThat(r.subject()).isEqualTo(SubjectKind.ACL);
        assertThat(r.when()).isEqualTo("role == 'Administrator'");
        assertThat(r.message()).isEqualTo("{principal} at {path}");
        assertThat(r.source()).isEqualTo(f + ":4:5");
        // declared datasets are added to the subject's own
        assertThat(r.requires()).contains(Dataset.ACL, Dataset.TFA, Dataset.POOLS).doesNotContain(Dataset.REALMS);
        // an alias selects the rule, whatever its case
        assertThat(r.answersTo("old-acl-1")).isTrue();
        assertThat(r.answersTo("OLDER-ACL-1")).isTrue();
        assertThat(r.answersTo("house-acl-001")).isTrue();
        assertThat(r.answersTo("HOUSE-ACL-002")).isFalse();
    }

    @Test
    void absentOptionalPartsAreEmptyAndTheVersionDefaultsToZero() throws IOException {
        RulePack pack = loader.load(file("pack.yml", "pack: bare\nrules:\n" + rule("BARE-ACL-001", "")));
        assertThat(pack.version()).isEqualTo("0");
        Rule r = pack.rules().get(0);
        assertThat(r.aliases()).isEmpty();
        assertThat(r.references()).isEmpty();
        assertThat(r.frameworks()).isEmpty();
        assertThat(r.tags()).isEmpty();
        assertThat(r.rationale()).isNull();
        assertThat(r.remediation()).isNull();
        assertThat(r.params()).isEmpty();
        assertThat(r.requires()).containsExactly(Dataset.ACL);
        RulePack nullVersion = loader.load(file("null.yml", "pack: bare\nversion:\nrules:\n" + rule("BARE-ACL-001", "")));
        assertThat(nullVersion.version()).isEqualTo("0");
    }

    @Test
    void requiresNamesOnlyKnownDatasets() throws IOException {
        String f = file("pack.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    requires: [acl, secrets]\n"));
        assertThatThrownBy(() -> loader.load(f)).isInstanceOf(RuleFileException.class)
                .hasMessage(f + ":9:5: rule P-ACL-001: unknown dataset 'secrets'");
        String upper = file("upper.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    requires: [TFA]\n"));
        assertThatThrownBy(() -> loader.load(upper)).hasMessageContaining("unknown dataset 'TFA'");
    }

    @Test
    void listsMustBeListsOfTexts() throws IOException {
        String single = file("single.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    references: a link\n"));
        assertThatThrownBy(() -> loader.load(single))
                .hasMessage(single + ":9:5: 'references' must be a list of texts, not a text");
        String nested = file("nested.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    tags: [ok, [nested]]\n"));
        assertThatThrownBy(() -> loader.load(nested))
                .hasMessage(nested + ":9:16: item 2 of 'tags' must be a text, not a list");
        String map = file("map.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    aliases: {old: 1}\n"));
        assertThatThrownBy(() -> loader.load(map)).hasMessageContaining("'aliases' must be a list of texts, not a mapping");
        String empty = file("empty.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    frameworks: [CIS, ~]\n"));
        assertThatThrownBy(() -> loader.load(empty)).hasMessageContaining("item 2 of 'frameworks' must be a text, not empty");
        String text = file("text.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "    rationale: [a, b]\n"));
        assertThatThrownBy(() -> loader.load(text)).hasMessageContaining("'rationale' must be a text, not a list");
    }

    @Test
    void anAliasMayNotRepeatAnIdOfTheSamePack() throws IOException {
        String f = file("pack.yml", "pack: p\nrules:\n" + rule("P-ACL-001", "")
                + rule("P-ACL-002", "    aliases: [p-acl-001]\n"));
        assertThatThrownBy(() -> loader.load(f))
                .hasMessage(f + ":9:5: duplicate rule id 'p-acl-001' (first at 3:5)");
    }

    @Test
    void packsWithDistinctIdsLoadSideBySideInTheirOrder() throws IOException {
        String first = file("first.yml", "pack: first\nrules:\n" + rule("ONE-ACL-001", "    aliases: [ONE-OLD-1]\n"));
        String second = file("second.yml", "pack: second\nrules:\n" + rule("TWO-ACL-001", "")
                + rule("TWO-ACL-002", ""));
        List<RulePack> packs = loader.load(List.of(first, second));
        assertThat(packs).extracting(RulePack::name).containsExactly("first", "second");
        assertThat(packs.get(1).rules()).extracting(Rule::id).containsExactly("TWO-ACL-001", "TWO-ACL-002");
        assertThat(loader.load(List.of())).isEmpty();
    }

    @Test
    void aDuplicateAcrossPacksNamesBothPlaces() throws IOException {
        String first = file("first.yml", "pack: first\nrules:\n" + rule("ONE-ACL-001", "    aliases: [ONE-OLD-1]\n"));
        String second = file("second.yml", "pack: second\nrules:\n" + rule("TWO-ACL-001", "")
                + rule("TWO-ACL-002", "    aliases: [one-old-1]\n"));
        assertThatThrownBy(() -> loader.load(List.of(first, second))).isInstanceOf(RuleFileException.class)
                .hasMessage(second + ":9:5: duplicate rule id 'one-old-1' (first defined at " + first + ":3:5)");
    }
}
