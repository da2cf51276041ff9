package org.pveaudit.report;

import java.util.List;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.model.ClusterSnapshot;

/**
 * The "Access review" sheet: one row per user and token, with empty Decision / Justification / Reviewer
 * columns to fill in.
 */
final class AccessReviewSheet implements XlsxSheet {

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet("Access review", "Cluster", "Principal", "Kind", "Enabled", "Latent",
                "Grants", "Paths with privileges", "Escalation privileges", "Decision", "Justification", "Reviewer");
        int r = 1;
        for (ClusterSnapshot s : data.snapshots()) {
            ClusterAccess access = data.access(s.cluster());
            for (AccessReview.Row a : access == null ? List.<AccessReview.Row>of() : AccessReview.rows(s, access.held())) {
                Row row = sheet.createRow(r++);
                cells.text(row, 0, a.cluster());
                cells.text(row, 1, a.principal());
                cells.text(row, 2, a.kind());
                row.createCell(3).setCellValue(a.enabled());
                row.createCell(4).setCellValue(a.held().latent());
                cells.text(row, 5, String.join("; ", a.grants()));
                row.createCell(6).setCellValue(a.held().privilegedPaths());
                cells.text(row, 7, String.join(", ", a.held().escalation().entrySet().stream()
                        .map(e -> e.getKey() + " @ " + e.getValue()).toList()));
            }
        }
        if (r > 1) {
            DataValidationHelper helper = sheet.getDataValidationHelper();
            DataValidation decision = helper.createValidation(
                    helper.createExplicitListConstraint(new String[] {"keep", "revoke", "change"}),
                    new CellRangeAddressList(1, r - 1, 8, 8));
            decision.setShowErrorBox(true);
            decision.createErrorBox("Decision", "Choose keep, revoke or change.");
            sheet.addValidationData(decision);
        }
        cells.finish(sheet, r, 11, 10, 34, 8, 9, 8, 70, 12, 50, 12, 40, 16);
    }
}
