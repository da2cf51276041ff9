package org.pveaudit.report;

import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.User;

/** The Users sheet: the users of every cluster. */
final class UsersSheet implements XlsxSheet {

    @Override
    public String name() {
        return "Users";
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        List<ClusterSnapshot> snapshots = data.snapshots();
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "User", "Realm", "Enabled", "Expires", "Groups",
                "First name", "Last name", "E-mail", "Comment");
        int r = 1;
        for (ClusterSnapshot snap : snapshots) {
            for (User u : snap.users()) {
                Row row = sheet.createRow(r++);
                cells.text(row, 0, snap.cluster());
                cells.text(row, 1, u.id());
                cells.text(row, 2, u.realm());
                cells.bool(row, 3, u.enabled());
                cells.date(row, 4, u.expire());
                cells.text(row, 5, String.join(", ", u.groups()));
                cells.text(row, 6, u.firstname());
                cells.text(row, 7, u.lastname());
                cells.text(row, 8, u.email());
                cells.text(row, 9, u.comment());
            }
        }
        cells.finish(sheet, r, 10, 10, 30, 12, 9, 12, 30, 14, 14, 28, 40);
    }
}
