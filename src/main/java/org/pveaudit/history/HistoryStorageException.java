package org.pveaudit.history;

/**
 * The history database cannot be used as storage: the disk is full, it is read-only, corrupt or not a SQLite
 * file at all, or an I/O error. The message is the one line the operator sees, naming the file and the cause;
 * the audit exits 3 and the runs recorded before are intact (SQLite commits whole transactions or nothing).
 */
public class HistoryStorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HistoryStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
