package org.pveaudit.rules;

/** A rule file that cannot be used; the message is one line: {@code file:line:column: problem}. */
public class RuleFileException extends RuntimeException {

    public RuleFileException(String message) {
        super(message);
    }
}
