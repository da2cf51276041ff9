package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterCounts;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rule pack with broken rules next to the baseline, through the command line: the run completes,
 * exits 2, writes every report with the other rules' findings, and says in each which rule failed
 * and why; the history never takes a failed rule's silence for resolved findings.
 */
@Tag("e2e")
class RuleErrorAuditTest {

    private static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();
    private static final String BAD_RULES = """
            pack: broken
            version: "1"
            rules:
              - id: BAD-DIV-001
                title: divides by zero
                severity: high
                subject: user
                when: "tokens / 0 > 1"
                message: "{id}"
              - id: BAD-NEST-001
                title: nested projections
                severity: medium
                subject: principal
                when: "#privs('/').![#privs('/').![#privs('/').![#privs('/').![#this]]]] != null"
                message: "{id}"
            """;

    @TempDir
    Path work;

    private Path config(String extraRules, String formats) throws IOException {
        Path file = work.resolve("pve-audit.yml");
        Files.writeString(file, """
                clusters:
                  - {name: prod, source: snapshot, path: %1$s/prod}
                  - {name: branch, source: usercfg, user-cfg: %1$s/branch/user.cfg,
                     domains-cfg: %1$s/branch/domains.cfg, pve-version: "9.1"}
                rules: [%2$s%3$s]
                report:
                  out: %4$s
                  formats: [%5$s]
                history:
                  database: %6$s
                """.formatted(SAMPLES, Path.of("rules/baseline.yml").toAbsolutePath(), extraRules,
                work.resolve("reports"), formats, work.resolve("history.db")));
        return file;
    }

    private Path reportDir(long run) throws IOException {
        try (Stream<Path> dirs = Files.list(work.resolve("reports"))) {
            return dirs.filter(d -> d.getFileName().toString().endsWith("-r" + run)).findFirst().orElseThrow();
        }
    }

    @Test
    void aBrokenRuleIsAnErrorInEveryFormatAndTheRunStillReportsEverythingElse() throws Exception {
        Path bad = work.resolve("broken.yml");
        Files.writeString(bad, BAD_RULES);
        Path cfg = config(", " + bad, "html, xlsx, json, csv, sarif, junit");

        long start = System.nanoTime();
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-c", cfg.toString());
        long seconds = (System.nanoTime() - start) / 1_000_000_000;

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(seconds).as("nested projections end within the budget").isLessThan(60);
        // one line per failed rule and cluster on stderr, no stack trace
        assertThat(run.err()).contains("pve-audit: prod: rule BAD-DIV-001 failed: division by zero, on user ")
                .contains("pve-audit: prod: rule BAD-NEST-001 failed: ran over its budget of 10000 operations")
                .doesNotContain("\tat ", "Exception", "java.lang");
        assertThat(run.out()).contains("prod (PVE 9.1.4): ").contains("2 rules FAILED").contains("exit code 2");

        Path dir = reportDir(1);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("findings.json")));
        List<String> errors = new ArrayList<>();
        for (JsonNode o : json.get("ruleOutcomes")) {
            if (o.get("status").asString().equals("ERROR")) {
                errors.add(o.get("cluster").asString() + " " + o.get("ruleId").asString());
                assertThat(o.get("reason").asString()).isNotBlank().doesNotContain("java.", "EL10");
                assertThat(o.get("findings").asInt()).isZero();
            }
        }
        assertThat(errors).containsExactlyInAnyOrder("prod BAD-DIV-001", "prod BAD-NEST-001", "branch BAD-DIV-001",
                "branch BAD-NEST-001");
        assertThat(json.get("ruleErrors")).hasSize(4);
        // the baseline's findings are all there
        List<String> rules = new ArrayList<>();
        json.get("findings").forEach(f -> rules.add(f.get("ruleId").asString()));
        assertThat(rules).contains("PVE-ACL-001", "PVE-TOKEN-001").noneMatch(r -> r.startsWith("BAD-"));
        assertThat(json.get("warnings").toString()).contains("rule BAD-DIV-001 failed (ERROR): division by zero");

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("2 failed to run (error)").contains("BAD-NEST-001")
                .contains("<td class=\"outcome-error\">error</td>");
        try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet outcomes = wb.getSheet("Rule outcomes");
            List<String> rows = new ArrayList<>();
            for (Row r : outcomes) {
                if (r.getRowNum() > 0 && "error".equals(r.getCell(4).getStringCellValue())) {
                    rows.add(r.getCell(0).getStringCellValue() + " " + r.getCell(1).getStringCellValue() + ": "
                            + r.getCell(6).getStringCellValue());
                }
            }
            assertThat(rows).hasSize(4).anyMatch(r -> r.startsWith("prod BAD-DIV-001: division by zero"));
            assertThat(wb.getSheet("Summary").getRow(0).getCell(12).getStringCellValue()).isEqualTo("Rule errors");
        }
        assertThat(Files.readString(dir.resolve("findings.csv")))
                .contains("high,prod,BAD-DIV-001,divides by zero,,,,,\"rule failed, its findings are not known: "
                        + "division by zero");
        JsonNode sarif = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("findings.sarif")));
        JsonNode invocation = sarif.get("runs").get(0).get("invocations").get(0);
        assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
        assertThat(invocation.get("toolExecutionNotifications")).hasSize(4);
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<error type=\"rule-error\" "
                + "message=\"rule failed: division by zero");

        AuditCommandTest.Run show = AuditCommandTest.run("history", "show", "1", "--database",
                work.resolve("history.db").toString());
        assertThat(show.out()).contains("rules that failed (ERROR; no findings from them, earlier ones keep their "
                + "state): 4").contains("  ! [prod] BAD-DIV-001: division by zero");
    }

    @Test
    void aRuleThatFailsInOneRunNeitherResolvesNorRegressesItsFindings() throws Exception {
        Path pack = work.resolve("root.yml");
        String rule = """
                pack: root
                version: "1"
                rules:
                  - id: TEST-ROOT-001
                    title: root exists
                    severity: low
                    subject: user
                    when: "%s"
                    message: "{id}"
                """;
        Path cfg = config(", " + pack, "json");
        Files.writeString(pack, rule.formatted("root"));
        assertThat(AuditCommandTest.run("audit", "-c", cfg.toString(), "--fail-on", "none").exit()).isZero();
        Files.writeString(pack, rule.formatted("root and 1 / 0 > 0"));
        assertThat(AuditCommandTest.run("audit", "-c", cfg.toString(), "--fail-on", "none").exit()).isEqualTo(2);
        Files.writeString(pack, rule.formatted("root"));
        assertThat(AuditCommandTest.run("audit", "-c", cfg.toString(), "--fail-on", "none", "--fail-on-new").exit())
                .isZero();

        AuditHistory h = AuditHistory.openForReading(work.resolve("history.db"));
        assertThat(h.findings().outcomes(2)).filteredOn(o -> o.ruleId().equals("TEST-ROOT-001"))
                .extracting(RuleOutcome::status).containsOnly(RuleOutcome.Status.ERROR);
        for (long run : List.of(2L, 3L)) {
            for (ClusterCounts c : h.clusters().counts(run)) {
                assertThat(c.resolved()).as("run %d %s resolved", run, c.cluster()).isZero();
                assertThat(c.regressed()).as("run %d %s regressed", run, c.cluster()).isZero();
                assertThat(c.newFindings()).as("run %d %s new", run, c.cluster()).isZero();
            }
        }
        // run 2 says root@pam's finding is unknown (its rule failed), run 3 finds it open since run 1
        assertThat(h.comparison().unevaluated(2)).extracting(f -> f.finding().ruleId() + " " + f.finding().subjectKey())
                .containsExactlyInAnyOrder("TEST-ROOT-001 root@pam", "TEST-ROOT-001 root@pam");
        assertThat(h.findings().of(3)).filteredOn(f -> f.finding().ruleId().equals("TEST-ROOT-001"))
                .allSatisfy(f -> {
                    assertThat(f.state()).isEqualTo(StoredFinding.State.OPEN);
                    assertThat(f.firstSeenRun()).isEqualTo(1L);
                }).hasSize(2);
    }
}
