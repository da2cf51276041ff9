package org.pveaudit.report;

import java.util.Locale;

/**
 * Guards spreadsheet cells against formula injection (OWASP "CSV injection"): text from Proxmox
 * that starts with {@code = + - @}, a tab or a carriage return must never be evaluated; and against
 * text longer than a cell holds, which is cut with a visible note instead of failing the workbook.
 */
public final class SpreadsheetText {

    /** The most characters a cell of Excel (and of POI's workbook) holds. */
    public static final int MAX_CELL = 32_767;

    private SpreadsheetText() {
    }

    /** True when a spreadsheet could read the value as a formula. */
    public static boolean looksLikeFormula(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** For CSV: a leading single quote makes spreadsheet programs treat the value as text. */
    public static String forCsv(String value) {
        return looksLikeFormula(value) ? "'" + value : value;
    }

    /**
     * The value as one cell holds it: unchanged when it fits, else its start and a note saying how long it was
     * and where the full text is ({@code … [cut: 120,000 characters in all; full text in findings.json]}).
     * A spreadsheet program cannot show more in one cell, and POI refuses to write it.
     *
     * @param fullTextAt where the reader finds the whole text ({@code findings.json})
     */
    public static String fit(String value, String fullTextAt) {
        if (value == null || value.length() <= MAX_CELL) {
            return value;
        }
        String note = String.format(Locale.ROOT, "… [cut: %,d characters in all; full text in %s]", value.length(),
                fullTextAt);
        int keep = MAX_CELL - note.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--; // never half a character
        }
        return value.substring(0, keep) + note;
    }
}
