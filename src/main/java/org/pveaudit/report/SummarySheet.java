package org.pveaudit.report;

import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;

/** The Summary sheet: one row per cluster with its counts. */
final class SummarySheet implements XlsxSheet {

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet("Summary", "Cluster", "Status", "PVE version", "Critical", "High",
                "Medium", "Low", "Info", "New", "Rules passed", "Rules failed", "Not evaluated", "Rule errors", "Reason");
        int r = 1;
        for (ClusterRun c : data.clusters()) {
            Row row = sheet.createRow(r++);
            Map<Severity, Integer> counts = data.countBySeverity(c.cluster());
            cells.text(row, 0, c.cluster());
            cells.text(row, 1, c.audited() ? "audited" : "not audited");
            cells.text(row, 2, c.pveVersion());
            int col = 3;
            for (Severity sev : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
                    Severity.INFO)) {
                row.createCell(col++).setCellValue(counts.get(sev));
            }
            row.createCell(col++).setCellValue(data.newFindings(c.cluster()));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.PASSED));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.FAILED));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.NOT_EVALUATED));
            row.createCell(col++).setCellValue(data.outcomes(c.cluster(), RuleOutcome.Status.ERROR));
            cells.text(row, col, c.error());
        }
        cells.finish(sheet, r, 14, 14, 12, 10, 8, 8, 8, 8, 8, 8, 12, 12, 14, 12, 60);
    }
}
