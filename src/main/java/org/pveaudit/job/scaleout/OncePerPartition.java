package org.pveaudit.job.scaleout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;

/**
 * A worker's collect step, applied at most once per partition: a request whose step execution the shared job
 * repository already holds as COMPLETED (a duplicate delivery, or a partition the manager stopped waiting
 * for) is skipped, so the broker's message is acknowledged and nothing is stored twice. A partition left
 * STARTED by a worker that died is collected again: that is what redelivery is for.
 */
public record OncePerPartition(Step step) implements Step {

    private static final Logger log = LoggerFactory.getLogger(OncePerPartition.class);

    @Override
    public String getName() {
        return step.getName();
    }

    @Override
    public void execute(StepExecution partition) throws JobInterruptedException {
        if (partition.getStatus() == BatchStatus.COMPLETED) {
            log.info("partition {} ({}) is already COMPLETED ({}): duplicate delivery skipped",
                    partition.getId(), partition.getStepName(), partition.getExitStatus().getExitCode());
            return;
        }
        step.execute(partition);
    }
}
