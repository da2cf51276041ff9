package org.pveaudit.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.pveaudit.rules.Severity;

/**
 * The workbook-level parts of {@code report.xlsx} in one place: its few cell styles (a workbook has a
 * limited number of them), sheets with a frozen header and an auto-filter, and untrusted text written
 * safely ({@link SpreadsheetText}), cut with a note saying where the full text is.
 */
public final class XlsxCells {

    private final SXSSFWorkbook wb;
    private final Styles styles;
    /** Printed at the foot of every page, left: which run the page is from. */
    private final String footer;
    private final Layout layout;

    XlsxCells(SXSSFWorkbook wb, String fullTextAt) {
        this(wb, fullTextAt, "pve-audit");
    }

    /** @param footer printed at the foot of every page (with the sheet name and the page number) */
    XlsxCells(SXSSFWorkbook wb, String fullTextAt, String footer) {
        this.wb = wb;
        this.styles = new Styles(wb, fullTextAt);
        this.footer = footer.replace("&", "&&"); // '&' starts a code in a page footer
        this.layout = new Layout();
    }

    private XlsxCells(XlsxCells cells, String fullTextAt) {
        this.wb = cells.wb;
        this.styles = cells.styles.noting(fullTextAt);
        this.footer = cells.footer;
        this.layout = cells.layout;
    }

    /**
     * What the sheets may not do side by side: create a sheet, or change a sheet's or the workbook's structure
     * (filters and print titles are names of the workbook). POI streams the rows of different sheets independently,
     * each into its own temporary file, but its workbook and the XML beans behind the sheets are not for several
     * threads. So the sheets are created ahead, in the workbook's order ({@link #create}), and the changes are
     * queued per sheet and made once every row is written ({@link #layOut}), sheet after sheet: the workbook is
     * the same, byte for byte, however many sheets were written at once.
     */
    private static final class Layout {
        final Map<String, SXSSFSheet> created = new ConcurrentHashMap<>();
        final Map<String, List<Runnable>> changes = new ConcurrentHashMap<>();
    }

    /** Creates the sheet {@code name} now, for {@link #sheet} to fill later: sheets are created in this order. */
    void create(String name) {
        SXSSFSheet sheet = wb.createSheet(name);
        sheet.createFreezePane(0, 1);
        layout.created.put(name, sheet);
    }

    /** Makes the queued changes of these sheets' structure, in this order ({@link #structure}). */
    void layOut(List<String> sheets) {
        for (String name : sheets) {
            layout.changes.getOrDefault(name, List.of()).forEach(Runnable::run);
        }
    }

    /** The same workbook and styles, for cells whose full text is elsewhere. */
    XlsxCells noting(String fullTextAt) {
        return new XlsxCells(this, fullTextAt);
    }

    CellStyle severity(Severity severity) {
        return styles.severity.get(severity);
    }

    CellStyle dateStyle() {
        return styles.date;
    }

    /** An expiry as a real Excel date; 0 is written as the text "never". */
    void date(Row row, int col, long epochSeconds) {
        if (epochSeconds > 0) {
            Cell c = row.createCell(col);
            c.setCellValue(java.time.LocalDateTime.ofEpochSecond(epochSeconds, 0, java.time.ZoneOffset.UTC));
            c.setCellStyle(styles.date);
        } else {
            Cell c = row.createCell(col);
            c.setCellValue("never");
            c.setCellStyle(styles.plain);
        }
    }

    /**
     * A number. Every cell gets its style here, the workbook's default for plain ones (written as no style at
     * all): a cell without one makes POI look up its column's default style in the sheet's XML beans when the
     * row is flushed, which cost more than writing the cell.
     */
    void number(Row row, int col, double value) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        c.setCellStyle(styles.plain);
    }

    /** A boolean, with the default style as {@link #number}. */
    void bool(Row row, int col, boolean value) {
        Cell c = row.createCell(col);
        c.setCellValue(value);
        c.setCellStyle(styles.plain);
    }

    /** A cell with a style of this workbook ({@link #severity}, {@link #dateStyle}). */
    Cell styled(Row row, int col, CellStyle style) {
        Cell c = row.createCell(col);
        c.setCellStyle(style);
        return c;
    }

    /** The sheet {@code name} (created ahead, {@link #create}) with its header row. */
    SXSSFSheet sheet(String name, String... headers) {
        SXSSFSheet sheet = layout.created.get(name);
        if (sheet == null) {
            throw new IllegalStateException("sheet " + name + " was not created ahead");
        }
        Row row = sheet.createRow(0);
        for (int i = 0; i < headers.length; i++) {
            Cell c = row.createCell(i);
            c.setCellValue(headers[i]);
            c.setCellStyle(styles.header);
        }
        return sheet;
    }

    /**
     * A change of the sheet's or the workbook's structure (validations, filters, print set-up), made once every
     * sheet's rows are written ({@link Layout}).
     */
    void structure(SXSSFSheet sheet, Runnable change) {
        layout.changes.computeIfAbsent(sheet.getSheetName(), k -> new CopyOnWriteArrayList<>()).add(change);
    }

    /**
     * The auto-filter, the column widths and the print set-up: landscape, as wide as one page, the header row on
     * every page, and a footer with the run, the sheet and "page n of m".
     */
    void finish(SXSSFSheet sheet, int rows, int columns, int... widths) {
        structure(sheet, () -> layOut(sheet, rows, columns, widths));
    }

    private void layOut(SXSSFSheet sheet, int rows, int columns, int... widths) {
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, rows - 1), 0, columns - 1));
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
        PrintSetup print = sheet.getPrintSetup();
        print.setLandscape(true);
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0); // as many pages down as it takes
        sheet.setFitToPage(true);
        sheet.setRepeatingRows(CellRangeAddress.valueOf("1:1"));
        sheet.getFooter().setLeft(footer);
        sheet.getFooter().setCenter("&A"); // the sheet's name
        sheet.getFooter().setRight("Page &P of &N");
    }

    /**
     * Writes untrusted text as a string cell; formula-looking text also gets the quote prefix, and text longer
     * than a cell holds is cut with a note (POI would refuse it and with it the whole workbook).
     */
    void text(Row row, int col, String value) {
        if (value == null) {
            return;
        }
        Cell c = row.createCell(col);
        c.setCellValue(SpreadsheetText.fit(value, styles.fullTextAt));
        c.setCellStyle(SpreadsheetText.looksLikeFormula(value) ? styles.quoted : styles.plain);
    }

    /**
     * The few cell styles of the workbook (a workbook has a limited number of them), and where the full text of
     * a cut cell is.
     */

    /** The header row's style of every sheet pve-audit writes: bold on grey, a line below. */
    public static CellStyle headerStyle(Workbook wb) {
        Font bold = wb.createFont();
        bold.setBold(true);
        CellStyle header = wb.createCellStyle();
        header.setFont(bold);
        header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        header.setBorderBottom(BorderStyle.THIN);
        return header;
    }

    private static final class Styles {
        final CellStyle plain;
        final CellStyle header;
        final CellStyle quoted;
        final CellStyle date;
        final Map<Severity, CellStyle> severity;
        final String fullTextAt;

        private Styles(Styles styles, String fullTextAt) {
            plain = styles.plain;
            header = styles.header;
            quoted = styles.quoted;
            date = styles.date;
            severity = styles.severity;
            this.fullTextAt = fullTextAt;
        }

        /** The same styles, for cells whose full text is elsewhere. */
        Styles noting(String at) {
            return new Styles(this, at);
        }

        Styles(SXSSFWorkbook wb, String fullTextAt) {
            this.fullTextAt = fullTextAt;
            severity = new EnumMap<>(Severity.class);
            plain = wb.getCellStyleAt(0);
            header = headerStyle(wb);
            quoted = wb.createCellStyle();
            quoted.setQuotePrefixed(true);
            date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            Map<Severity, IndexedColors> colors = Map.of(Severity.CRITICAL, IndexedColors.RED,
                    Severity.HIGH, IndexedColors.ORANGE, Severity.MEDIUM, IndexedColors.LIGHT_YELLOW,
                    Severity.LOW, IndexedColors.LIGHT_TURQUOISE, Severity.INFO, IndexedColors.GREY_25_PERCENT);
            for (Severity sev : Severity.values()) {
                CellStyle st = wb.createCellStyle();
                st.setFillForegroundColor(colors.get(sev).getIndex());
                st.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                severity.put(sev, st);
            }
        }
    }
}
