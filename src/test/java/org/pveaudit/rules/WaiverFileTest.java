package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of {@code waivers.yml} and how one waiver selects findings: globs with {@code *} and {@code ?}
 * over cluster, principal, path and subject; an absent field matches anything, a finding without the
 * field matches only an absent pattern.
 */
class WaiverFileTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @TempDir
    Path dir;

    private final List<Rule> rules = new RulePackLoader(new RuleExpressions()).load("classpath:rules/baseline.yml")
            .rules();

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("waivers.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private List<Waiver> load(String yaml) throws IOException {
        return new WaiverLoader().load(file(yaml), rules, TODAY);
    }

    @Test
    void anEmptyFileOrAnEmptyListHasNoWaivers() throws IOException {
        assertThat(load("")).isEmpty();
        assertThat(load("waivers:\n")).isEmpty();
        assertThat(load("max-waiver-days: 10\n")).isEmpty();
    }

    @Test
    void everyFieldIsRead() throws IOException {
        Waiver w = load("""
                waivers:
                  - rule: pve-token-001
                    cluster: prod-*
                    principal: svc@pve!*
                    path: /vms/1??
                    subject: "svc@pve!grafana"
                    reason: rotated by the vault job
                    owner: sec@example.com
                    expires: 2026-07-01
                    ticket: SEC-1
                """).get(0);
        assertThat(w).isEqualTo(new Waiver("pve-token-001", "prod-*", "svc@pve!*", "/vms/1??", "svc@pve!grafana",
                "rotated by the vault job", "sec@example.com", LocalDate.of(2026, 7, 1), "SEC-1",
                dir.resolve("waivers.yml") + ":2:5"));
        assertThat(w.withSource("waivers.yml:2:5").source()).isEqualTo("waivers.yml:2:5");
    }

    @Test
    void theExpiryLimitIsInclusiveAndConfigurable() throws IOException {
        assertThat(load("waivers:\n  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: 2027-06-01}\n")).hasSize(1);
        assertThat(load("max-waiver-days: 0\nwaivers:\n  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: 2026-06-01}\n"))
                .hasSize(1);
        Path past = file("waivers:\n  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: 2020-01-01}\n");
        // an expired waiver is still loaded: the report lists it as expired
        assertThat(new WaiverLoader().load(past, rules, TODAY)).hasSize(1);
    }

    @Test
    void theFileMustBeAMappingOfKnownKeysWithTextValues() throws IOException {
        Path list = file("- rule: PVE-TOKEN-001\n");
        assertThatThrownBy(() -> new WaiverLoader().load(list, rules, TODAY))
                .hasMessage(list + ":1:1: a waivers file must be a mapping with 'waivers'");
        Path key = file("waiver:\n  - {rule: PVE-TOKEN-001}\n");
        assertThatThrownBy(() -> new WaiverLoader().load(key, rules, TODAY)).hasMessage(key + ":1:1: unknown key 'waiver'");
        Path nested = file("waivers:\n  - {rule: PVE-TOKEN-001, reason: [a], owner: o, expires: 2026-07-01}\n");
        assertThatThrownBy(() -> new WaiverLoader().load(nested, rules, TODAY))
                .hasMessageEndingWith(": 'reason' must be a text, not a list");
        Path blank = file("waivers:\n  - {rule: PVE-TOKEN-001, reason: ' ', owner: o, expires: 2026-07-01}\n");
        assertThatThrownBy(() -> new WaiverLoader().load(blank, rules, TODAY))
                .hasMessageEndingWith("waiver needs 'reason' (rule, reason, owner and expires are required)");
        Path days = file("max-waiver-days: -1\n");
        assertThatThrownBy(() -> new WaiverLoader().load(days, rules, TODAY))
                .hasMessage(days + ":1:1: max-waiver-days must be a whole number of days, 0 or more, not '-1'");
        Path missing = dir.resolve("none.yml");
        assertThatThrownBy(() -> new WaiverLoader().load(missing, rules, TODAY)).isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith(missing.toString());
    }

    @Test
    void globsMatchTheWholeValue() {
        assertThat(Waiver.glob(null, null)).isTrue();
        assertThat(Waiver.glob(null, "x")).isTrue();
        assertThat(Waiver.glob("*", null)).isFalse();
        assertThat(Waiver.glob("svc*", "svc@pve!x")).isTrue();
        assertThat(Waiver.glob("svc", "svc@pve")).isFalse();
        assertThat(Waiver.glob("/vms/1??", "/vms/123")).isTrue();
        assertThat(Waiver.glob("/vms/1??", "/vms/12")).isFalse();
        // everything but * and ? is literal: a dot is a dot, brackets are brackets
        assertThat(Waiver.glob("a.b", "axb")).isFalse();
        assertThat(Waiver.glob("[ab]", "a")).isFalse();
        assertThat(Waiver.glob("[ab]", "[ab]")).isTrue();
    }

    @Test
    void aWaiverMatchesOnlyItsRuleAndEveryGivenField() {
        Rule token = rules.stream().filter(r -> r.id().equals("PVE-TOKEN-001")).findFirst().orElseThrow();
        Rule acl = rules.stream().filter(r -> r.id().equals("PVE-ACL-001")).findFirst().orElseThrow();
        Finding f = new Finding("prod", "PVE-TOKEN-001", Severity.HIGH, "t", SubjectKind.TOKEN, "a@pve!x", "a@pve!x",
                "/vms", "m");
        Waiver any = new Waiver("PVE-TOKEN-001", null, null, null, null, "r", "o", TODAY, null, "w:1:1");
        assertThat(any.matches(token, f)).isTrue();
        assertThat(any.matches(acl, f)).isFalse();
        assertThat(new Waiver("PVE-TOKEN-001", null, null, "/storage", null, "r", "o", TODAY, null, "w").matches(token, f))
                .isFalse();
        assertThat(new Waiver("PVE-TOKEN-001", null, null, null, "b@pve!*", "r", "o", TODAY, null, "w").matches(token, f))
                .isFalse();
        assertThat(new Waiver("PVE-TOKEN-001", "prod", "a@pve!*", "/vms", "a@pve!x", "r", "o", TODAY, null, "w")
                .matches(token, f)).isTrue();
    }
}
