package org.pveaudit.job.scaleout;

import jakarta.jms.ConnectionFactory;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.ClusterProgress;
import org.pveaudit.job.ScaleOutRole;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.channel.ExecutorChannel;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.jms.dsl.Jms;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.messaging.MessageHandler;

/**
 * The manager's side of scale-out (a run whose configuration has {@code scale-out.broker}): the {@code collect}
 * step sends one partition per cluster, those of a remote site as a JMS message to the site's queue, those of
 * site {@code local} to the collect step of this process, and waits on the shared job repository for all of
 * them, at most {@code scale-out.wait} ({@link SiteDeadline}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = ScaleOutRole.PROPERTY, havingValue = ScaleOutRole.MANAGER)
@EnableIntegration
public class RemoteCollectConfiguration {

    @Bean
    ConnectionFactory brokerConnectionFactory(AuditRequest request) {
        // one connection for the run's messages, not one per message
        return new CachingConnectionFactory(BrokerConnection.of(request.config().scaleOut()));
    }

    @Bean
    PartitionSites partitionSites(JobRepository jobs, AuditRequest request, AuditHistory history) {
        return new PartitionSites(jobs, request, history);
    }

    /** Every partition request of the collect step; the local and the remote flow each take theirs. */
    @Bean
    PublishSubscribeChannel partitionRequests() {
        return new PublishSubscribeChannel();
    }

    /** The partitions of site {@code local}, collected here, {@code parallel.collect} at once. */
    @Bean
    ExecutorChannel localPartitions(AuditRequest request) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("collect-");
        executor.setConcurrencyLimit(request.config().parallel().collect());
        return new ExecutorChannel(executor);
    }

    @Bean
    IntegrationFlow remotePartitions(PublishSubscribeChannel partitionRequests, PartitionSites sites,
                                     ConnectionFactory brokerConnectionFactory, AuditRequest request) {
        // a request outlives the run's wait for nothing: the broker drops it then, so requests for a site without
        // a worker do not pile up run after run
        long timeToLive = request.config().scaleOut().partitionWait().toMillis();
        return IntegrationFlow.from(partitionRequests)
                .filter(StepExecutionRequest.class, r -> !sites.local(r), f -> f.discardChannel("nullChannel"))
                .enrichHeaders(h -> h.headerFunction("pveAuditQueue",
                        m -> new SiteQueue(sites.siteOf((StepExecutionRequest) m.getPayload())).name()))
                .transform(StepExecutionRequest.class, PartitionMessage::text)
                .handle(Jms.outboundAdapter(brokerConnectionFactory)
                        .configureJmsTemplate(t -> t.explicitQosEnabled(true).timeToLive(timeToLive))
                        .destination(m -> m.getHeaders().get("pveAuditQueue", String.class)))
                .get();
    }

    @Bean
    IntegrationFlow localCollection(PublishSubscribeChannel partitionRequests, ExecutorChannel localPartitions,
                                    PartitionSites sites, JobRepository jobs, BeanFactory beans) {
        return IntegrationFlow.from(partitionRequests)
                .filter(StepExecutionRequest.class, sites::local, f -> f.discardChannel("nullChannel"))
                .channel(localPartitions)
                .handle(localWorker(jobs, beans))
                .get();
    }

    /** The handler a worker runs, here on the manager's own {@code collectCluster} step. */
    private static MessageHandler localWorker(JobRepository jobs, BeanFactory beans) {
        BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
        steps.setBeanFactory(beans);
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobs);
        handler.setStepLocator(steps);
        return message -> handler.handle((StepExecutionRequest) message.getPayload());
    }

    @Bean
    Step collect(JobRepository jobs, Partitioner clusterPartitioner, AuditRequest request, AuditHistory history,
                 PartitionSites sites, PublishSubscribeChannel partitionRequests,
                 ObjectProvider<ClusterProgress> progress) throws Exception {
        SiteDeadline handler = new SiteDeadline(jobs, history, sites, request.config().scaleOut().partitionWait());
        progress.ifAvailable(handler::setProgress);
        handler.setStepName("collectCluster");
        handler.setGridSize(request.clusters().size());
        handler.setMessagingOperations(new PartitionSender(partitionRequests, handler::undelivered));
        handler.afterPropertiesSet();
        return new StepBuilder("collect", jobs)
                .partitioner("collectCluster", clusterPartitioner)
                .partitionHandler(handler)
                .build();
    }
}
