package org.pveaudit.job.scaleout;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Spring Batch's remote partition handler (sends each partition as a message, then polls the shared job
 * repository until every partition has ended) with a deadline per run instead of a failed step: when
 * {@code scale-out.wait} has passed, each partition still open is closed by the manager, its cluster recorded
 * NOT_AUDITED with the reason, and the run goes on with the clusters that were collected.
 *
 * <p>The closed partition is marked COMPLETED (exit status {@code NOT_AUDITED}), as a cluster a local source
 * could not read is: the collect step did its work, the cluster's result is in the history. That status is
 * also what makes a late worker skip the partition ({@link OncePerPartition}) rather than store a snapshot
 * the run has stopped waiting for.
 */
public class SiteDeadline extends MessageChannelPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(SiteDeadline.class);

    private final JobRepository jobs;
    private final AuditHistory history;
    private final PartitionSites sites;
    private final Duration wait;
    private StepExecutionListener progress;

    public SiteDeadline(JobRepository jobs, AuditHistory history, PartitionSites sites, Duration wait) {
        this.jobs = jobs;
        this.history = history;
        this.sites = sites;
        this.wait = wait;
        setJobRepository(jobs);
        setTimeout(wait.toMillis());
        // often enough that a short run is not slowed, rarely enough that the database does not notice
        setPollInterval(Math.min(1000, Math.max(50, wait.toMillis() / 20)));
    }

    /**
     * Where the progress line of each remote cluster goes (an interactive terminal's {@code ClusterProgress});
     * the local clusters' step has its own. The remote ones are told when the collect step ends.
     */
    public void setProgress(StepExecutionListener progress) {
        this.progress = progress;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        Set<StepExecution> ended;
        try {
            ended = super.doHandle(manager, partitions);
        } catch (TimeoutException e) {
            ended = closeOpen(partitions);
        }
        if (progress != null) {
            ended.stream().filter(p -> !ClusterConfig.LOCAL_SITE.equals(sites.siteOf(p))).forEach(progress::afterStep);
        }
        return ended;
    }

    private Set<StepExecution> closeOpen(Set<StepExecution> partitions) {
        Set<StepExecution> ended = new LinkedHashSet<>();
        for (StepExecution sent : partitions) {
            StepExecution now = jobs.getStepExecution(sent.getId());
            if (now.getStatus().isRunning()) {
                String site = sites.siteOf(now);
                now = close(now, ClusterConfig.LOCAL_SITE.equals(site) ? "not read within " + text(wait)
                        : now.getStatus() == BatchStatus.STARTING
                        ? "no worker of site " + site + " answered within " + text(wait)
                        : "the worker of site " + site + " did not finish within " + text(wait));
            }
            ended.add(now);
        }
        return ended;
    }

    /**
     * A request the broker did not take: its cluster is not audited, at once (the partition is closed, so the
     * wait ends without it).
     */
    public void undelivered(StepExecutionRequest request, String why) {
        StepExecution partition = jobs.getStepExecution(request.getStepExecutionId());
        close(partition, "not sent to site " + sites.siteOf(partition) + ": the broker did not take it: " + why);
    }

    /**
     * Ends a partition for the manager: COMPLETED with exit status NOT_AUDITED, the cluster NOT_AUDITED with the
     * reason in the history; the worker's result stands if it ended the partition first.
     */
    private StepExecution close(StepExecution partition, String reason) {
        long runId = partition.getJobExecution().getJobParameters().getLong("runId");
        String cluster = partition.getExecutionContext().getString("cluster");
        try {
            partition.setStatus(BatchStatus.COMPLETED);
            partition.setExitStatus(new ExitStatus("NOT_AUDITED", reason));
            partition.setEndTime(LocalDateTime.now());
            jobs.update(partition);
            history.clusters().saveFailed(runId, cluster, ClusterRun.Status.NOT_AUDITED, reason);
            log.warn("{}: not audited: {}", cluster, reason);
            return partition;
        } catch (OptimisticLockingFailureException raced) {
            // the worker ended the partition between our read and our write
            return jobs.getStepExecution(partition.getId());
        }
    }

    /** A duration as the configuration writes it: 10m, 90s, 1h, 250ms. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
