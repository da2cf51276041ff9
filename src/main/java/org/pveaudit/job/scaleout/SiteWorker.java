package org.pveaudit.job.scaleout;

import java.util.HashMap;
import java.util.Map;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ScaleOutRole;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** A running worker of one site: its Spring context, consuming the site's queue until it is closed. */
public final class SiteWorker implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SiteWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts consuming the site's queue; the history database is the one of the worker's configuration, which
     * must be the manager's (the job repository lives there too).
     *
     * @param verbose log each collected cluster at INFO
     */
    public static SiteWorker start(AuditRequest request, WorkerIdentity worker, boolean verbose) {
        SpringApplication app = new SpringApplication(WorkerApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setWebApplicationType(WebApplicationType.NONE);
        Map<String, Object> p = new HashMap<>(AuditRunner.properties(request, verbose));
        p.put(ScaleOutRole.PROPERTY, ScaleOutRole.WORKER);
        app.setDefaultProperties(p);
        if (org.pveaudit.logging.LogSetup.configured()) {
            // the command line set up logging (level, text or JSON); Boot must not reset it (as AuditRunner)
            app.setListeners(app.getListeners().stream()
                    .filter(l -> !(l instanceof org.springframework.boot.context.logging.LoggingApplicationListener))
                    .toList());
            if (verbose) {
                org.pveaudit.logging.LogSetup.atLeastInfo();
            }
        }
        app.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("auditRequest", request);
            ctx.getBeanFactory().registerSingleton("workerIdentity", worker);
        });
        return new SiteWorker(app.run());
    }

    /** Blocks until the worker is stopped (its context closed: {@link #close()} or the JVM's shutdown). */
    public void awaitStop() throws InterruptedException {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        context.addApplicationListener(e -> {
            if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (context.isActive()) {
            closed.await();
        }
    }

    /** The worker's beans, for tests that look at what it holds. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
