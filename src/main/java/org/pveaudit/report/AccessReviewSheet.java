package org.pveaudit.report;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.pveaudit.history.LastAccessChanges;
import org.pveaudit.model.ClusterSnapshot;

/**
 * The "Access review" sheet: one row per user and token, with the last access change the history recorded for
 * it and empty Decision / Justification / Reviewer columns to fill in.
 */
final class AccessReviewSheet implements XlsxSheet {

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void write(XlsxCells cells, ReportData data) {
        SXSSFSheet sheet = cells.sheet(name(), "Cluster", "Principal", "Kind", "Realm", "Enabled",
                "Expires", "Second factors", "Groups", "Latent", "Grants", "Paths with privileges",
                "Administrator on", "Escalation privileges", "Last change seen", "Decision", "Justification", "Reviewer", "Date");
        int r = 1;
        for (ClusterSnapshot s : data.snapshots()) {
            ClusterAccess access = data.access(s.cluster());
            LastAccessChanges changes = data.lastChanges().get(s.cluster());
            for (AccessReview.Row a : access == null ? List.<AccessReview.Row>of() : AccessReview.rows(s, access.held())) {
                Row row = sheet.createRow(r++);
                cells.text(row, 0, a.cluster());
                cells.text(row, 1, a.principal());
                cells.text(row, 2, a.kind());
                cells.text(row, 3, a.realm());
                cells.bool(row, 4, a.enabled());
                cells.date(row, 5, a.expire());
                cells.text(row, 6, a.tfa());
                cells.text(row, 7, String.join(", ", a.groups()));
                cells.bool(row, 8, a.held().latent());
                cells.text(row, 9, String.join("; ", a.grants()));
                cells.number(row, 10, a.held().privilegedPaths());
                cells.text(row, 11, AccessReview.administratorOn(a.held()));
                cells.text(row, 12, AccessReview.escalationPrivileges(a.held()));
                cells.text(row, 13, lastChangeSeen(changes, a.principal()));
            }
        }
        if (r > 1) {
            int last = r - 1;
            cells.structure(sheet, () -> validate(sheet, last));
        }
        // the sign-off block below the rows: who reviewed the whole sheet, and when
        Row signed = sheet.createRow(r + 1);
        cells.text(signed, 0, "Reviewed by");
        cells.text(signed, 2, "Date");
        cells.text(signed, 4, "Signature");
        cells.finish(sheet, r, 18, 10, 34, 8, 10, 8, 11, 12, 20, 8, 60, 10, 30, 50, 20, 12, 40, 16, 12);
    }

    /** A list to choose the decision from, and a date check, on the rows 1 to {@code last}. */
    private static void validate(SXSSFSheet sheet, int last) {
        DataValidationHelper helper = sheet.getDataValidationHelper();
        DataValidation decision = helper.createValidation(
                helper.createExplicitListConstraint(new String[] {"keep", "revoke", "change"}),
                new CellRangeAddressList(1, last, DECISION, DECISION));
        decision.setShowErrorBox(true);
        decision.createErrorBox("Decision", "Choose keep, revoke or change.");
        sheet.addValidationData(decision);
        DataValidation date = helper.createValidation(helper.createDateConstraint(
                DataValidationConstraint.OperatorType.GREATER_THAN, "DATE(2000,1,1)", null, "yyyy-mm-dd"),
                new CellRangeAddressList(1, last, DECISION + 3, DECISION + 3));
        date.setShowErrorBox(true);
        date.createErrorBox("Date", "Enter the date of the decision.");
        sheet.addValidationData(date);
    }

    /**
     * "2026-11-03 (run 12)": the start (UTC) and id of the latest run whose access drift concerned the principal;
     * "none recorded", or "none recorded since run N" when older runs were pruned: only what the history holds.
     * Null without history (a report not read from it).
     */
    static String lastChangeSeen(LastAccessChanges changes, String principal) {
        if (changes == null) {
            return null;
        }
        LastAccessChanges.Seen seen = changes.of(principal);
        if (seen != null) {
            return LocalDate.ofInstant(seen.startedAt(), ZoneOffset.UTC) + " (run " + seen.runId() + ")";
        }
        return changes.recordedFrom() == null ? "none recorded" : "none recorded since run " + changes.recordedFrom();
    }

    static final String NAME = "Access review";

    /** The column of Decision; Justification, Reviewer and Date follow it. */
    static final int DECISION = 14;
}
