package org.pveaudit.report;

/**
 * Guards spreadsheet cells against formula injection (OWASP "CSV injection"): text from Proxmox
 * that starts with {@code = + - @}, a tab or a carriage return must never be evaluated.
 */
public final class SpreadsheetText {

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
}
