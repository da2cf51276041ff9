package org.pveaudit.job;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.SimpleTriggerContext;
import org.pveaudit.failure.Cause;
import org.pveaudit.model.Count;

/**
 * Runs a task on a trigger (a {@code CronTrigger} in production) in one long-lived process, one run at a
 * time: a single scheduler thread, and the next time is computed from when the previous run finished, so a
 * run that overlaps its next slot makes that slot be skipped, not queued. {@link #stop(Duration)} (called
 * from the SIGTERM shutdown hook) lets the current run finish, up to a grace period, and starts no other.
 */
public final class AuditScheduler {

    private static final Logger log = LoggerFactory.getLogger(AuditScheduler.class);

    private final Trigger trigger;
    private final Runnable task;
    private final int maxRuns;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private volatile boolean stopping;
    private volatile ScheduledFuture<?> future;

    /** @param maxRuns stop after this many runs; 0 for no limit */
    public AuditScheduler(Trigger trigger, Runnable task, int maxRuns) {
        this.trigger = trigger;
        this.task = task;
        this.maxRuns = maxRuns;
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("audit-schedule-");
        scheduler.setWaitForTasksToCompleteOnShutdown(true);
        scheduler.setErrorHandler(e -> log.error("scheduled audit failed: {}", Cause.of(e)));
    }

    /** The time of the first run, as the trigger computes it now. */
    public Instant firstRun() {
        return trigger.nextExecution(new SimpleTriggerContext());
    }

    /** Schedules the runs and blocks until {@link #stop} or {@code maxRuns} runs; returns the number of runs. */
    public int runUntilStopped() throws InterruptedException {
        scheduler.initialize();
        future = scheduler.schedule(this::runOnce, trigger);
        finished.await();
        return runs.get();
    }

    private void runOnce() {
        if (stopping) {
            return;
        }
        int n = runs.incrementAndGet();
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("scheduled audit {} failed: {}", n, Cause.of(e));
        }
        if (maxRuns > 0 && n >= maxRuns) {
            log.info("schedule: {} done, stopping", Count.of(n, "run"));
            stop(Duration.ZERO);
        }
    }

    /** Starts no further run, waits up to {@code grace} for the current one, and releases {@link #runUntilStopped}. */
    public void stop(Duration grace) {
        stopping = true;
        ScheduledFuture<?> f = future;
        if (f != null) {
            f.cancel(false);
        }
        java.util.concurrent.ScheduledExecutorService executor;
        try {
            executor = scheduler.getScheduledExecutor();
        } catch (IllegalStateException notStarted) {
            finished.countDown();
            return;
        }
        executor.shutdown();
        if (!grace.isZero()) {
            try {
                if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("schedule: the running audit did not finish within {} s; stopping anyway",
                            grace.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        finished.countDown();
    }

    public int runs() {
        return runs.get();
    }
}
