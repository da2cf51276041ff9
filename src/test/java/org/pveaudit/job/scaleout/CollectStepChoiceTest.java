package org.pveaudit.job.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRequestLoader;
import org.pveaudit.job.AuditRunner;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Which collect step an audit gets: without {@code scale-out:} the one it always had (partitions run by a task
 * executor, no JMS, no Spring Integration, nothing of {@code job.scaleout}); with it, the remote-partitioning
 * manager with {@link SiteDeadline} as its handler.
 */
@Tag("e2e")
class CollectStepChoiceTest {

    @TempDir
    Path dir;

    @Test
    void withoutScaleOutTheContextHasTheSameCollectStepAndNothingOfScaleOut() {
        AuditRequest request = AuditRequestLoader.load(Path.of("sample-data", "pve-audit.yml"), List.of("lab"),
                dir.resolve("reports"), FailurePolicy.DEFAULT, List.of("json"));
        request = withHistory(request);
        Seen seen = run(request);

        assertThat(seen.handler()).isInstanceOf(TaskExecutorPartitionHandler.class);
        assertThat(seen.beans()).noneMatch(b -> b.toLowerCase().contains("jms") || b.toLowerCase().contains("artemis")
                || b.toLowerCase().contains("integration") || b.toLowerCase().contains("partitionrequests"));
        assertThat(seen.types()).noneMatch(t -> t.startsWith("org.pveaudit.job.scaleout."));
    }

    @Test
    void withScaleOutTheCollectStepSendsPartitionsThroughSiteDeadline() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Seen seen = run(new ScaleOutSetup(dir, broker.url(), "2s").managerRequest());
            assertThat(seen.handler()).isInstanceOf(SiteDeadline.class);
        }
    }

    record Seen(Object handler, Set<String> beans, Set<String> types) {
    }

    private static Seen run(AuditRequest request) {
        AtomicReference<Seen> seen = new AtomicReference<>();
        SpringApplication.withHook(app -> new SpringApplicationRunListener() {
            @Override
            public void ready(ConfigurableApplicationContext context, java.time.Duration timeTaken) {
                PartitionStep collect = context.getBean("collect", PartitionStep.class);
                Set<String> types = new TreeSet<>();
                for (String name : context.getBeanDefinitionNames()) {
                    Class<?> type = context.getType(name);
                    if (type != null) {
                        types.add(type.getName());
                    }
                }
                seen.set(new Seen(handlerOf(collect), new TreeSet<>(List.of(context.getBeanDefinitionNames())),
                        types));
            }
        }, () -> AuditRunner.run(request, "test", false));
        return seen.get();
    }

    /** The step's partition handler: PartitionStep keeps it to itself. */
    private static Object handlerOf(PartitionStep step) {
        try {
            java.lang.reflect.Field f = PartitionStep.class.getDeclaredField("partitionHandler");
            f.setAccessible(true);
            return f.get(step);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private AuditRequest withHistory(AuditRequest r) {
        var c = r.config();
        var config = new org.pveaudit.config.AuditConfig(c.clusters(), c.rules(), c.waivers(), c.policy(), c.report(),
                new org.pveaudit.config.HistoryConfig(dir.resolve("history.db").toString(), null, null), c.mail(),
                c.parallel(), c.people());
        return new AuditRequest(config, r.clusters(), r.packs(), r.waivers(), r.settings(), r.failOn(), r.outDir(),
                r.formats(), r.configHash(), r.configFolder(), r.declared(), r.identities());
    }
}
