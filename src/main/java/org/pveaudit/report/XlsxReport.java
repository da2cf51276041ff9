package org.pveaudit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.User;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/**
 * {@code report.xlsx}, written with POI's streaming workbook so large runs stay in bounded memory.
 * Text from Proxmox that looks like a formula is stored as quote-prefixed text, never as a formula; text
 * longer than a cell holds is cut with a note saying where the full text is.
 */
public final class XlsxReport {

    /** The file this report writes. */
    public static final String FILE = "report.xlsx";
    /** Where the full text of a cut cell of the cluster data sheets (users, ACL, …) is. */
    static final String DATA_TEXT = "the history database";

    private static final int WINDOW = 200;
    /** Below Excel's 1,048,576-row limit, with room for the note that says where the rest is. */
    static final int MAX_ROWS = 1_000_000;
    /** Evidence means an explain per finding; past this many findings it is left to {@code pve-audit explain}. */
    static final int EVIDENCE_LIMIT = 20_000;

    private final String findingText;

    /** A workbook written beside {@code findings.json}, which has the full text of every finding. */
    public XlsxReport() {
        this(true);
    }

    /** @param withFindingsJson whether {@code findings.json} is written too (where a cut finding text is in full) */
    public XlsxReport(boolean withFindingsJson) {
        this.findingText = withFindingsJson ? JsonReport.FILE : DATA_TEXT;
    }

    public Path write(ReportData data, Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            write(data, out);
        }
        return file;
    }

    /**
     * Writes the workbook to {@code out}. POI keeps each sheet in a temporary file ({@code poi-sxssf-sheet*.xml}
     * under {@code java.io.tmpdir}) until the workbook is written; closing the workbook deletes them, also when
     * building or writing it fails (a full disk, a closed stream), so a failed report leaves no temporary files.
     */
    void write(ReportData data, OutputStream out) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW)) {
            Styles styles = new Styles(wb, findingText);
            summary(wb, styles, data);
            findings(wb, styles, data);
            newAndResolved(wb, styles, data);
            outcomes(wb, styles, data.outcomes());
            waivers(wb, styles, data);
            drift(wb, styles, data);
            Styles cluster = styles.noting(DATA_TEXT);
            users(wb, cluster, data.snapshots());
            tokens(wb, cluster, data.snapshots());
            acl(wb, cluster, data.snapshots());
            effectivePrivileges(wb, cluster, data);
            accessReview(wb, cluster, data);
            wb.write(out);
        }
    }

    private void summary(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "Summary", "Cluster", "Status", "PVE version", "Critical", "High",
                "Medium", "Low", "Info", "New", "Rules passed", "Rules failed", "Not evaluated", "Reason");
        int r = 1;
        for (ClusterRun c : data.clusters()) {
            Row row = sheet.createRow(r++);
            Map<Severity, Integer> counts = data.countBySeverity(c.cluster());
            text(row, 0, c.cluster(), s);
            text(row, 1, c.audited() ? "audited" : "not audited", s);
            text(row, 2, c.pveVersion(), s);
            int col = 3;
            for (Severity sev : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
                    Severity.INFO)) {
                row.createCell(col++).setCellValue(counts.get(sev));
            }
            row.createCell(col++).setCellValue(data.newFindings(c.cluster()));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.PASSED));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.FAILED));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.NOT_EVALUATED));
            text(row, col, c.error(), s);
        }
        finish(sheet, r, 13, 14, 12, 10, 8, 8, 8, 8, 8, 8, 12, 12, 14, 60);
    }

    private void findings(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "Findings", "Severity", "Cluster", "Rule", "Title", "Subject kind",
                "Subject", "Path", "Message", "State", "First seen run", "Fingerprint", "Waived because", "Evidence");
        int r = 1;
        for (StoredFinding sf : data.findings()) {
            Finding f = sf.finding();
            Row row = sheet.createRow(r++);
            Cell sev = row.createCell(0);
            sev.setCellValue(f.severity().key());
            sev.setCellStyle(s.severity.get(f.severity()));
            text(row, 1, f.cluster(), s);
            text(row, 2, f.ruleId(), s);
            text(row, 3, f.title(), s);
            text(row, 4, f.subject().key(), s);
            text(row, 5, f.subjectKey(), s);
            text(row, 6, f.path(), s);
            text(row, 7, f.message(), s);
            text(row, 8, sf.state().name().toLowerCase(), s);
            row.createCell(9).setCellValue(sf.firstSeenRun());
            text(row, 10, f.fingerprint(), s);
            StoredWaiver w = data.waiverOf(sf);
            if (w != null) {
                text(row, 11, w.waiver().reason() + " (" + w.waiver().owner() + ", until " + w.waiver().expires() + ")",
                        s);
            }
            if (data.findings().size() <= EVIDENCE_LIMIT) {
                text(row, 12, String.join("\n", Evidence.of(f, data.view(f.cluster()))), s);
            }
        }
        finish(sheet, r, 13, 10, 12, 14, 40, 10, 40, 16, 70, 8, 10, 50, 50, 80);
    }

    private void newAndResolved(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "New and resolved", "Change", "Severity", "Cluster", "Rule", "Subject",
                "Message", "First seen run", "Last seen run");
        int r = 1;
        for (StoredFinding sf : data.findings()) {
            if (sf.state() != StoredFinding.State.OPEN) {
                change(sheet.createRow(r++), sf.state().name().toLowerCase(), sf.finding(), sf.firstSeenRun(), null, s);
            }
        }
        for (var resolved : data.resolved()) {
            change(sheet.createRow(r++), "resolved", resolved.finding(), resolved.firstSeenRun(),
                    resolved.lastSeenRun(), s);
        }
        for (var unknown : data.unevaluated()) {
            change(sheet.createRow(r++), "not evaluated", unknown.finding(), unknown.firstSeenRun(),
                    unknown.lastSeenRun(), s);
        }
        finish(sheet, r, 8, 11, 10, 12, 16, 40, 70, 12, 12);
    }

    private static void change(Row row, String kind, Finding f, long firstSeen, Long lastSeen, Styles s) {
        text(row, 0, kind, s);
        Cell sev = row.createCell(1);
        sev.setCellValue(f.severity().key());
        sev.setCellStyle(s.severity.get(f.severity()));
        text(row, 2, f.cluster(), s);
        text(row, 3, f.ruleId(), s);
        text(row, 4, f.subjectKey(), s);
        text(row, 5, f.message(), s);
        row.createCell(6).setCellValue(firstSeen);
        if (lastSeen != null) {
            row.createCell(7).setCellValue(lastSeen);
        }
    }

    private void drift(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "Drift", "Cluster", "Object", "Change", "Key", "Before", "After");
        int r = 1;
        for (var d : data.drift()) {
            Row row = sheet.createRow(r++);
            text(row, 0, d.cluster(), s);
            text(row, 1, d.object().key(), s);
            text(row, 2, d.change().name().toLowerCase(), s);
            text(row, 3, d.key(), s);
            text(row, 4, d.before(), s);
            text(row, 5, d.after(), s);
        }
        finish(sheet, r, 6, 10, 10, 10, 40, 50, 50);
    }

    private void waivers(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "Waivers", "Rule", "Cluster", "Principal", "Path", "Subject", "Reason",
                "Owner", "Expires", "Ticket", "Findings waived", "Status", "Defined at");
        int r = 1;
        for (StoredWaiver w : data.waivers()) {
            Row row = sheet.createRow(r++);
            text(row, 0, w.waiver().rule(), s);
            text(row, 1, w.waiver().cluster(), s);
            text(row, 2, w.waiver().principal(), s);
            text(row, 3, w.waiver().path(), s);
            text(row, 4, w.waiver().subject(), s);
            text(row, 5, w.waiver().reason(), s);
            text(row, 6, w.waiver().owner(), s);
            Cell expires = row.createCell(7);
            expires.setCellValue(w.waiver().expires());
            expires.setCellStyle(s.date);
            text(row, 8, w.waiver().ticket(), s);
            row.createCell(9).setCellValue(w.matched());
            text(row, 10, w.status(data.today()).name().toLowerCase(), s);
            text(row, 11, w.waiver().source(), s);
        }
        finish(sheet, r, 12, 14, 10, 24, 16, 24, 40, 24, 12, 12, 10, 10, 30);
    }

    private void outcomes(SXSSFWorkbook wb, Styles s, List<RuleOutcome> outcomes) {
        SXSSFSheet sheet = sheet(wb, s, "Rule outcomes", "Cluster", "Rule", "Severity", "Title", "Outcome",
                "Findings", "Reason");
        int r = 1;
        for (RuleOutcome o : outcomes) {
            Row row = sheet.createRow(r++);
            text(row, 0, o.cluster(), s);
            text(row, 1, o.ruleId(), s);
            text(row, 2, o.severity().key(), s);
            text(row, 3, o.title(), s);
            text(row, 4, o.status().name().toLowerCase().replace('_', ' '), s);
            row.createCell(5).setCellValue(o.findings());
            text(row, 6, o.reason(), s);
        }
        finish(sheet, r, 7, 12, 14, 10, 50, 14, 10, 60);
    }

    private void users(SXSSFWorkbook wb, Styles s, List<ClusterSnapshot> snapshots) {
        SXSSFSheet sheet = sheet(wb, s, "Users", "Cluster", "User", "Realm", "Enabled", "Expires", "Groups",
                "First name", "Last name", "E-mail", "Comment");
        int r = 1;
        for (ClusterSnapshot snap : snapshots) {
            for (User u : snap.users()) {
                Row row = sheet.createRow(r++);
                text(row, 0, snap.cluster(), s);
                text(row, 1, u.id(), s);
                text(row, 2, u.realm(), s);
                row.createCell(3).setCellValue(u.enabled());
                date(row, 4, u.expire(), s);
                text(row, 5, String.join(", ", u.groups()), s);
                text(row, 6, u.firstname(), s);
                text(row, 7, u.lastname(), s);
                text(row, 8, u.email(), s);
                text(row, 9, u.comment(), s);
            }
        }
        finish(sheet, r, 10, 10, 30, 12, 9, 12, 30, 14, 14, 28, 40);
    }

    private void tokens(SXSSFWorkbook wb, Styles s, List<ClusterSnapshot> snapshots) {
        SXSSFSheet sheet = sheet(wb, s, "Tokens", "Cluster", "Token", "Owner", "Expires", "Privilege separation",
                "Comment");
        int r = 1;
        for (ClusterSnapshot snap : snapshots) {
            for (ApiToken t : snap.tokens()) {
                Row row = sheet.createRow(r++);
                text(row, 0, snap.cluster(), s);
                text(row, 1, t.id(), s);
                text(row, 2, t.owner(), s);
                date(row, 3, t.expire(), s);
                row.createCell(4).setCellValue(t.privsep());
                text(row, 5, t.comment(), s);
            }
        }
        finish(sheet, r, 6, 10, 36, 28, 12, 12, 40);
    }

    private void acl(SXSSFWorkbook wb, Styles s, List<ClusterSnapshot> snapshots) {
        SXSSFSheet sheet = sheet(wb, s, "ACL", "Cluster", "Path", "Principal", "Kind", "Role", "Propagate");
        int r = 1;
        for (ClusterSnapshot snap : snapshots) {
            for (AclEntry a : snap.acl()) {
                Row row = sheet.createRow(r++);
                text(row, 0, snap.cluster(), s);
                text(row, 1, a.path(), s);
                text(row, 2, a.principal().spelling(), s);
                text(row, 3, a.principal().kind().name().toLowerCase(), s);
                text(row, 4, a.role(), s);
                row.createCell(5).setCellValue(a.propagate());
            }
        }
        finish(sheet, r, 6, 10, 30, 34, 8, 22, 10);
    }

    /** Every path where each user or token holds privileges, as Proxmox computes them. */
    private void effectivePrivileges(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "Effective privileges", "Cluster", "Principal", "Path", "Privileges",
                "Latent");
        int r = 1;
        outer:
        for (ClusterView view : data.views()) {
            for (String principal : view.access().principals()) {
                boolean latent = view.latent(principal);
                for (var e : view.privilegedPaths(principal).entrySet()) {
                    if (r > MAX_ROWS) {
                        Row row = sheet.createRow(r++);
                        text(row, 0, "(cut at " + MAX_ROWS + " rows: use `pve-audit permissions` for the full matrix)", s);
                        break outer;
                    }
                    Row row = sheet.createRow(r++);
                    text(row, 0, view.snapshot().cluster(), s);
                    text(row, 1, principal, s);
                    text(row, 2, e.getKey(), s);
                    text(row, 3, String.join(", ", e.getValue()), s);
                    row.createCell(4).setCellValue(latent);
                }
            }
        }
        finish(sheet, r, 5, 10, 34, 30, 100, 8);
    }

    /** One row per user and token with empty Decision / Justification / Reviewer columns to fill in. */
    private void accessReview(SXSSFWorkbook wb, Styles s, ReportData data) {
        SXSSFSheet sheet = sheet(wb, s, "Access review", "Cluster", "Principal", "Kind", "Enabled", "Latent",
                "Grants", "Paths with privileges", "Escalation privileges", "Decision", "Justification", "Reviewer");
        int r = 1;
        for (ClusterView view : data.views()) {
            for (AccessReview.Row a : AccessReview.rows(view)) {
                Row row = sheet.createRow(r++);
                text(row, 0, a.cluster(), s);
                text(row, 1, a.principal(), s);
                text(row, 2, a.kind(), s);
                row.createCell(3).setCellValue(a.enabled());
                row.createCell(4).setCellValue(a.latent());
                text(row, 5, String.join("; ", a.grants()), s);
                row.createCell(6).setCellValue(a.privilegedPaths());
                text(row, 7, String.join(", ", a.escalation().entrySet().stream()
                        .map(e -> e.getKey() + " @ " + e.getValue()).toList()), s);
            }
        }
        if (r > 1) {
            DataValidationHelper helper = sheet.getDataValidationHelper();
            DataValidation decision = helper.createValidation(
                    helper.createExplicitListConstraint(new String[] {"keep", "revoke", "change"}),
                    new CellRangeAddressList(1, r - 1, 8, 8));
            decision.setShowErrorBox(true);
            decision.createErrorBox("Decision", "Choose keep, revoke or change.");
            sheet.addValidationData(decision);
        }
        finish(sheet, r, 11, 10, 34, 8, 9, 8, 70, 12, 50, 12, 40, 16);
    }

    /** An expiry as a real Excel date; 0 is written as the text "never". */
    private static void date(Row row, int col, long epochSeconds, Styles s) {
        if (epochSeconds > 0) {
            Cell c = row.createCell(col);
            c.setCellValue(java.time.LocalDateTime.ofEpochSecond(epochSeconds, 0, java.time.ZoneOffset.UTC));
            c.setCellStyle(s.date);
        } else {
            row.createCell(col).setCellValue("never");
        }
    }

    private static SXSSFSheet sheet(SXSSFWorkbook wb, Styles s, String name, String... headers) {
        SXSSFSheet sheet = wb.createSheet(name);
        Row row = sheet.createRow(0);
        for (int i = 0; i < headers.length; i++) {
            Cell c = row.createCell(i);
            c.setCellValue(headers[i]);
            c.setCellStyle(s.header);
        }
        sheet.createFreezePane(0, 1);
        return sheet;
    }

    private static void finish(SXSSFSheet sheet, int rows, int columns, int... widths) {
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, rows - 1), 0, columns - 1));
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
    }

    /**
     * Writes untrusted text as a string cell; formula-looking text also gets the quote prefix, and text longer
     * than a cell holds is cut with a note (POI would refuse it and with it the whole workbook).
     */
    private static void text(Row row, int col, String value, Styles s) {
        if (value == null) {
            return;
        }
        Cell c = row.createCell(col);
        c.setCellValue(SpreadsheetText.fit(value, s.fullTextAt));
        if (SpreadsheetText.looksLikeFormula(value)) {
            c.setCellStyle(s.quoted);
        }
    }

    /**
     * The few cell styles of the workbook (a workbook has a limited number of them), and where the full text of
     * a cut cell is.
     */
    private static final class Styles {
        final CellStyle header;
        final CellStyle quoted;
        final CellStyle date;
        final Map<Severity, CellStyle> severity;
        final String fullTextAt;

        private Styles(Styles styles, String fullTextAt) {
            header = styles.header;
            quoted = styles.quoted;
            date = styles.date;
            severity = styles.severity;
            this.fullTextAt = fullTextAt;
        }

        /** The same styles, for cells whose full text is elsewhere. */
        Styles noting(String at) {
            return new Styles(this, at);
        }

        Styles(SXSSFWorkbook wb, String fullTextAt) {
            this.fullTextAt = fullTextAt;
            severity = new EnumMap<>(Severity.class);
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            Map<Severity, IndexedColors> colors = Map.of(Severity.CRITICAL, IndexedColors.RED,
                    Severity.HIGH, IndexedColors.ORANGE, Severity.MEDIUM, IndexedColors.LIGHT_YELLOW,
                    Severity.LOW, IndexedColors.LIGHT_TURQUOISE, Severity.INFO, IndexedColors.GREY_25_PERCENT);
            for (Severity sev : Severity.values()) {
                CellStyle st = wb.createCellStyle();
                st.setFillForegroundColor(colors.get(sev).getIndex());
                st.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                severity.put(sev, st);
            }
        }
    }
}
