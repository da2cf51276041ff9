package org.pveaudit.campaign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.pveaudit.history.ReviewStore;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;

/**
 * A filled review workbook read back and checked against the campaign it names: the token, the rows it holds,
 * the facts as written, and an answer on every row. The first problem is a {@link ReviewInputException} naming
 * the sheet and cell ({@code review-2027-Q1.xlsx: sheet Review, cell M7: decision 'maybe' is not keep, revoke or
 * change}); only a workbook without one yields its decisions.
 */
final class FilledWorkbook {

    /** A checked workbook: its campaign, a decision per row it holds, and the reviewers who answered. */
    record Answers(Campaign campaign, List<Decision> decisions, Set<String> reviewers) {
    }

    private static final DataFormatter FORMAT = new DataFormatter(java.util.Locale.ROOT);

    private final String file;
    private final Clock clock;

    private FilledWorkbook(String file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Reads the workbook's bytes (POI's own limits against zip bombs and huge parts apply) and checks them.
     *
     * @param file  the name errors give the workbook
     * @param clock today, for dates in the future
     */
    static Answers check(String file, byte[] bytes, ReviewStore reviews, Clock clock) {
        try (XSSFWorkbook wb = open(file, bytes)) {
            return new FilledWorkbook(file, clock).check(wb, reviews);
        } catch (IOException e) {
            throw new ReviewInputException(file + ": cannot read the workbook: " + e.getMessage());
        }
    }

    private static XSSFWorkbook open(String file, byte[] bytes) {
        try {
            return new XSSFWorkbook(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            throw new ReviewInputException(file + ": not a readable XLSX workbook" + (why.contains("Zip bomb")
                    ? ": a part expands far beyond its compressed size (zip bomb)" : ""));
        }
    }

    private Answers check(XSSFWorkbook wb, ReviewStore reviews) {
        Sheet keys = sheet(wb, ReviewColumns.CAMPAIGN);
        Sheet review = sheet(wb, ReviewColumns.REVIEW);
        Campaign campaign = campaign(keys, reviews);
        Map<String, ReviewRow> stored = new HashMap<>();
        reviews.rows(campaign.id()).forEach(r -> stored.put(CampaignRows.key(r.cluster(), r.principal()), r));
        Map<String, Integer> held = held(keys, stored);
        Map<Integer, String> writtenAt = new HashMap<>();
        held.forEach((key, row) -> writtenAt.put(row, key));
        headers(review);
        Map<String, Decision> decisions = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(clock);
        LocalDate started = LocalDate.ofInstant(campaign.startedAt(), clock.getZone());
        for (int r = 1; r <= review.getLastRowNum(); r++) {
            Row row = review.getRow(r);
            if (blank(row)) {
                continue;
            }
            String cluster = text(row, ReviewColumns.CLUSTER);
            String principal = text(row, ReviewColumns.PRINCIPAL);
            String key = CampaignRows.key(cluster, principal);
            if (!held.containsKey(key)) {
                throw unknownRow(r, cluster, principal, writtenAt.get(r + 1));
            }
            if (decisions.containsKey(key)) {
                throw error(ReviewColumns.REVIEW, r, ReviewColumns.PRINCIPAL, "the row of " + principal + " on "
                        + cluster + " appears twice");
            }
            ReviewRow expected = stored.get(key);
            facts(row, r, expected);
            decisions.put(key, decision(row, r, expected, today, started));
        }
        for (Map.Entry<String, Integer> h : held.entrySet()) {
            if (!decisions.containsKey(h.getKey())) {
                ReviewRow missing = stored.get(h.getKey());
                throw new ReviewInputException(file + ": sheet " + ReviewColumns.REVIEW + ": the row of "
                        + missing.principal() + " on " + missing.cluster() + " (row " + h.getValue()
                        + " when written) is missing; every row needs a decision");
            }
        }
        Set<String> reviewers = new TreeSet<>();
        decisions.values().forEach(d -> reviewers.add(d.reviewer()));
        return new Answers(campaign, List.copyOf(decisions.values()), reviewers);
    }

    private Sheet sheet(XSSFWorkbook wb, String name) {
        Sheet sheet = wb.getSheet(name);
        if (sheet == null) {
            throw new ReviewInputException(file + ": no sheet " + name + ": not a review workbook written by "
                    + "'pve-audit review start'");
        }
        return sheet;
    }

    /** The campaign whose token the hidden sheet holds; it must not be closed. */
    private Campaign campaign(Sheet keys, ReviewStore reviews) {
        String token = text(keys.getRow(ReviewColumns.TOKEN_ROW), 1);
        Campaign campaign = reviews.campaigns().stream().filter(c -> c.token().equals(token)).findFirst()
                .orElseThrow(() -> error(ReviewColumns.CAMPAIGN, ReviewColumns.TOKEN_ROW, 1, "the campaign token "
                        + "matches no campaign of this history (a workbook of another history, or edited)"));
        String name = text(keys.getRow(ReviewColumns.NAME_ROW), 1);
        if (!name.equals(campaign.name())) {
            throw error(ReviewColumns.CAMPAIGN, ReviewColumns.NAME_ROW, 1, "campaign '" + name + "' does not match "
                    + "its token, which is campaign " + campaign.name() + "'s");
        }
        if (campaign.closed()) {
            throw error(ReviewColumns.CAMPAIGN, ReviewColumns.NAME_ROW, 1, "campaign " + campaign.name()
                    + " was closed on " + campaign.closedAt() + "; it takes no more decisions");
        }
        return campaign;
    }

    /** The rows the workbook was written with (row key to its row number in the Review sheet), from the hidden sheet. */
    private Map<String, Integer> held(Sheet keys, Map<String, ReviewRow> stored) {
        Map<String, Integer> held = new LinkedHashMap<>();
        for (int r = ReviewColumns.KEYS_HEADER_ROW + 1; r <= keys.getLastRowNum(); r++) {
            Row row = keys.getRow(r);
            if (blank(row)) {
                continue;
            }
            String key = CampaignRows.key(text(row, 1), text(row, 2));
            if (!stored.containsKey(key)) {
                throw error(ReviewColumns.CAMPAIGN, r, 2, "'" + text(row, 2) + "' on '" + text(row, 1)
                        + "' is not a row of the campaign");
            }
            Integer at = rowNumber(row.getCell(0));
            held.put(key, at == null ? -1 : at);
        }
        return held;
    }

    private void headers(Sheet review) {
        Row header = review.getRow(0);
        for (int c = 0; c < ReviewColumns.HEADERS.size(); c++) {
            String found = text(header, c);
            if (!found.equals(ReviewColumns.HEADERS.get(c))) {
                throw error(ReviewColumns.REVIEW, 0, c, "the column is '" + found + "', was '"
                        + ReviewColumns.HEADERS.get(c) + "': columns must stay as written");
            }
        }
    }

    private ReviewInputException unknownRow(int r, String cluster, String principal, String writtenHere) {
        if (writtenHere != null) {
            String[] was = writtenHere.split("\n", 2);
            int col = was[0].equals(cluster) ? ReviewColumns.PRINCIPAL : ReviewColumns.CLUSTER;
            return error(ReviewColumns.REVIEW, r, col, "'" + (col == ReviewColumns.CLUSTER ? cluster : principal)
                    + "' was '" + was[col == ReviewColumns.CLUSTER ? 0 : 1] + "' when written; facts must stay as "
                    + "written");
        }
        return error(ReviewColumns.REVIEW, r, ReviewColumns.PRINCIPAL, principal + " on " + cluster
                + " is not a row of this workbook");
    }

    /** Every fact cell as written: a row edited outside its own columns is not the row that was reviewed. */
    private void facts(Row row, int r, ReviewRow expected) {
        for (int c = ReviewColumns.KIND; c < ReviewColumns.DECISION; c++) {
            String column = ReviewColumns.FACTS.get(c);
            String want = c == ReviewColumns.KIND ? expected.kind() : expected.facts().getOrDefault(column, "");
            String found = text(row, c);
            if (!found.equals(want)) {
                throw error(ReviewColumns.REVIEW, r, c, column + " of " + expected.principal() + " is '" + found
                        + "', was '" + want + "' when written; facts must stay as written");
            }
        }
    }

    private Decision decision(Row row, int r, ReviewRow expected, LocalDate today, LocalDate started) {
        String word = text(row, ReviewColumns.DECISION).strip();
        if (word.isEmpty()) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.DECISION, "no decision for " + expected.principal()
                    + " (keep, revoke or change)");
        }
        Decision.Verdict verdict = Decision.Verdict.of(word);
        if (verdict == null) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.DECISION, "decision '" + word
                    + "' is not keep, revoke or change");
        }
        String justification = text(row, ReviewColumns.JUSTIFICATION).strip();
        if (verdict == Decision.Verdict.KEEP && expected.adminEquivalent() && justification.isEmpty()) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.JUSTIFICATION, "keeping " + expected.principal()
                    + ", which holds every privilege of Administrator on "
                    + expected.facts().getOrDefault("Administrator on", "some path") + ", needs a justification");
        }
        String reviewer = text(row, ReviewColumns.REVIEWER).strip();
        if (reviewer.isEmpty()) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.REVIEWER, "no reviewer for " + expected.principal());
        }
        LocalDate on = date(row, r);
        if (on == null) {
            on = today;
        } else if (on.isAfter(today)) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.DATE, "date " + on + " is in the future");
        } else if (on.isBefore(started)) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.DATE, "date " + on + " is before the campaign "
                    + "started (" + started + ")");
        }
        return new Decision(expected.cluster(), expected.principal(), verdict,
                justification.isEmpty() ? null : justification, reviewer, on);
    }

    /** The Date cell: a date, or a text such as 2027-01-15; null when empty. */
    private LocalDate date(Row row, int r) {
        Cell cell = row.getCell(ReviewColumns.DATE);
        if (cell == null || cell.getCellType() == CellType.BLANK) {
            return null;
        }
        if (cell.getCellType() == CellType.NUMERIC) {
            double serial = cell.getNumericCellValue();
            if (!DateUtil.isValidExcelDate(serial) || serial < 1) {
                throw error(ReviewColumns.REVIEW, r, ReviewColumns.DATE, "'" + FORMAT.formatCellValue(cell)
                        + "' is not a date");
            }
            return DateUtil.getLocalDateTime(serial).toLocalDate();
        }
        String text = text(row, ReviewColumns.DATE).strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw error(ReviewColumns.REVIEW, r, ReviewColumns.DATE, "'" + text + "' is not a date like 2027-01-15");
        }
    }

    /** A cell as text: a string as it is, a number or boolean as shown; a formula is refused, never evaluated. */
    private String text(Row row, int col) {
        Cell cell = row == null ? null : row.getCell(col);
        if (cell == null) {
            return "";
        }
        return switch (cell.getCellType()) {
            case STRING -> cell.getStringCellValue();
            case BLANK -> "";
            case FORMULA -> throw error(cell.getSheet().getSheetName(), row.getRowNum(), col, "a formula; enter "
                    + "the value itself");
            default -> FORMAT.formatCellValue(cell);
        };
    }

    private static Integer rowNumber(Cell cell) {
        if (cell == null) {
            return null;
        }
        if (cell.getCellType() == CellType.NUMERIC) {
            return (int) cell.getNumericCellValue();
        }
        try {
            return Integer.valueOf(FORMAT.formatCellValue(cell).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean blank(Row row) {
        if (row == null) {
            return true;
        }
        for (Cell c : row) {
            if (c.getCellType() != CellType.BLANK
                    && !(c.getCellType() == CellType.STRING && c.getStringCellValue().isBlank())) {
                return false;
            }
        }
        return true;
    }

    private ReviewInputException error(String sheet, int row, int col, String problem) {
        return new ReviewInputException(file + ": sheet " + sheet + ", cell " + ReviewColumns.cell(row, col) + ": "
                + problem.replaceAll("[\\r\\n]+", " "));
    }
}
