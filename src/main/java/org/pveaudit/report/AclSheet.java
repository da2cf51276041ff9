package org.pveaudit.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ClusterSnapshot;

/** The ACL sheet: the ACL entries of every cluster. */
final class AclSheet implements XlsxSheet {

    @Override
    public String name() {
        return "ACL";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        List<ClusterSnapshot> snapshots = data.snapshots();
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Path", "Principal", "Kind", "Role", "Propagate");
        int r = 1;
        for (ClusterSnapshot snap : snapshots) {
            for (AclEntry a : snap.acl()) {
                Row row = sheet.createRow(r++);
                cells.text(row, 0, snap.cluster());
                cells.text(row, 1, a.path());
                cells.text(row, 2, a.principal().spelling());
                cells.text(row, 3, a.principal().kind().name().toLowerCase());
                cells.text(row, 4, a.role());
                cells.bool(row, 5, a.propagate());
            }
        }
        cells.finish(sheet, r, 6, 10, 30, 34, 8, 22, 10);
    }
}
