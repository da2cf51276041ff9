package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole audit on the bundled sample clusters, through the command line, with outputs read back. */
@Tag("e2e")
class AuditCommandTest {

    private static final Path SAMPLES = Path.of("sample-data").toAbsolutePath();

    @TempDir
    Path work;

    /** Result of one command-line run. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path config(String clusters) throws IOException {
        Path file = work.resolve("pve-audit.yml");
        Files.writeString(file, clusters + """
                rules: [%s]
                report:
                  out: %s
                history:
                  database: %s
                """.formatted(Path.of("rules/baseline.yml").toAbsolutePath(), work.resolve("reports"),
                work.resolve("history.db")));
        return file;
    }

    private Path sampleConfig() throws IOException {
        return config("""
                clusters:
                  - {name: prod, source: snapshot, path: %1$s/prod}
                  - {name: lab, source: snapshot, path: %1$s/lab,
                     declared: {terraform-state: %1$s/declared/lab-terraform.json}}
                  - {name: branch, source: usercfg, user-cfg: %1$s/branch/user.cfg,
                     domains-cfg: %1$s/branch/domains.cfg, pve-version: "9.1",
                     declared: {file: %1$s/declared/branch-declared-access.yml}}
                """.formatted(SAMPLES));
    }

    /**
     * Tokens of the samples with a future expiry date. PVE-TOKEN-003 (medium) flags those that stay
     * valid for more than 365 days from the day the test runs, so its findings are computed here.
     */
    private static final Map<String, Long> FUTURE_TOKENS = Map.ofEntries(
            Map.entry("prod|contractor.zoe@pve!import", 1845936000L), Map.entry("prod|dev.lena@sso!cli", 1861833600L),
            Map.entry("prod|olduser@old-ad!sync", 1869609600L), Map.entry("prod|root@pam!terraform", 1893456000L),
            Map.entry("prod|svc-ansible@pve!deploy", 1869609600L), Map.entry("prod|svc-backup@pve!pbs", 1869609600L),
            Map.entry("prod|svc-cert@pve!acme", 1845936000L), Map.entry("prod|svc-csi@pve!k8s", 1861833600L),
            Map.entry("prod|svc-ha@pve!watchdog", 1893456000L),
            Map.entry("prod|svc-monitoring@pve!prometheus", 1861833600L),
            Map.entry("prod|svc-netbox@pve!sync", 1869609600L),
            Map.entry("prod|svc-terraform@pve!tf-readonly", 1845936000L),
            Map.entry("lab|svc-deploy@pve!gitlab", 1861833600L), Map.entry("lab|tester.ivan@pve!scratch", 1869609600L),
            Map.entry("branch|jdoe@corp-ad!legacy", 1845936000L), Map.entry("branch|svc-backup@pve!pbs", 1869609600L),
            Map.entry("branch|svc-monitor@pve!checkmk-ro", 1861833600L));

    /** Findings of the full baseline on each sample cluster apart from PVE-TOKEN-003, by severity (sample-data/README.md). */
    private static final Map<String, int[]> FIXED_COUNTS = Map.of(
            // critical, high, medium, low, info
            // prod high: PVE-USER-002 leaves out svc-billing@pve and svc-netbox@pve, which only read (PVEAuditor)
            "prod", new int[] {10, 65, 19, 14, 3},
            "lab", new int[] {4, 16, 6, 5, 1},
            "branch", new int[] {6, 32, 11, 8, 0});

    private static final List<String> SEEDS = List.of("PVE-ACL-001", "PVE-TOKEN-001", "PVE-TOKEN-002");

    /** The PVE-TOKEN-003 findings expected today ("cluster|token"). */
    private static List<String> longLivedTokens() {
        long now = java.time.Instant.now().getEpochSecond();
        return FUTURE_TOKENS.entrySet().stream().filter(e -> Math.floorDiv(e.getValue() - now, 86_400L) > 365)
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static int total(String cluster) {
        return java.util.Arrays.stream(FIXED_COUNTS.get(cluster)).sum()
                + (int) longLivedTokens().stream().filter(t -> t.startsWith(cluster + "|")).count();
    }

    /** The summary line of a cluster, as the audit prints it (zero counts left out). */
    private static String summary(String cluster, String version, long fresh) {
        int[] n = FIXED_COUNTS.get(cluster).clone();
        n[2] += (int) longLivedTokens().stream().filter(t -> t.startsWith(cluster + "|")).count();
        String[] names = {"critical", "high", "medium", "low", "info"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            if (n[i] > 0) {
                parts.add(n[i] + " " + names[i]);
            }
        }
        return cluster + " (PVE " + version + "): " + String.join(", ", parts) + "; " + fresh + " new";
    }

    @Test
    void metricsFileOptionWritesTheFileAndAnUnwritableOneIsOneWarningWithTheExitCodeUnchanged() throws Exception {
        Path config = sampleConfig();
        Path metrics = work.resolve("pve_audit.prom");
        Run written = run("audit", "-c", config.toString(), "--cluster", "branch", "--metrics-file",
                metrics.toString());
        assertThat(written.exit()).as(written.err()).isEqualTo(1);
        assertThat(org.pveaudit.report.ExpositionParser.parse(Files.readString(metrics)))
                .anySatisfy(s -> assertThat(s.name()).isEqualTo("pve_audit_cluster_audited"));

        Path plain = Files.writeString(work.resolve("plain"), "");
        Run failed = run("audit", "-c", config.toString(), "--cluster", "branch", "--metrics-file",
                plain.resolve("pve_audit.prom").toString());
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err().lines().filter(l -> l.contains("metrics")))
                .singleElement().asString()
                .contains("cannot write metrics to " + plain.resolve("pve_audit.prom") + ": not a directory");
    }

    @Test
    void auditsTheSampleClustersAndReportsExactlyTheSeededViolations() throws Exception {
        Run run = run("audit", "-c", sampleConfig().toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        // the samples' coverage gaps, one line each at the end; the data lies outside the configuration's
        // folder, so its paths stay absolute
        assertThat(run.err().lines()).containsExactly(
                "pve-audit: branch: coverage gap: tfa: user.cfg: second factors are kept in priv/tfa.cfg, which is "
                        + "not read",
                "pve-audit: lab: coverage gap: tfa: access/tfa.json: file not found in snapshot");
        assertThat(run.out()).contains(summary("prod", "9.1.4", total("prod")))
                .contains(summary("lab", "8.4.14", total("lab")))
                .contains(summary("branch", "9.1", total("branch"))).contains("exit code 1");
        int total = total("prod") + total("lab") + total("branch");

        Path reportDir = onlyReportDir();
        JsonNode json = JsonMapper.builder().build().readTree(reportDir.resolve("findings.json").toFile());
        assertThat(json.get("schema").asString()).isEqualTo("pve-audit/findings");
        List<org.assertj.core.groups.Tuple> findings = new ArrayList<>();
        json.get("findings").forEach(f -> {
            if (SEEDS.contains(f.get("ruleId").asString())) {
                findings.add(tuple(f.get("cluster").asString(), f.get("ruleId").asString(), f.get("subject").asString()));
            }
        });
        assertThat(json.get("findings")).hasSize(total);
        // the seed rules exactly; the whole baseline per cluster is tabled in sample-data/README.md
        assertThat(findings).containsExactlyInAnyOrder(
                tuple("prod", "PVE-ACL-001", "/|former.admin@pam|Administrator"),
                tuple("prod", "PVE-ACL-001", "/|m.mueller@corp-ldap|PVEAdmin"),
                tuple("prod", "PVE-ACL-001", "/|@admins|Administrator"),
                tuple("prod", "PVE-ACL-001", "/|svc-terraform@pve!tf|PVEAdmin"),
                tuple("prod", "PVE-TOKEN-001", "root@pam!backup"),
                tuple("prod", "PVE-TOKEN-001", "former.admin@pam!old"),
                tuple("prod", "PVE-TOKEN-001", "jane.doe@corp-ldap!laptop"),
                tuple("prod", "PVE-TOKEN-001", "svc-billing@pve!usage"),
                tuple("prod", "PVE-TOKEN-001", "svc-monitoring@pve!grafana"),
                tuple("prod", "PVE-TOKEN-001", "svc-terraform@pve!tf"),
                tuple("prod", "PVE-TOKEN-002", "root@pam!backup"),
                tuple("prod", "PVE-TOKEN-002", "former.admin@pam!old"),
                tuple("prod", "PVE-TOKEN-002", "jane.doe@corp-ldap!laptop"),
                tuple("prod", "PVE-TOKEN-002", "ops.kim@pam!script"),
                tuple("prod", "PVE-TOKEN-002", "svc-ansible@pve!deploy"),
                tuple("lab", "PVE-ACL-001", "/|lab.admin@pam|PVEAdmin"),
                tuple("lab", "PVE-ACL-001", "/|@lab-admins|Administrator"),
                tuple("lab", "PVE-TOKEN-001", "root@pam!backup"),
                tuple("lab", "PVE-TOKEN-001", "svc-monitor@pve!zabbix"),
                tuple("lab", "PVE-TOKEN-002", "root@pam!backup"),
                tuple("lab", "PVE-TOKEN-002", "tester.ivan@pve!scratch"),
                // branch is a user.cfg: the lines naming an unknown role or token are dropped as Proxmox
                // drops them, the one naming a user that does not exist is kept and counts
                tuple("branch", "PVE-ACL-001", "/|@branch-admins|Administrator"),
                tuple("branch", "PVE-ACL-001", "/|ghost.admin@pve|Administrator"),
                tuple("branch", "PVE-ACL-001", "/|jdoe@corp-ad|PVEAdmin"),
                tuple("branch", "PVE-TOKEN-001", "root@pam!vzdump"),
                tuple("branch", "PVE-TOKEN-001", "svc-monitor@pve!checkmk"),
                tuple("branch", "PVE-TOKEN-002", "root@pam!vzdump"),
                tuple("branch", "PVE-TOKEN-002", "jdoe@corp-ad!legacy"));
        json.get("findings").forEach(f -> assertThat(f.get("state").asString()).isEqualTo("NEW"));
        List<String> seedOutcomes = new ArrayList<>();
        json.get("ruleOutcomes").forEach(o -> {
            if (List.of("PVE-ACL-001", "PVE-TOKEN-001", "PVE-TOKEN-002").contains(o.get("ruleId").asString())) {
                seedOutcomes.add(o.get("status").asString());
            }
        });
        assertThat(seedOutcomes).hasSize(9).containsOnly("FAILED");
        List<String> lifetime = new ArrayList<>();
        json.get("findings").forEach(f -> {
            if (f.get("ruleId").asString().equals("PVE-TOKEN-003")) {
                lifetime.add(f.get("cluster").asString() + "|" + f.get("subject").asString());
            }
        });
        assertThat(lifetime).containsExactlyInAnyOrderElementsOf(longLivedTokens());
        // the 41 of the baseline, the 4 that audit a live credential, the 4 about access reviews, the 6 about declared
        // access and the 3 about people across clusters
        int rules = 58;
        assertThat(json.get("ruleOutcomes")).hasSize(3 * rules);
        // without second-factor data the TFA rules (and the TOTP lock rule) are not evaluated, never passed
        List<String> notEvaluated = new ArrayList<>();
        json.get("ruleOutcomes").forEach(o -> {
            if (o.get("status").asString().equals("NOT_EVALUATED")) {
                notEvaluated.add(o.get("cluster").asString() + " " + o.get("ruleId").asString());
            }
        });
        // nor are the rules about the live audit credential on offline sources
        assertThat(notEvaluated).filteredOn(s -> !s.contains("PVE-AUDIT-") && !s.contains("PVE-REVIEW-")
                        && !s.contains("PVE-DECL-"))
                .containsExactlyInAnyOrder(
                "lab PVE-USER-002", "lab PVE-USER-003", "lab PVE-USER-008", "branch PVE-USER-002",
                "branch PVE-USER-003", "branch PVE-USER-008");
        assertThat(notEvaluated).filteredOn(s -> s.contains("PVE-AUDIT-")).hasSize(12);
        // nor the review rules, before any campaign
        assertThat(notEvaluated).filteredOn(s -> s.contains("PVE-REVIEW-")).hasSize(12);
        // nor the declared-access rules where nothing is declared (prod)
        assertThat(notEvaluated).filteredOn(s -> s.contains("PVE-DECL-")).hasSize(6).allMatch(s -> s.startsWith("prod "));

        try (InputStream in = Files.newInputStream(reportDir.resolve("report.xlsx"));
             XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheet("Findings");
            assertThat(sheet.getLastRowNum()).isEqualTo(total);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Severity");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("critical");
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            // hostile token comments stay inert text
            Cell hyperlink = cellWithText(wb.getSheet("Tokens"), "=HYPERLINK(\"http://x\")");
            assertThat(hyperlink.getCellType()).isEqualTo(CellType.STRING);
            assertThat(hyperlink.getCellStyle().getQuotePrefixed()).isTrue();
            Cell calc = cellWithText(wb.getSheet("Tokens"), "+cmd|' /C calc'!A0");
            assertThat(calc.getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(cellWithText(wb.getSheet("Tokens"), "@SUM(1+1)").getCellStyle().getQuotePrefixed()).isTrue();
            assertThat(cellWithText(wb.getSheet("Tokens"), "-2+3").getCellStyle().getQuotePrefixed()).isTrue();
        }

        Document html = Jsoup.parse(reportDir.resolve("report.html").toFile());
        assertThat(html.select("script")).hasSize(1); // only the report's own sorting script
        assertThat(html.text()).contains("<script>alert(1)</script>").contains("Jürgen");
        assertThat(Files.readString(reportDir.resolve("report.html"))).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)").doesNotContainPattern("(src|href)=\"https?://");
        assertThat(html.select("#findings > tbody > tr")).hasSize(total);
        // evidence from the permission engine: a group finding names the members who get the role
        assertThat(html.select("#findings ul.evidence li").eachText()).anyMatch(t -> t.startsWith("members of @admins: "));
        assertThat(html.select("#privileged tbody tr").eachText()).anyMatch(t -> t.contains("jane.doe@corp-ldap"));

        assertThat(queryLong("SELECT COUNT(*) FROM audit_run WHERE status = 'COMPLETED'")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM finding")).isEqualTo(total);
        assertThat(queryLong("SELECT COUNT(*) FROM run_cluster WHERE status = 'EVALUATED'")).isEqualTo(3);
        assertThat(queryLong("SELECT exit_code FROM audit_run")).isEqualTo(1);
    }

    @Test
    void writesCsvSarifAndJunitForMachinesAndAnAccessReviewForPeople() throws Exception {
        Run run = run("audit", "-c", sampleConfig().toString(), "--format", "csv,sarif,junit,xlsx");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        Path dir = onlyReportDir();
        assertThat(dir.resolve("report.html")).doesNotExist();

        List<String> csv = Files.readAllLines(dir.resolve("findings.csv"));
        assertThat(csv.get(0)).startsWith("\uFEFFseverity,cluster,rule,");
        // a group principal starts with @: quoted text for spreadsheets, not a formula
        assertThat(csv).anyMatch(l -> l.contains(",\"'@branch-admins\","));
        long seedRows = csv.stream().filter(l -> l.matches("^[a-z]+,[a-z]+,PVE-(ACL-001|TOKEN-00[12]),.*")).count();
        assertThat(seedRows).isEqualTo(28);

        JsonNode sarif = JsonMapper.builder().build().readTree(dir.resolve("findings.sarif").toFile());
        assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
        JsonNode sarifRun = sarif.get("runs").get(0);
        assertThat(sarifRun.get("tool").get("driver").get("name").asString()).isEqualTo("pve-audit");
        List<String> ruleIds = new ArrayList<>();
        sarifRun.get("tool").get("driver").get("rules").forEach(r -> ruleIds.add(r.get("id").asString()));
        assertThat(ruleIds).contains("PVE-ACL-001", "PVE-TOKEN-001", "PVE-TOKEN-002");
        JsonNode first = sarifRun.get("results").get(0);
        assertThat(first.get("level").asString()).isEqualTo("error");
        assertThat(ruleIds.get(first.get("ruleIndex").asInt())).isEqualTo(first.get("ruleId").asString());
        assertThat(first.get("locations").get(0).get("logicalLocations").get(0).get("fullyQualifiedName").asString())
                .isEqualTo(first.get("properties").get("cluster").asString() + "/");
        assertThat(first.get("partialFingerprints").get("pveAuditFingerprint/v1").asString()).contains("|PVE-");

        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("junit.xml").toFile());
        var suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("failure").getLength()).isGreaterThanOrEqualTo(9);
        assertThat(((org.w3c.dom.Element) suites.item(0)).getAttribute("name")).isEqualTo("branch");

        try (InputStream in = Files.newInputStream(dir.resolve("report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet review = wb.getSheet("Access review");
            assertThat(wb.getSheetIndex(review)).as("right after About").isEqualTo(1);
            assertThat(review.getRow(0).getCell(14).getStringCellValue()).isEqualTo("Decision");
            assertThat(review.getDataValidations()).anySatisfy(v -> assertThat(
                    v.getValidationConstraint().getExplicitListValues()).containsExactly("keep", "revoke", "change"));
            Cell jane = cellWithText(review, "jane.doe@corp-ldap");
            assertThat(review.getRow(jane.getRowIndex()).getCell(12).getStringCellValue()).contains("Permissions.Modify");
            assertThat(review.getRow(jane.getRowIndex()).getCell(3).getStringCellValue()).isEqualTo("corp-ldap");
            Cell rootReview = cellWithText(review, "root@pam");
            assertThat(review.getRow(rootReview.getRowIndex()).getCell(11).getStringCellValue()).startsWith("/ (");
            // root@pam is one row, "/" and everything below, not one row per path
            Sheet privileged = wb.getSheet("Privileged access");
            Row root = privileged.getRow(cellWithText(privileged, "root@pam").getRowIndex());
            assertThat(root.getCell(4).getStringCellValue()).isEqualTo("Administrator (every privilege)");
            assertThat(root.getCell(5).getNumericCellValue()).as("every relevant path of the cluster").isGreaterThan(20);
            assertThat(root.getCell(6).getNumericCellValue()).as("one subtree").isEqualTo(1);
            assertThat(root.getCell(7).getStringCellValue()).startsWith("/ (");
            assertThat(privileged.getLastRowNum()).isBetween(8, 2_000);
            assertThat(wb.getSheet("ACL").getLastRowNum()).isEqualTo(86 + 25 + 33); // ACL entries of prod, lab and branch
            Cell expires = wb.getSheet("Tokens").getRow(1).getCell(3);
            assertThat(expires.getCellType() == CellType.NUMERIC ? expires.getLocalDateTimeCellValue().getYear()
                    : 0).isBetween(0, 2100);
        }
    }

    @Test
    void aSecondRunAddsARunAndKnowsWhatIsNoLongerNew() throws Exception {
        Path cfg = sampleConfig();
        assertThat(run("audit", "-c", cfg.toString()).exit()).isEqualTo(1);
        Run second = run("audit", "-c", cfg.toString(), "--cluster", "lab", "--fail-on", "critical");
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.out()).contains(summary("lab", "8.4.14", 0));
        assertThat(queryLong("SELECT COUNT(*) FROM audit_run WHERE status = 'COMPLETED'")).isEqualTo(2);
        assertThat(queryLong("SELECT COUNT(*) FROM finding WHERE run_id = 2 AND state = 'OPEN' AND first_seen_run = 1"))
                .isEqualTo(total("lab"));
        assertThat(run("audit", "-c", cfg.toString(), "--fail-on", "none").exit()).isZero();
    }

    @Test
    void aMalformedConfigurationStopsWithOneLineAndExitTwo() throws IOException {
        Path cfg = config("""
                clusters:
                  - name: prod
                    source: snapshot
                    path: %s/prod
                    colour: blue
                """.formatted(SAMPLES));
        Run run = run("audit", "-c", cfg.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("pve-audit: " + cfg + ":5:13: clusters[0].colour: unknown setting");
        assertThat(Files.exists(work.resolve("history.db"))).isFalse();
    }

    @Test
    void usageMistakesExitTwo() throws IOException {
        Path cfg = sampleConfig();
        assertThat(run("audit", "-c", cfg.toString(), "--fail-on", "severe").err())
                .contains("--fail-on: 'severe' is not one of critical, high, medium, low, none");
        Run unknown = run("audit", "-c", cfg.toString(), "--cluster", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no cluster named 'nope' (configured: prod, lab, branch)");
        assertThat(run("audit", "--bogus").exit()).isEqualTo(2);
    }

    @Test
    void aBrokenSnapshotIsAnInputErrorWhileTheOtherClustersAreStillAudited() throws Exception {
        Path broken = work.resolve("broken");
        Files.createDirectories(broken.resolve("access"));
        Files.writeString(broken.resolve("access/acl.json"), "{\"data\": [ {\"path\": \"/\", ");
        Path cfg = config("""
                clusters:
                  - {name: prod, source: snapshot, path: %s/prod}
                  - {name: broken, source: snapshot, path: %s}
                """.formatted(SAMPLES, broken));
        Run run = run("audit", "-c", cfg.toString());
        assertThat(run.exit()).isEqualTo(2);
        // the folder lies next to the configuration: named relative to it, as in the report
        assertThat(run.out()).contains("broken: NOT AUDITED: broken/access/acl.json:1:")
                .contains("prod (PVE 9.1.4): 10 critical, 63 high");
        assertThat(run.err()).contains("pve-audit: broken: not audited: broken/access/acl.json:1:");
    }

    @Test
    void aMalformedUserCfgLineIsAnInputErrorNamingFileLineAndField() throws Exception {
        Path userCfg = work.resolve("user.cfg");
        Files.writeString(userCfg, "user:alice@pve:1:0:::::\nuser:bob@pve:1:soon:::::\n");
        Path cfg = config("""
                clusters:
                  - {name: prod, source: snapshot, path: %s/prod}
                  - {name: broken, source: usercfg, user-cfg: %s}
                """.formatted(SAMPLES, userCfg));
        Run run = run("audit", "-c", cfg.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).containsPattern("broken: NOT AUDITED: user\\.cfg:2: .*expire.*'soon'");
    }

    @Test
    void helpAndVersionAnswerWithoutStartingAnything() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("audit").contains("Exit codes:")
                .contains("3     at least one cluster could not be audited")
                .contains("143   stopped by SIGTERM (130: by Ctrl-C); the run is marked INTERRUPTED");
        assertThat(run("--version").out()).startsWith("pve-audit ");
        assertThat(run("audit", "--help").out()).contains("--fail-on=LEVEL").contains("--cluster=NAME");
    }

    private Path onlyReportDir() throws IOException {
        List<org.pveaudit.report.ReportFolders.RunFolder> list = new org.pveaudit.report.ReportFolders(work.resolve("reports")).list();
        assertThat(list).hasSize(1);
        return list.get(0).dir();
    }

    private static Cell cellWithText(Sheet sheet, String text) {
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().equals(text)) {
                    return cell;
                }
            }
        }
        throw new AssertionError("no cell '" + text + "' in sheet " + sheet.getSheetName());
    }

    private long queryLong(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("history.db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
