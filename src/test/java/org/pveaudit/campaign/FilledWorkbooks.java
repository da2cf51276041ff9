package org.pveaudit.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** A reviewer at work, for tests: fills in and edits review workbooks with POI, as a spreadsheet program would. */
public final class FilledWorkbooks {

    private FilledWorkbooks() {
    }

    /** Decides every row: {@code decision} with {@code justification}, dated {@code on}; the reviewer as prefilled. */
    public static void decideAll(Path file, String decision, String justification, LocalDate on) throws IOException {
        decideAll(file, decision, justification, on, null);
    }

    /** The same, {@code reviewer} writing their name in every row (null: as prefilled). */
    public static void decideAll(Path file, String decision, String justification, LocalDate on, String reviewer)
            throws IOException {
        change(file, wb -> {
            Sheet review = wb.getSheet(ReviewColumns.REVIEW);
            for (int r = 1; r <= review.getLastRowNum(); r++) {
                Row row = review.getRow(r);
                row.getCell(ReviewColumns.DECISION).setCellValue(decision);
                row.getCell(ReviewColumns.JUSTIFICATION).setCellValue(justification);
                row.getCell(ReviewColumns.DATE).setCellValue(on);
                if (reviewer != null) {
                    row.getCell(ReviewColumns.REVIEWER).setCellValue(reviewer);
                }
            }
        });
    }

    /** Sets one cell ({@code M7}) of a sheet to a text, a date, or blank (null). */
    public static void set(Path file, String sheet, String cell, Object value) throws IOException {
        change(file, wb -> {
            CellReference ref = new CellReference(cell);
            Sheet s = wb.getSheet(sheet);
            Row row = s.getRow(ref.getRow()) == null ? s.createRow(ref.getRow()) : s.getRow(ref.getRow());
            Cell c = row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
            CellStyle style = c.getCellStyle();
            if (value == null) {
                c.setBlank();
            } else if (value instanceof LocalDate d) {
                c.setCellValue(d);
            } else {
                c.setCellValue(value.toString());
            }
            c.setCellStyle(style);
        });
    }

    /** Deletes a row of the Review sheet (1-based, as a spreadsheet numbers it), moving the rows below it up. */
    public static void deleteRow(Path file, int number) throws IOException {
        change(file, wb -> {
            Sheet review = wb.getSheet(ReviewColumns.REVIEW);
            int last = review.getLastRowNum();
            review.removeRow(review.getRow(number - 1));
            if (number - 1 < last) {
                review.shiftRows(number, last, -1);
            }
        });
    }

    /** The Review sheet's rows as text, header first. */
    public static List<List<String>> rows(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            List<List<String>> out = new ArrayList<>();
            for (Row row : wb.getSheet(ReviewColumns.REVIEW)) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < ReviewColumns.HEADERS.size(); c++) {
                    Cell cell = row.getCell(c);
                    cells.add(cell == null ? "" : new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(cell));
                }
                out.add(cells);
            }
            return out;
        }
    }

    /** Where the reviewer writes: the column letters of Decision, Justification, Reviewer and Date. */
    public static String column(String header) {
        return CellReference.convertNumToColString(ReviewColumns.HEADERS.indexOf(header));
    }

    private interface Change {
        void apply(XSSFWorkbook wb) throws IOException;
    }

    private static void change(Path file, Change change) throws IOException {
        XSSFWorkbook wb;
        try (InputStream in = Files.newInputStream(file)) {
            wb = new XSSFWorkbook(in);
        }
        try (wb) {
            change.apply(wb);
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
    }
}
