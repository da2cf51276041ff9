package org.pveaudit.report;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;

/** The Findings sheet: every finding of the run, with its waiver and evidence. */
final class FindingsSheet implements XlsxSheet {

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet("Findings", "Severity", "Cluster", "Rule", "Title", "Subject kind",
                "Subject", "Path", "Message", "State", "First seen run", "Fingerprint", "Waived because", "Evidence");
        int r = 1;
        for (StoredFinding sf : data.findings()) {
            Finding f = sf.finding();
            Row row = sheet.createRow(r++);
            Cell sev = row.createCell(0);
            sev.setCellValue(f.severity().key());
            sev.setCellStyle(cells.severity(f.severity()));
            cells.text(row, 1, f.cluster());
            cells.text(row, 2, f.ruleId());
            cells.text(row, 3, f.title());
            cells.text(row, 4, f.subject().key());
            cells.text(row, 5, f.subjectKey());
            cells.text(row, 6, f.path());
            cells.text(row, 7, f.message());
            cells.text(row, 8, sf.state().name().toLowerCase());
            row.createCell(9).setCellValue(sf.firstSeenRun());
            cells.text(row, 10, f.fingerprint());
            StoredWaiver w = data.waiverOf(sf);
            if (w != null) {
                cells.text(row, 11, w.waiver().reason() + " (" + w.waiver().owner() + ", until " + w.waiver().expires()
                        + ")");
            }
            if (data.findings().size() <= XlsxReport.EVIDENCE_LIMIT) {
                cells.text(row, 12, String.join("\n", data.evidence(sf)));
            }
        }
        cells.finish(sheet, r, 13, 10, 12, 14, 40, 10, 40, 16, 70, 8, 10, 50, 50, 80);
    }
}
