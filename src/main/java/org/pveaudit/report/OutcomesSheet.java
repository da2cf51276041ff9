package org.pveaudit.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.rules.RuleOutcome;

/** The "Rule outcomes" sheet: every rule's outcome on every cluster. */
final class OutcomesSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Rule outcomes";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        List<RuleOutcome> outcomes = data.outcomes();
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Rule", "Severity", "Title", "Outcome",
                "Findings", "Reason");
        int r = 1;
        for (RuleOutcome o : outcomes) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, o.cluster());
            cells.text(row, 1, o.ruleId());
            cells.text(row, 2, o.severity().key());
            cells.text(row, 3, o.title());
            cells.text(row, 4, o.status().name().toLowerCase().replace('_', ' '));
            cells.number(row, 5, o.findings());
            cells.text(row, 6, o.reason());
        }
        cells.finish(sheet, r, 7, 12, 14, 10, 50, 14, 10, 60);
    }
}
