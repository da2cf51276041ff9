package org.pveaudit.declared;

/** A declaration that cannot be read; the message is one line naming the file, and the line and field or resource. */
public class DeclaredAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeclaredAccessException(String message) {
        super(message);
    }
}
