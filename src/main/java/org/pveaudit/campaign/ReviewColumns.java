package org.pveaudit.campaign;

import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.util.CellReference;
import org.pveaudit.report.ReviewFacts;

/**
 * The layout of a review workbook, shared by the writer and the import: the "Review" sheet's columns (the facts,
 * then what the reviewer fills in) and the hidden "Campaign" sheet that says which campaign and rows it holds.
 */
final class ReviewColumns {

    static final String REVIEW = "Review";
    static final String CAMPAIGN = "Campaign";

    /** The fact columns: who, then {@link ReviewFacts#COLUMNS}, then the principal's last decision. */
    static final List<String> FACTS;
    static final String LAST_DECISION = "Last decision";
    static final int CLUSTER = 0;
    static final int PRINCIPAL = 1;
    static final int KIND = 2;
    /** Decision, then Justification, Reviewer and Date. */
    static final int DECISION;
    static final int JUSTIFICATION;
    static final int REVIEWER;
    static final int DATE;
    static final List<String> HEADERS;

    static {
        List<String> facts = new ArrayList<>(List.of("Cluster", "Principal", "Kind"));
        facts.addAll(ReviewFacts.COLUMNS);
        facts.add(LAST_DECISION);
        FACTS = List.copyOf(facts);
        DECISION = FACTS.size();
        JUSTIFICATION = DECISION + 1;
        REVIEWER = DECISION + 2;
        DATE = DECISION + 3;
        List<String> headers = new ArrayList<>(FACTS);
        headers.addAll(List.of("Decision", "Justification", "Reviewer", "Date"));
        HEADERS = List.copyOf(headers);
    }

    /** The hidden sheet: campaign name, token and run in column B of rows 1 to 3; the rows it holds from row 6. */
    static final int NAME_ROW = 0;
    static final int TOKEN_ROW = 1;
    static final int RUN_ROW = 2;
    static final int KEYS_HEADER_ROW = 4;

    private ReviewColumns() {
    }

    /** A cell's name as a spreadsheet shows it: {@code M7} for column 12 of row index 6. */
    static String cell(int row, int column) {
        return CellReference.convertNumToColString(column) + (row + 1);
    }
}
