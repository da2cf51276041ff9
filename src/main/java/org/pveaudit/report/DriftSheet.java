package org.pveaudit.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;

/** The Drift sheet: what changed in the cluster data since the last run. */
final class DriftSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Drift";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Object", "Change", "Key", "Before", "After");
        int r = 1;
        for (var d : data.drift()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, d.cluster());
            cells.text(row, 1, d.object().key());
            cells.text(row, 2, d.change().name().toLowerCase());
            cells.text(row, 3, d.key());
            cells.text(row, 4, d.before());
            cells.text(row, 5, d.after());
        }
        cells.finish(sheet, r, 6, 10, 10, 10, 40, 50, 50);
    }
}
