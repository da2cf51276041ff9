package org.pveaudit.campaign;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.pveaudit.report.SpreadsheetText;
import org.pveaudit.report.XlsxCells;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.ReviewRow;

/**
 * Writes one review workbook: the "Review" sheet with a row per principal (facts locked, Decision, Justification,
 * Reviewer and Date open to edit, Decision a list and Date a date), and the hidden "Campaign" sheet naming the
 * campaign, its token, the run and the rows this workbook holds. The protection has no password: it keeps honest
 * hands off the facts, and the import compares them with the history anyway.
 */
final class ReviewWorkbook {

    private static final int[] WIDTHS = {12, 34, 7, 10, 8, 11, 14, 24, 30, 40, 22, 34, 10, 40, 24, 12};

    private ReviewWorkbook() {
    }

    /** Writes the workbook to {@code file} through a temporary file next to it, so a failed write leaves none. */
    static void write(Path file, Campaign campaign, List<ReviewRow> rows) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(partial)) {
            Styles styles = new Styles(wb);
            review(wb.createSheet(ReviewColumns.REVIEW), styles, rows);
            XSSFSheet keys = wb.createSheet(ReviewColumns.CAMPAIGN);
            campaignSheet(keys, styles, campaign, rows);
            wb.setSheetVisibility(wb.getSheetIndex(keys), SheetVisibility.HIDDEN);
            wb.setActiveSheet(0);
            wb.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void review(XSSFSheet sheet, Styles styles, List<ReviewRow> rows) {
        Row header = sheet.createRow(0);
        for (int i = 0; i < ReviewColumns.HEADERS.size(); i++) {
            Cell c = header.createCell(i);
            c.setCellValue(ReviewColumns.HEADERS.get(i));
            c.setCellStyle(styles.header);
        }
        int r = 1;
        for (ReviewRow row : rows) {
            Row line = sheet.createRow(r++);
            text(line, ReviewColumns.CLUSTER, row.cluster(), styles.fact, styles.factQuoted);
            text(line, ReviewColumns.PRINCIPAL, row.principal(), styles.fact, styles.factQuoted);
            text(line, ReviewColumns.KIND, row.kind(), styles.fact, styles.factQuoted);
            for (int col = ReviewColumns.KIND + 1; col < ReviewColumns.DECISION; col++) {
                text(line, col, row.facts().getOrDefault(ReviewColumns.FACTS.get(col), ""), styles.fact,
                        styles.factQuoted);
            }
            text(line, ReviewColumns.DECISION, "", styles.input, styles.input);
            text(line, ReviewColumns.JUSTIFICATION, "", styles.input, styles.input);
            text(line, ReviewColumns.REVIEWER, row.reviewer() == null ? "" : row.reviewer(), styles.input,
                    styles.inputQuoted);
            line.createCell(ReviewColumns.DATE).setCellStyle(styles.inputDate);
        }
        int last = Math.max(1, r - 1);
        DataValidationHelper helper = sheet.getDataValidationHelper();
        DataValidation decision = helper.createValidation(
                helper.createExplicitListConstraint(new String[] {"keep", "revoke", "change"}),
                new CellRangeAddressList(1, last, ReviewColumns.DECISION, ReviewColumns.DECISION));
        decision.setShowErrorBox(true);
        decision.createErrorBox("Decision", "Choose keep, revoke or change.");
        sheet.addValidationData(decision);
        DataValidation date = helper.createValidation(helper.createDateConstraint(
                DataValidationConstraint.OperatorType.BETWEEN, "DATE(2000,1,1)", "TODAY()", "yyyy-mm-dd"),
                new CellRangeAddressList(1, last, ReviewColumns.DATE, ReviewColumns.DATE));
        date.setShowErrorBox(true);
        date.createErrorBox("Date", "Enter the date of the decision, not later than today.");
        sheet.addValidationData(date);
        sheet.createFreezePane(2, 1);
        sheet.setAutoFilter(new CellRangeAddress(0, last, 0, ReviewColumns.HEADERS.size() - 1));
        for (int i = 0; i < WIDTHS.length; i++) {
            sheet.setColumnWidth(i, WIDTHS[i] * 256);
        }
        sheet.getPrintSetup().setLandscape(true);
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
        protect(sheet);
    }

    private static void campaignSheet(XSSFSheet sheet, Styles styles, Campaign campaign, List<ReviewRow> rows) {
        pair(sheet, ReviewColumns.NAME_ROW, "Campaign", campaign.name(), styles);
        pair(sheet, ReviewColumns.TOKEN_ROW, "Token", campaign.token(), styles);
        pair(sheet, ReviewColumns.RUN_ROW, "Run", Long.toString(campaign.runId()), styles);
        Row header = sheet.createRow(ReviewColumns.KEYS_HEADER_ROW);
        text(header, 0, "Review row", styles.header, styles.header);
        text(header, 1, "Cluster", styles.header, styles.header);
        text(header, 2, "Principal", styles.header, styles.header);
        int r = ReviewColumns.KEYS_HEADER_ROW + 1;
        int reviewRow = 2;
        for (ReviewRow row : rows) {
            Row line = sheet.createRow(r++);
            line.createCell(0).setCellValue(reviewRow++);
            text(line, 1, row.cluster(), styles.fact, styles.factQuoted);
            text(line, 2, row.principal(), styles.fact, styles.factQuoted);
        }
        sheet.setColumnWidth(1, 14 * 256);
        sheet.setColumnWidth(2, 40 * 256);
        protect(sheet);
    }

    private static void pair(XSSFSheet sheet, int r, String label, String value, Styles styles) {
        Row row = sheet.createRow(r);
        text(row, 0, label, styles.header, styles.header);
        text(row, 1, value, styles.fact, styles.factQuoted);
    }

    /** Locked cells cannot be edited; filtering and widening columns still work. */
    private static void protect(XSSFSheet sheet) {
        sheet.lockAutoFilter(false);
        sheet.lockFormatColumns(false);
        sheet.lockFormatRows(false);
        sheet.enableLocking();
    }

    /** Untrusted text: formula-looking text gets the quote prefix so no spreadsheet program evaluates it. */
    private static void text(Row row, int col, String value, CellStyle plain, CellStyle quoted) {
        Cell c = row.createCell(col);
        c.setCellValue(SpreadsheetText.fit(value, "report.xlsx"));
        c.setCellStyle(SpreadsheetText.looksLikeFormula(value) ? quoted : plain);
    }

    /** The workbook's few styles: facts locked (the default), what the reviewer fills in unlocked. */
    private static final class Styles {
        final CellStyle header;
        final CellStyle fact;
        final CellStyle factQuoted;
        final CellStyle input;
        final CellStyle inputQuoted;
        final CellStyle inputDate;

        Styles(XSSFWorkbook wb) {
            header = XlsxCells.headerStyle(wb);
            fact = wb.createCellStyle();
            factQuoted = wb.createCellStyle();
            factQuoted.setQuotePrefixed(true);
            input = wb.createCellStyle();
            input.setLocked(false);
            input.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
            input.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            inputQuoted = wb.createCellStyle();
            inputQuoted.cloneStyleFrom(input);
            inputQuoted.setQuotePrefixed(true);
            inputDate = wb.createCellStyle();
            inputDate.cloneStyleFrom(input);
            inputDate.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
        }
    }
}
