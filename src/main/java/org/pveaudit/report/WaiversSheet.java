package org.pveaudit.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.StoredWaiver;

/** The Waivers sheet: every waiver with its status and the findings it waived. */
final class WaiversSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Waivers";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Rule", "Cluster", "Principal", "Path", "Subject", "Reason",
                "Owner", "Expires", "Ticket", "Findings waived", "Status", "Defined at");
        int r = 1;
        for (StoredWaiver w : data.waivers()) {
            Row row = sheet.createRow(r++);
            cells.text(row, 0, w.waiver().rule());
            cells.text(row, 1, w.waiver().cluster());
            cells.text(row, 2, w.waiver().principal());
            cells.text(row, 3, w.waiver().path());
            cells.text(row, 4, w.waiver().subject());
            cells.text(row, 5, w.waiver().reason());
            cells.text(row, 6, w.waiver().owner());
            cells.styled(row, 7, cells.dateStyle()).setCellValue(w.waiver().expires());
            cells.text(row, 8, w.waiver().ticket());
            cells.number(row, 9, w.matched());
            cells.text(row, 10, w.status(data.today()).name().toLowerCase());
            cells.text(row, 11, w.waiver().source());
        }
        cells.finish(sheet, r, 12, 14, 10, 24, 16, 24, 40, 24, 12, 12, 10, 10, 30);
    }
}
