package org.pveaudit.history;

import java.util.List;

/**
 * What became of a run's e-mail, as {@code run_mail} records it.
 *
 * @param status      SENT, SKIPPED or FAILED
 * @param error       why it was skipped, or the error (never a password) when it failed
 * @param policy      the send policy in force
 * @param attachments the file names attached
 */
public record MailDelivery(String status, String recipients, int attempts, String error, String policy,
                           String subject, List<String> attachments) {

    public MailDelivery {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
