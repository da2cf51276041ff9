package org.pveaudit.job.scaleout;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.Checkpoint;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditSteps;
import org.pveaudit.job.ClusterProgress;
import org.pveaudit.job.ScaleOutRole;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleExpressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;

/**
 * {@code pve-audit worker}: consumes its site's queue and runs each partition it receives as the
 * {@code collectCluster} step of the manager's job (Spring Batch's remote partitioning worker), reading the
 * cluster with the source settings of the worker's own configuration and storing the snapshot in the shared
 * history. The step execution in the shared job repository is the record of which worker collected what.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = ScaleOutRole.PROPERTY, havingValue = ScaleOutRole.WORKER)
@EnableIntegration
public class WorkerConfiguration {

    /** The key of the partition's execution context that names the worker that collected it. */
    public static final String COLLECTED_BY = "collectedBy";

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    /** The shared history in its database's SQL (PostgreSQL's upserts are not SQLite's INSERT OR REPLACE). */
    @Bean
    AuditHistory auditHistory(DataSource dataSource, AuditRequest request) {
        return new AuditHistory(dataSource, request.config().history().dialect(), Checkpoint.NONE);
    }

    @Bean
    AuditSteps auditSteps(AuditRequest request, AuditHistory history) {
        return new AuditSteps(request, history, new RuleEngine(new RuleExpressions()));
    }

    @Bean
    ConnectionFactory brokerConnectionFactory(AuditRequest request) {
        return BrokerConnection.of(request.config().scaleOut());
    }

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    /**
     * The site's queue, in a transacted session: a message is acknowledged when its partition has ended (or was
     * skipped as already applied), so one a worker took and died with goes back to the site's other workers.
     */
    @Bean
    IntegrationFlow siteQueue(ConnectionFactory brokerConnectionFactory, WorkerIdentity worker,
                              AuditRequest request, DirectChannel partitionRequests, JobRepository jobs) {
        return IntegrationFlow.from(Jms.messageDrivenChannelAdapter(brokerConnectionFactory)
                        .destination(new SiteQueue(worker.site()).name())
                        .configureListenerContainer(c -> c.sessionTransacted(true)
                                .concurrentConsumers(request.config().parallel().collect())))
                .filter(Object.class, WorkerConfiguration::readable, f -> f.discardChannel("nullChannel"))
                .transform(String.class, PartitionMessage::parse)
                // acknowledged and dropped, not redelivered until the broker gives up: it can never be run here
                .filter(StepExecutionRequest.class, r -> known(jobs, r), f -> f.discardChannel("nullChannel"))
                .channel(partitionRequests)
                .get();
    }

    /** Whether a message is a partition request; anything else put on the queue is said and dropped. */
    private static boolean readable(Object payload) {
        if (PartitionMessage.readable(payload)) {
            return true;
        }
        log.warn("a message on the site's queue that is not a partition request: dropped");
        return false;
    }

    /** Whether the request's partition is in this worker's job repository, which must be the manager's. */
    private static boolean known(JobRepository jobs, StepExecutionRequest request) {
        try {
            if (jobs.getStepExecution(request.getStepExecutionId()) != null) {
                return true;
            }
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            // the JDBC job repository's way of saying there is none
        }
        log.warn("partition {} is not in the history database of this worker (a run pruned since, or a database "
                + "other than the manager's): request dropped", request.getStepExecutionId());
        return false;
    }

    @Bean
    Step collectCluster(JobRepository jobs, DirectChannel partitionRequests, BeanFactory beans,
                        Tasklet workerCollectTasklet) {
        Step step = new RemotePartitioningWorkerStepBuilder("collectCluster", jobs)
                .inputChannel(partitionRequests)
                .beanFactory(beans)
                // the collect tasklet stores through the history's own short transactions (AuditJobConfiguration)
                .tasklet(workerCollectTasklet, new ResourcelessTransactionManager())
                .build();
        return new OncePerPartition(step);
    }

    @Bean
    @StepScope
    Tasklet workerCollectTasklet(AuditSteps steps, AuditHistory history, AuditRequest request, WorkerIdentity worker,
                                 JobRepository jobs,
                                 @Value("#{jobParameters['runId']}") Long runId,
                                 @Value("#{stepExecutionContext['cluster']}") String cluster) {
        return (contribution, context) -> {
            contribution.getStepExecution().getExecutionContext().putString(COLLECTED_BY, worker.name());
            if (request.clusters().stream().map(ClusterConfig::name).noneMatch(cluster::equals)) {
                String why = "worker " + worker.name() + " has no cluster '" + cluster + "' in its configuration";
                log.warn("{}: not audited: {}", cluster, why);
                history.clusters().saveFailed(runId, cluster, ClusterRun.Status.NOT_AUDITED, why);
                return RepeatStatus.FINISHED;
            }
            long partition = contribution.getStepExecution().getId();
            // the manager closes a partition it stopped waiting for (SiteDeadline): then the snapshot is not stored
            String contents = steps.collect(runId, cluster, () -> jobs.getStepExecution(partition).getStatus()
                    .isRunning());
            if (contents != null) { // for the manager's progress line
                contribution.getStepExecution().getExecutionContext().putString(ClusterProgress.CONTENTS, contents);
            }
            log.info("{}: run {}: collected by worker {}{}", cluster, runId, worker.name(),
                    contents == null ? " (not audited)" : ": " + contents);
            return RepeatStatus.FINISHED;
        };
    }
}
