package org.pveaudit.report;

import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.access.PrivilegeRow;

/**
 * The "Privileged access" sheet: per user and token, one row for holding every privilege of Administrator and
 * one per escalation privilege it holds, each with the number of relevant paths and the top-most paths of the
 * subtrees where it is held. The full matrix (every path of every principal, millions of rows on a large
 * cluster, more than a spreadsheet can open) is {@code --format matrix}.
 */
final class PrivilegedAccessSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Privileged access";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Principal", "Kind", "Latent", "Privilege",
                "Paths", "Subtrees", "Where");
        int r = 1;
        outer:
        for (ClusterAccess access : data.access().values()) {
            for (Map.Entry<String, AccessReview.Held> a : access.held().entrySet()) {
                for (AccessReview.Holding h : a.getValue().holdings()) {
                    if (r > XlsxReport.MAX_ROWS) {
                        cells.text(sheet.createRow(r++), 0, "(cut at " + XlsxReport.MAX_ROWS
                                + " rows: use --format matrix or `pve-audit permissions` for the full matrix)");
                        break outer;
                    }
                    Row row = sheet.createRow(r++);
                    cells.text(row, 0, access.cluster());
                    cells.text(row, 1, a.getKey());
                    cells.text(row, 2, a.getValue().kind());
                    cells.bool(row, 3, a.getValue().latent());
                    cells.text(row, 4, h.privilege());
                    cells.number(row, 5, h.paths());
                    cells.number(row, 6, h.regions());
                    cells.text(row, 7, where(h));
                }
            }
        }
        cells.finish(sheet, r, 8, 10, 34, 8, 8, 30, 8, 9, 100);
    }

    /** "/vms (120 paths), /pool/dev, … and 4 more subtrees". */
    static String where(AccessReview.Holding h) {
        StringBuilder b = new StringBuilder();
        for (PrivilegeRow.Region region : h.top()) {
            b.append(b.isEmpty() ? "" : ", ").append(region.path());
            if (region.paths() > 1) {
                b.append(" (").append(region.paths()).append(" paths)");
            }
        }
        if (h.regions() > h.top().size()) {
            b.append(", … and ").append(h.regions() - h.top().size()).append(" more subtrees");
        }
        return b.toString();
    }
}
