package org.pveaudit.cli;

/** A problem with the user's input (file, option value); reported as one line on stderr with exit code 2. */
final class InputError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputError(String message) {
        super(message);
    }
}
