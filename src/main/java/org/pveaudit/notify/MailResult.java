package org.pveaudit.notify;

/**
 * What became of a run's e-mail.
 *
 * @param detail why it was skipped, or the error (never a password) when it failed
 */
public record MailResult(Status status, String recipients, int attempts, String detail) {

    /** The outcomes recorded in {@code run_mail}. */
    public enum Status { SENT, SKIPPED, FAILED }

    public boolean failed() {
        return status == Status.FAILED;
    }

    /** One line for the command's summary. */
    public String describe() {
        return switch (status) {
            case SENT -> "sent to " + recipients + (attempts > 1 ? " (attempt " + attempts + ")" : "");
            case SKIPPED -> "not sent: " + detail;
            case FAILED -> "FAILED after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + detail;
        };
    }
}
