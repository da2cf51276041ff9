package org.pveaudit.job.scaleout;

import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * A partition request as the text sent over the broker: {@code <step name> <step execution id>}. Text rather
 * than a serialized Java object, so a worker never deserializes classes from the network; the message carries
 * no secret and no cluster setting: the worker reads the run and the cluster from the shared job repository.
 */
public final class PartitionMessage {

    private PartitionMessage() {
    }

    public static String text(StepExecutionRequest request) {
        return request.getStepName() + " " + request.getStepExecutionId();
    }

    /** Whether a message's payload is a request this class wrote (anything else on the queue is dropped). */
    public static boolean readable(Object payload) {
        return payload instanceof String text && text.strip().matches("\\S+ \\d{1,18}");
    }

    /** @throws IllegalArgumentException for a text this class did not write */
    public static StepExecutionRequest parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(" ");
        if (parts.length != 2 || !parts[1].matches("\\d{1,18}")) {
            throw new IllegalArgumentException("not a partition request: " + (text == null ? "(empty)"
                    : text.length() > 80 ? text.substring(0, 80) + "…" : text));
        }
        return new StepExecutionRequest(parts[0], Long.parseLong(parts[1]));
    }
}
