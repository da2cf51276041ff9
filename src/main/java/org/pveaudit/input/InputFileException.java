package org.pveaudit.input;

/**
 * A file that cannot be read within {@link InputLimits} or as its format says; the message is one line,
 * {@code file[:line:column]: problem}. Each reader reports it as its own kind of input error.
 */
public class InputFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputFileException(String message) {
        super(message);
    }
}
