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

class WaiverLoaderTest {

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

    @Test
    void loadsAWaiverWithItsGlobsAndAccountability() throws IOException {
        List<Waiver> waivers = new WaiverLoader().load(file("""
                waivers:
                  - rule: PVE-TOKEN-001
                    cluster: prod
                    principal: "svc-*@pve!*"
                    reason: monitoring tokens are rotated by the vault job
                    owner: sec-team@example.com
                    expires: 2026-12-31
                    ticket: SEC-42
                """), rules, TODAY);
        assertThat(waivers).hasSize(1);
        Waiver w = waivers.get(0);
        assertThat(w.expires()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(w.source()).endsWith("waivers.yml:2:5");
        Rule tokenRule = rules.stream().filter(r -> r.id().equals("PVE-TOKEN-001")).findFirst().orElseThrow();
        Finding match = new Finding("prod", "PVE-TOKEN-001", Severity.HIGH, "t", SubjectKind.TOKEN,
                "svc-mon@pve!grafana", "svc-mon@pve!grafana", null, "m");
        assertThat(w.matches(tokenRule, match)).isTrue();
        assertThat(w.matches(tokenRule, new Finding("lab", "PVE-TOKEN-001", Severity.HIGH, "t", SubjectKind.TOKEN,
                "svc-mon@pve!grafana", "svc-mon@pve!grafana", null, "m"))).isFalse();
        assertThat(w.matches(tokenRule, new Finding("prod", "PVE-TOKEN-001", Severity.HIGH, "t", SubjectKind.TOKEN,
                "root@pam!backup", "root@pam!backup", null, "m"))).isFalse();
    }

    @Test
    void reasonOwnerAndExpiryAreRequired() throws IOException {
        for (String missing : List.of("reason", "owner", "expires")) {
            String yaml = """
                    waivers:
                      - rule: PVE-TOKEN-001
                        reason: r
                        owner: o
                        expires: 2026-12-31
                    """.replaceAll("(?m)^    " + missing + ":.*\\n", "");
            Path f = file(yaml);
            assertThatThrownBy(() -> new WaiverLoader().load(f, rules, TODAY)).as(missing)
                    .hasMessage(f + ":2:5: waiver needs '" + missing + "' (rule, reason, owner and expires are required)");
        }
    }

    @Test
    void expiryBeyondTheLimitUnknownRulesKeysAndBadDatesAreRejected() throws IOException {
        Path far = file("""
                waivers:
                  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: 2027-06-02}
                """);
        assertThatThrownBy(() -> new WaiverLoader().load(far, rules, TODAY))
                .hasMessageContaining("expires 2027-06-02 is more than max-waiver-days (365) ahead");
        Path limited = file("""
                max-waiver-days: 30
                waivers:
                  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: 2026-07-15}
                """);
        assertThatThrownBy(() -> new WaiverLoader().load(limited, rules, TODAY))
                .hasMessageContaining("more than max-waiver-days (30) ahead");
        Path unknownRule = file("""
                waivers:
                  - {rule: PVE-NOPE-001, reason: r, owner: o, expires: 2026-07-15}
                """);
        assertThatThrownBy(() -> new WaiverLoader().load(unknownRule, rules, TODAY))
                .hasMessageContaining("no rule 'PVE-NOPE-001'");
        Path badDate = file("""
                waivers:
                  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: next year}
                """);
        assertThatThrownBy(() -> new WaiverLoader().load(badDate, rules, TODAY))
                .hasMessageContaining("expires 'next year' is not a date like 2027-03-31");
        Path badKey = file("""
                waivers:
                  - {rule: PVE-TOKEN-001, reason: r, owner: o, expires: 2026-07-15, user: x}
                """);
        assertThatThrownBy(() -> new WaiverLoader().load(badKey, rules, TODAY)).hasMessageContaining("unknown key 'user'");
    }

    @Test
    void statusTellsActiveExpiringExpiredAndStale() {
        Waiver w = new Waiver("PVE-TOKEN-001", null, null, null, null, "r", "o", LocalDate.of(2026, 6, 10), null, "f:1:1");
        assertThat(w.status(LocalDate.of(2026, 5, 1), 2)).isEqualTo(Waiver.Status.ACTIVE);
        assertThat(w.status(LocalDate.of(2026, 6, 1), 2)).isEqualTo(Waiver.Status.EXPIRING);
        assertThat(w.status(LocalDate.of(2026, 6, 10), 2)).isEqualTo(Waiver.Status.EXPIRING);
        assertThat(w.status(LocalDate.of(2026, 6, 11), 0)).isEqualTo(Waiver.Status.EXPIRED);
        assertThat(w.status(LocalDate.of(2026, 5, 1), 0)).isEqualTo(Waiver.Status.STALE);
    }
}
