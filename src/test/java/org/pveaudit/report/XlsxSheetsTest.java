package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.xlsx} of {@link HostileRun}, read back with POI: the sheets and their header rows, the rows of
 * each, and that cluster text which a spreadsheet would run as a formula is stored as quote-prefixed text.
 */
class XlsxSheetsTest {

    @TempDir
    Path dir;

    private XSSFWorkbook workbook;

    @BeforeEach
    void write() throws Exception {
        Path file = new XlsxReport().withRules(HostileRun.packs()).write(HostileRun.data(), dir);
        assertThat(file.getFileName()).hasToString(XlsxReport.FILE);
        workbook = new XSSFWorkbook(file.toFile());
    }

    @AfterEach
    void close() throws Exception {
        workbook.close();
    }

    @Test
    void everySheetHasItsHeaderRowAndRows() {
        List<String> names = new ArrayList<>();
        workbook.forEach(s -> names.add(s.getSheetName()));
        assertThat(names).containsExactly("About", "Access review", "Summary", "Findings", "New and resolved",
                "Rule outcomes", "Waivers", "Drift", "Users", "Tokens", "ACL", "Privileged access", "People");
        assertThat(header("Summary")).startsWith("Cluster", "Audited", "PVE version", "Critical").endsWith("Reason")
                .hasSize(14);
        assertThat(header("Findings")).containsExactly("Severity", "Cluster", "Rule", "Title", "Subject kind",
                "Principal", "Path", "Role", "Message", "State", "First seen run", "Fingerprint", "Waived because",
                "Evidence", "Remediation", "Frameworks", "Subject key");
        assertThat(header("New and resolved")).containsExactly("Change", "Severity", "Cluster", "Rule", "Principal",
                "Path", "Role", "Message", "First seen run", "Last seen run", "Subject key");
        assertThat(header("Access review")).startsWith("Cluster", "Principal", "Kind", "Realm", "Enabled", "Expires",
                "Second factors", "Groups").endsWith("Decision", "Justification", "Reviewer", "Date");
        // rows below the header
        assertThat(rows("Summary")).isEqualTo(3);
        assertThat(rows("Findings")).isEqualTo(4);
        assertThat(rows("New and resolved")).as("new, regressed, resolved, not evaluated").isEqualTo(4);
        assertThat(rows("Rule outcomes")).isEqualTo(7);
        assertThat(rows("Waivers")).isEqualTo(2);
        assertThat(rows("Drift")).isEqualTo(3);
        assertThat(rows("Users")).isEqualTo(3);
        assertThat(rows("Tokens")).isEqualTo(2);
        assertThat(rows("ACL")).isEqualTo(3);
        assertThat(rows("Access review")).as("3 users and 2 tokens of prod, a blank row, the sign-off")
                .isEqualTo(5 + 2);
        for (Sheet s : workbook) {
            assertThat(s.getPaneInformation().isFreezePane()).as("header of %s frozen", s.getSheetName()).isTrue();
        }
    }

    @Test
    void formulaLookingTextIsQuotePrefixedTextNeverAFormula() {
        Cell subject = cell("Findings", 2, 16);
        assertThat(subject.getCellType()).isEqualTo(CellType.STRING);
        assertThat(subject.getStringCellValue()).isEqualTo(HostileRun.DDE);
        assertThat(subject.getCellStyle().getQuotePrefixed()).isTrue();
        Cell message = cell("Findings", 2, 8);
        assertThat(message.getStringCellValue()).isEqualTo(HostileRun.HYPERLINK);
        assertThat(message.getCellStyle().getQuotePrefixed()).isTrue();
        assertThat(cell("Users", 1, 6).getStringCellValue()).isEqualTo(HostileRun.HYPERLINK);
        assertThat(cell("Users", 1, 6).getCellStyle().getQuotePrefixed()).isTrue();
        assertThat(cell("Users", 3, 9).getStringCellValue()).isEqualTo("@SUM(1+1)");
        assertThat(cell("Users", 3, 9).getCellStyle().getQuotePrefixed()).isTrue();
        assertThat(cell("Tokens", 2, 5).getCellStyle().getQuotePrefixed()).isTrue();
        // ordinary text keeps the plain style, and nothing anywhere is a formula
        assertThat(cell("Findings", 1, 8).getCellStyle().getQuotePrefixed()).isFalse();
        for (Sheet s : workbook) {
            for (Row r : s) {
                for (Cell c : r) {
                    assertThat(c.getCellType()).as("%s!%s", s.getSheetName(), c.getAddress())
                            .isNotEqualTo(CellType.FORMULA);
                }
            }
        }
    }

    @Test
    void cellsSayWhatTheRunFound() {
        DataFormatter text = new DataFormatter();
        assertThat(cell("Summary", 1, 0).getStringCellValue()).isEqualTo(HostileRun.PROD);
        assertThat(cell("Summary", 1, 3).getNumericCellValue()).as("critical").isEqualTo(1);
        assertThat(cell("Summary", 1, 4).getNumericCellValue()).as("high, the waived one left out").isEqualTo(1);
        assertThat(cell("Summary", 1, 12).getNumericCellValue()).as("rule errors").isEqualTo(1);
        assertThat(cell("Summary", 1, 1).getBooleanCellValue()).as("audited").isTrue();
        assertThat(cell("Summary", 3, 1).getBooleanCellValue()).as("not audited").isFalse();
        assertThat(cell("Summary", 3, 13).getStringCellValue()).endsWith(HostileRun.SCRIPT);
        assertThat(cell("Findings", 4, 12).getStringCellValue()).startsWith("accepted until the LDAP move")
                .endsWith("until 2026-03-10)");
        assertThat(cell("Findings", 1, 13).getStringCellValue()).contains("decides: /vms/100 alice@pve Escalator");
        assertThat(cell("Findings", 1, 2).getStringCellValue()).isEqualTo("PVE-ACL-001");
        assertThat(cell("Findings", 1, 14).getStringCellValue()).isEqualTo("fix PVE-ACL-001 by \"hand\"");
        assertThat(cell("Findings", 1, 15).getStringCellValue()).isEqualTo("CIS-5.1, ISO27001-A.9");
        assertThat(text.formatCellValue(cell("Waivers", 1, 7))).isEqualTo("2026-03-10");
        assertThat(cell("Waivers", 2, 10).getStringCellValue()).isEqualTo("stale");
        assertThat(cell("Users", 2, 1).getStringCellValue()).isEqualTo("jürgen@pve");
        assertThat(cell("Users", 1, 4).getStringCellValue()).isEqualTo("never");
        assertThat(text.formatCellValue(cell("Tokens", 2, 3))).isEqualTo("2030-03-17");
        assertThat(workbook.getSheet("Access review").getDataValidations()).as("decision, date").hasSize(2);
        // alice: realm, expiry, second factors not read in prod (tfa gap), groups, Administrator nowhere
        assertThat(cell("Access review", 1, 1).getStringCellValue()).isEqualTo("alice@pve");
        assertThat(cell("Access review", 1, 3).getStringCellValue()).isEqualTo("pve");
        assertThat(cell("Access review", 1, 4).getBooleanCellValue()).isTrue();
        assertThat(cell("Access review", 1, 5).getStringCellValue()).isEqualTo("never");
        assertThat(cell("Access review", 1, 6).getStringCellValue()).isEqualTo("not read");
        assertThat(cell("Access review", 1, 7).getStringCellValue()).isEqualTo("ops");
        assertThat(cell("Access review", 1, 12).getStringCellValue()).contains("Permissions.Modify @ /vms/100");
        assertThat(cell("Access review", 7, 0).getStringCellValue()).isEqualTo("Reviewed by");
    }

    @Test
    void findingsShowPrincipalPathAndRoleInTheirOwnCellsAndTheSubjectKeyLast() {
        // the ACL finding: alice's Escalator on /vms/100
        assertThat(cell("Findings", 1, 5).getStringCellValue()).isEqualTo("alice@pve");
        assertThat(cell("Findings", 1, 6).getStringCellValue()).isEqualTo("/vms/100");
        assertThat(cell("Findings", 1, 7).getCellType()).isEqualTo(CellType.STRING);
        assertThat(cell("Findings", 1, 7).getStringCellValue()).isEqualTo("Escalator");
        assertThat(cell("Findings", 1, 16).getStringCellValue()).isEqualTo("/vms/100|alice@pve|Escalator");
        // a token finding has a principal, no path and no role
        assertThat(cell("Findings", 3, 5).getStringCellValue()).isEqualTo("alice@pve!ci");
        assertThat(cell("Findings", 3, 6)).isNull();
        assertThat(cell("Findings", 3, 7)).isNull();
        assertThat(workbook.getSheet("Findings").getColumnWidth(16)).as("narrow")
                .isLessThan(workbook.getSheet("Findings").getColumnWidth(5));
        // the earlier findings: the new ACL finding with its role, the resolved realm finding by its key only
        assertThat(cell("New and resolved", 1, 0).getStringCellValue()).isEqualTo("new");
        assertThat(cell("New and resolved", 1, 4).getStringCellValue()).isEqualTo("alice@pve");
        assertThat(cell("New and resolved", 1, 5).getStringCellValue()).isEqualTo("/vms/100");
        assertThat(cell("New and resolved", 1, 6).getStringCellValue()).isEqualTo("Escalator");
        assertThat(cell("New and resolved", 3, 0).getStringCellValue()).isEqualTo("resolved");
        assertThat(cell("New and resolved", 3, 4)).isNull();
        assertThat(cell("New and resolved", 3, 10).getStringCellValue()).isEqualTo("pam");
    }

    @Test
    void everyYesNoValueIsABooleanCellNeverText() {
        List<String> yesNo = List.of("Audited", "Enabled", "Latent", "Privilege separation", "Propagate");
        int seen = 0;
        for (Sheet s : workbook) {
            List<String> header = header(s.getSheetName());
            for (Row r : s) {
                if (r.getRowNum() == 0 || r.getCell(0) != null && r.getCell(0).getStringCellValue().equals("Reviewed by")) {
                    continue;
                }
                for (Cell c : r) {
                    String column = c.getColumnIndex() < header.size() ? header.get(c.getColumnIndex()) : "";
                    if (yesNo.contains(column)) {
                        assertThat(c.getCellType()).as("%s!%s", s.getSheetName(), c.getAddress())
                                .isEqualTo(CellType.BOOLEAN);
                        seen++;
                    } else if (c.getCellType() == CellType.STRING) {
                        assertThat(c.getStringCellValue().toLowerCase(java.util.Locale.ROOT))
                                .as("%s!%s", s.getSheetName(), c.getAddress())
                                .isNotIn("yes", "no", "true", "false", "audited", "not audited");
                    }
                }
            }
        }
        assertThat(seen).as("summary, access review, users, tokens, ACL, privileged access").isGreaterThan(20);
        assertThat(cell("Tokens", 1, 4).getBooleanCellValue()).as("alice@pve!ci privsep 0").isFalse();
        assertThat(cell("ACL", 3, 5).getBooleanCellValue()).as("/pool/dev not propagated").isFalse();
        assertThat(cell("Users", 3, 3).getBooleanCellValue()).as("mallory disabled").isFalse();
    }

    @Test
    void privilegedAccessHasOneRowPerPrincipalAndEscalationPrivilegeHeld() {
        assertThat(header("Privileged access")).containsExactly("Cluster", "Principal", "Kind", "Latent", "Privilege",
                "Paths", "Subtrees", "Where");
        // alice's Escalator on /vms/100 (two escalation privileges), her privsep-0 token the same, and
        // mallory's on /pool/dev (not propagated); no one holds everything Administrator holds
        assertThat(rows("Privileged access")).isEqualTo(6);
        assertThat(cell("Privileged access", 1, 1).getStringCellValue()).isEqualTo("alice@pve");
        assertThat(cell("Privileged access", 1, 4).getStringCellValue()).isEqualTo("Permissions.Modify");
        assertThat(cell("Privileged access", 1, 5).getNumericCellValue()).isEqualTo(1);
        assertThat(cell("Privileged access", 1, 7).getStringCellValue()).isEqualTo("/vms/100");
        assertThat(cell("Privileged access", 2, 4).getStringCellValue()).isEqualTo("User.Modify");
        assertThat(cell("Privileged access", 3, 1).getStringCellValue()).isEqualTo("alice@pve!ci");
        assertThat(cell("Privileged access", 5, 1).getStringCellValue()).isEqualTo("mallory@pve");
        assertThat(cell("Privileged access", 5, 3).getBooleanCellValue()).as("disabled: latent").isTrue();
        assertThat(cell("Privileged access", 5, 7).getStringCellValue()).isEqualTo("/pool/dev");
    }

    @Test
    void aboutTracesTheWorkbookToItsRunAndEverySheetPrintsLandscapeOnePageWideWithItsRunInTheFooter() {
        Sheet about = workbook.getSheet("About");
        List<String> items = new ArrayList<>();
        about.forEach(row -> items.add(row.getCell(0).getStringCellValue() + ": "
                + (row.getCell(1) == null ? "" : row.getCell(1).getStringCellValue())));
        assertThat(items).contains("Run: 7", "Started (UTC): 2026-03-01 10:00:00", "Tool version: pve-audit 1.0.0-test",
                "Rule packs: baseline@1", "Configuration (SHA-256): cafe", "Clusters audited: 2 of 3",
                "Cluster prod: audited, PVE 9.1.4", "Findings: 4");
        assertThat(items).anyMatch(i -> i.startsWith("Cluster edge") && i.contains("not audited: connection refused"));
        assertThat(items).anyMatch(i -> i.startsWith("Warning: prod: tfa not read"));
        for (Sheet s : workbook) {
            assertThat(s.getPrintSetup().getLandscape()).as(s.getSheetName()).isTrue();
            assertThat(s.getPrintSetup().getFitWidth()).isEqualTo((short) 1);
            assertThat(s.getPrintSetup().getFitHeight()).isZero();
            assertThat(s.getFitToPage()).isTrue();
            assertThat(s.getRepeatingRows().formatAsString()).isEqualTo("1:1");
            assertThat(s.getFooter().getLeft()).isEqualTo("pve-audit run 7, 2026-03-01T10:00:00Z");
            assertThat(s.getFooter().getRight()).isEqualTo("Page &P of &N");
        }
    }

    private List<String> header(String sheet) {
        List<String> names = new ArrayList<>();
        workbook.getSheet(sheet).getRow(0).forEach(c -> names.add(c.getStringCellValue()));
        return names;
    }

    private int rows(String sheet) {
        return workbook.getSheet(sheet).getLastRowNum();
    }

    private Cell cell(String sheet, int row, int col) {
        return workbook.getSheet(sheet).getRow(row).getCell(col);
    }
}
