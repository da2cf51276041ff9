package org.pveaudit.job.scaleout;

import org.pveaudit.config.ClusterConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.job.AuditRequest;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * Which site a partition of the collect step goes to: the {@code site:} of its cluster in the manager's
 * configuration, looked up through the partition's step execution (the request names only that). A replay reads
 * the stored snapshots from the history, here: it needs no worker, and a site that is down cannot cost it a cluster.
 */
public record PartitionSites(JobRepository jobs, AuditRequest request, AuditHistory history) {

    public String siteOf(StepExecutionRequest partition) {
        return siteOf(jobs.getStepExecution(partition.getStepExecutionId()));
    }

    public String siteOf(StepExecution partition) {
        Long runId = partition.getJobExecution().getJobParameters().getLong("runId");
        if (runId != null && history.runs().run(runId).map(AuditRun::replayOf).isPresent()) {
            return ClusterConfig.LOCAL_SITE;
        }
        String cluster = partition.getExecutionContext().getString("cluster");
        return request.clusters().stream().filter(c -> c.name().equals(cluster)).map(ClusterConfig::site)
                .findFirst().orElse(ClusterConfig.LOCAL_SITE);
    }

    public boolean local(StepExecutionRequest partition) {
        return ClusterConfig.LOCAL_SITE.equals(siteOf(partition));
    }
}
