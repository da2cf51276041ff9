package org.pveaudit.report;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.rules.ClusterView;

/** The "Effective privileges" sheet: every path where each user or token holds privileges, as Proxmox computes them. */
final class PrivilegesSheet implements XlsxSheet {

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet("Effective privileges", "Cluster", "Principal", "Path", "Privileges",
                "Latent");
        int r = 1;
        outer:
        for (ClusterView view : data.views()) {
            for (String principal : view.access().principals()) {
                boolean latent = view.latent(principal);
                for (var e : view.privilegedPaths(principal).entrySet()) {
                    if (r > XlsxReport.MAX_ROWS) {
                        Row row = sheet.createRow(r++);
                        cells.text(row, 0, "(cut at " + XlsxReport.MAX_ROWS + " rows: use `pve-audit permissions` for the full matrix)");
                        break outer;
                    }
                    Row row = sheet.createRow(r++);
                    cells.text(row, 0, view.snapshot().cluster());
                    cells.text(row, 1, principal);
                    cells.text(row, 2, e.getKey());
                    cells.text(row, 3, String.join(", ", e.getValue()));
                    row.createCell(4).setCellValue(latent);
                }
            }
        }
        cells.finish(sheet, r, 5, 10, 34, 30, 100, 8);
    }
}
