package org.pveaudit.people;

/** An identities file that cannot be used; the message is one line: {@code file:line:column: problem}. */
public final class IdentitiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdentitiesException(String message) {
        super(message);
    }
}
