package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Waivers and per-rule / per-cluster policy, end to end on the sample clusters with a fixed rule pack. */
@Tag("e2e")
class AuditPolicyTest {

    private static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path work;

    private Path rules;

    @BeforeEach
    void pack() throws IOException {
        rules = work.resolve("seed.yml");
        Files.writeString(rules, """
                pack: seed
                version: "1"
                rules:
                  - id: SEED-ACL-001
                    title: admin at root
                    severity: critical
                    subject: acl
                    tags: [escalation]
                    when: "path == '/' and (role == 'Administrator' or role == 'PVEAdmin') and principal != 'root@pam'"
                    message: "{principal} holds {role} at /"
                  - id: SEED-TOKEN-001
                    aliases: [OLD-TOKEN-001]
                    title: token lifetime
                    severity: high
                    subject: token
                    tags: [tokens]
                    params: {max-days: 3650}
                    when: "expire == 0 or #daysUntil(expire) > #params['max-days']"
                    message: "{id} lives longer than {params.max-days} days"
                  - id: SEED-TOKEN-002
                    title: token without privsep
                    severity: high
                    subject: token
                    tags: [tokens]
                    when: "!privsep"
                    message: "{id} is not privilege-separated"
                """);
    }

    private Path config(String extra) throws IOException {
        Path file = work.resolve("pve-audit.yml");
        Files.writeString(file, """
                clusters:
                  - {name: prod, source: snapshot, path: %1$s/prod}
                  - name: lab
                    source: snapshot
                    path: %1$s/lab
                    policy:
                      rules:
                        SEED-ACL-001: {severity: medium}
                rules: [%2$s]
                report: {out: %3$s, formats: [json]}
                history: {database: %4$s}
                """.formatted(SAMPLES, rules, work.resolve("reports"), work.resolve("h.db")) + extra);
        return file;
    }

    private JsonNode findingsJson() throws IOException {
        Path dir = new org.pveaudit.report.ReportFolders(work.resolve("reports")).list().get(0).dir(); // the newest
        return JsonMapper.builder().build().readTree(dir.resolve("findings.json").toFile());
    }

    @Test
    void waiversCoverMatchingFindingsAndAreReportedWhenStaleOrExpired() throws IOException {
        Path waivers = work.resolve("waivers.yml");
        Files.writeString(waivers, """
                waivers:
                  - rule: SEED-TOKEN-001
                    cluster: prod
                    principal: "svc-*@pve!*"
                    reason: rotated by the vault job
                    owner: sec-team@example.com
                    expires: %1$s
                    ticket: SEC-42
                  - rule: OLD-TOKEN-001
                    subject: "nobody@pve!*"
                    reason: stale on purpose
                    owner: sec-team@example.com
                    expires: %1$s
                  - rule: SEED-TOKEN-002
                    cluster: lab
                    reason: lab tokens are disposable
                    owner: lab-team@example.com
                    expires: %1$s
                  - rule: SEED-ACL-001
                    cluster: lab
                    reason: expired on purpose
                    owner: lab-team@example.com
                    expires: %2$s
                """.formatted(TODAY.plusDays(60), TODAY.minusDays(1)));
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-c", config("waivers: " + waivers + "\n").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("prod (PVE 9.1.4): 4 critical, 8 high; 12 new; 3 waived")
                .contains("lab (PVE 8.4.14): 2 high, 2 medium; 4 new; 2 waived");

        JsonNode json = findingsJson();
        List<String> waived = new ArrayList<>();
        json.get("findings").forEach(f -> {
            if (!f.get("waiver").isNull()) {
                waived.add(f.get("cluster").asString() + " " + f.get("subject").asString());
            }
        });
        assertThat(waived).containsExactlyInAnyOrder("prod svc-billing@pve!usage", "prod svc-monitoring@pve!grafana",
                "prod svc-terraform@pve!tf", "lab root@pam!backup", "lab tester.ivan@pve!scratch");
        List<String> statuses = new ArrayList<>();
        json.get("waivers").forEach(w -> statuses.add(w.get("rule").asString() + " " + w.get("status").asString()
                + " " + w.get("matched").asInt()));
        assertThat(statuses).containsExactly("SEED-TOKEN-001 ACTIVE 3", "OLD-TOKEN-001 STALE 0",
                "SEED-TOKEN-002 ACTIVE 2", "SEED-ACL-001 EXPIRED 0");
        List<String> outcomes = new ArrayList<>();
        json.get("ruleOutcomes").forEach(o -> outcomes.add(o.get("cluster").asString() + " " + o.get("ruleId").asString()
                + " " + o.get("status").asString() + " " + o.get("severity").asString()));
        assertThat(outcomes).contains("lab SEED-TOKEN-002 WAIVED high", "prod SEED-TOKEN-001 FAILED high",
                "lab SEED-ACL-001 FAILED medium", "prod SEED-ACL-001 FAILED critical");
        assertThat(json.get("warnings").toString()).contains("matched no finding").contains("no longer applies");
    }

    @Test
    void policyDisablesRulesByIdOrTagAndOverridesParams() throws IOException {
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-c", config("""
                policy:
                  disable: ["tag:tokens"]
                """).toString(), "--fail-on", "critical");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("prod (PVE 9.1.4): 4 critical; 4 new").contains("lab (PVE 8.4.14): 2 medium");

        run = AuditCommandTest.run("audit", "-c", config("""
                policy:
                  disable: [SEED-ACL-001, SEED-TOKEN-002]
                  rules:
                    OLD-TOKEN-001: {params: {max-days: "100000"}}
                """).toString());
        // only never-expiring tokens remain: no token expires more than 100000 days ahead
        assertThat(run.out()).contains("prod (PVE 9.1.4): 6 high").contains("lab (PVE 8.4.14): 2 high");
    }

    @Test
    void policyMistakesAreConfigurationErrors() throws IOException {
        AuditCommandTest.Run unknown = AuditCommandTest.run("audit", "-c", config("""
                policy:
                  disable: [SEED-NOPE-001]
                """).toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("policy.disable: no rule or tag 'SEED-NOPE-001'");
        AuditCommandTest.Run param = AuditCommandTest.run("audit", "-c", config("""
                policy:
                  rules:
                    SEED-TOKEN-001: {params: {max-days: soon}}
                """).toString());
        assertThat(param.exit()).isEqualTo(2);
        assertThat(param.err()).contains("policy.rules.SEED-TOKEN-001.params.max-days: 'soon' is not a number");
        AuditCommandTest.Run other = AuditCommandTest.run("audit", "-c", config("""
                policy:
                  rules:
                    SEED-TOKEN-002: {params: {max-days: "5"}}
                """).toString());
        assertThat(other.err()).contains("rule SEED-TOKEN-002 has no param 'max-days'");
    }
}
