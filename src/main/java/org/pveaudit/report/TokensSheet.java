package org.pveaudit.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;

/** The Tokens sheet: the API tokens of every cluster. */
final class TokensSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Tokens";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        List<ClusterSnapshot> snapshots = data.snapshots();
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Token", "Owner", "Expires", "Privilege separation",
                "Comment");
        int r = 1;
        for (ClusterSnapshot snap : snapshots) {
            for (ApiToken t : snap.tokens()) {
                Row row = sheet.createRow(r++);
                cells.text(row, 0, snap.cluster());
                cells.text(row, 1, t.id());
                cells.text(row, 2, t.owner());
                cells.date(row, 3, t.expire());
                cells.bool(row, 4, t.privsep());
                cells.text(row, 5, t.comment());
            }
        }
        cells.finish(sheet, r, 6, 10, 36, 28, 12, 12, 40);
    }
}
