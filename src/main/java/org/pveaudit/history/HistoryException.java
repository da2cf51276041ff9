package org.pveaudit.history;

/** The history database cannot answer: it is missing, not a pve-audit database, or has no such run. */
public class HistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }
}
