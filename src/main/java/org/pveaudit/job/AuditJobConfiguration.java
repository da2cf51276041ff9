package org.pveaudit.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.Checkpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleExpressions;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code audit} job: {@code collect} (one partition per cluster, in parallel), then
 * {@code evaluate}, {@code history} and {@code report}. Each step reads and writes the history
 * database under the run id passed as the job parameter {@code runId}.
 */
@Configuration
public class AuditJobConfiguration {

    /**
     * Tasklets run outside a database transaction: reading a cluster can take minutes, and with
     * SQLite an open write transaction would hold the file lock all that time. {@link AuditHistory}
     * opens a short transaction for each write instead.
     */
    private static final PlatformTransactionManager NO_TX = new ResourcelessTransactionManager();

    @Bean
    AuditHistory auditHistory(DataSource dataSource, AuditRequest request, ObjectProvider<Checkpoint> checkpoint) {
        return new AuditHistory(dataSource, request.config().history().dialect(),
                checkpoint.getIfAvailable(() -> Checkpoint.NONE));
    }

    /** @param checkpoint none in production; the crash tests register one that pauses or fails at a point */
    @Bean
    AuditSteps auditSteps(AuditRequest request, AuditHistory history, ObjectProvider<Checkpoint> checkpoint) {
        return new AuditSteps(request, history, new RuleEngine(new RuleExpressions()),
                checkpoint.getIfAvailable(() -> Checkpoint.NONE));
    }

    /** The job's steps in the order they run (the names its metrics and logs use). */
    static final List<String> STEPS = List.of("collect", "evaluate", "history", "report");

    @Bean
    Job auditJob(JobRepository jobs, Step collect, Step evaluate, Step history, Step report) {
        return new JobBuilder("audit", jobs).start(collect).next(evaluate).next(history).next(report).build();
    }

    /** Without {@code scale-out.broker}; with it, {@code scaleout.RemoteCollectConfiguration} defines the step. */
    @Bean
    @ConditionalOnProperty(name = ScaleOutRole.PROPERTY, havingValue = "none", matchIfMissing = true)
    Step collect(JobRepository jobs, Partitioner clusterPartitioner, Step collectCluster, AuditRequest request) {
        int parallel = request.config().parallel().collect(); // clusters read at once
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("collect-");
        executor.setConcurrencyLimit(parallel);
        return new StepBuilder("collect", jobs)
                .partitioner("collectCluster", clusterPartitioner)
                .step(collectCluster)
                .gridSize(parallel)
                .taskExecutor(executor)
                .build();
    }

    /**
     * One partition per cluster named in the job parameter {@code clusters} (comma-separated), so a
     * restart partitions exactly as the original execution did, and a replay by the stored clusters.
     */
    @Bean
    @StepScope
    Partitioner clusterPartitioner(@Value("#{jobParameters['clusters']}") String clusters) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
            for (String name : clusters == null || clusters.isEmpty() ? new String[0] : clusters.split(",")) {
                ExecutionContext context = new ExecutionContext();
                context.putString("cluster", name);
                partitions.put("cluster:" + name, context);
            }
            return partitions;
        };
    }

    @Bean
    Step collectCluster(JobRepository jobs, Tasklet collectTasklet,
                        org.springframework.beans.factory.ObjectProvider<ClusterProgress> progress) {
        var step = new StepBuilder("collectCluster", jobs).tasklet(collectTasklet, NO_TX);
        progress.ifAvailable(step::listener); // a line per cluster on an interactive terminal
        return step.build();
    }

    @Bean
    @StepScope
    Tasklet collectTasklet(AuditSteps steps, @Value("#{jobParameters['runId']}") Long runId,
                           @Value("#{stepExecutionContext['cluster']}") String cluster) {
        return (contribution, context) -> {
            String contents = steps.collect(runId, cluster);
            if (contents != null) { // for the progress line, so it need not read the snapshot back
                contribution.getStepExecution().getExecutionContext().putString(ClusterProgress.CONTENTS, contents);
            }
            return RepeatStatus.FINISHED;
        };
    }

    @Bean
    Step evaluate(JobRepository jobs, AuditSteps steps) {
        return new StepBuilder("evaluate", jobs).tasklet((contribution, context) -> {
            steps.evaluate(runId(context));
            return RepeatStatus.FINISHED;
        }, NO_TX).build();
    }

    @Bean
    Step history(JobRepository jobs, AuditSteps steps) {
        return new StepBuilder("history", jobs).tasklet((contribution, context) -> {
            steps.compare(runId(context));
            return RepeatStatus.FINISHED;
        }, NO_TX).build();
    }

    @Bean
    Step report(JobRepository jobs, AuditSteps steps) {
        return new StepBuilder("report", jobs).tasklet((contribution, context) -> {
            steps.report(runId(context));
            return RepeatStatus.FINISHED;
        }, NO_TX).build();
    }

    private static long runId(org.springframework.batch.core.scope.context.ChunkContext context) {
        return context.getStepContext().getStepExecution().getJobParameters().getLong("runId");
    }
}
