package org.pveaudit.job.scaleout;

import java.util.function.BiConsumer;
import org.pveaudit.failure.Cause;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * Sends the collect step's partition requests; a request the broker does not take (it is down, it refuses the
 * account) is handed to {@code undelivered} with the reason, so that only that cluster goes unaudited instead of
 * the whole step failing on the first one.
 */
public class PartitionSender extends MessagingTemplate {

    private final BiConsumer<StepExecutionRequest, String> undelivered;

    public PartitionSender(MessageChannel requests, BiConsumer<StepExecutionRequest, String> undelivered) {
        super(requests);
        this.undelivered = undelivered;
    }

    @Override
    public void send(Message<?> message) {
        try {
            super.send(message);
        } catch (MessagingException e) {
            if (!(message.getPayload() instanceof StepExecutionRequest request)) {
                throw e;
            }
            undelivered.accept(request, why(e));
        }
    }

    /**
     * Why the broker did not take a message, in one line: Artemis' own sentence without its code
     * ({@code AMQ219007: Cannot connect to server(s). Tried…} becomes {@code cannot connect to server(s)}), else
     * the cause in plain words; Spring Integration's wrappers name only its beans.
     */
    static String why(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            String text = t.getMessage();
            if (t.getClass().getName().startsWith("org.apache.activemq") && text != null && !text.isBlank()) {
                String sentence = text.replaceFirst("^AMQ\\d+: ", "").split("\\. |[\\r\\n]", 2)[0].strip();
                return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
            }
        }
        return Cause.of(root);
    }
}
