package org.pveaudit.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronTrigger;

class AuditSchedulerTest {

    @Test
    void stopLetsTheRunningAuditFinishAndStartsNoOther() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean completed = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        AuditScheduler scheduler = new AuditScheduler(new CronTrigger("* * * * * *"), () -> {
            started.countDown();
            try {
                release.await();
                completed.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }, 0);
        CompletableFuture<Integer> runs = CompletableFuture.supplyAsync(() -> {
            try {
                return scheduler.runUntilStopped();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        // what the SIGTERM hook does, while a run is in progress
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> scheduler.stop(Duration.ofSeconds(30)));
        release.countDown();
        stop.get(30, TimeUnit.SECONDS);
        assertThat(runs.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(completed).isTrue();
        assertThat(interrupted).isFalse();
    }

    @Test
    void stopsAfterMaxRuns() throws Exception {
        AuditScheduler scheduler = new AuditScheduler(new CronTrigger("* * * * * *"), () -> { }, 2);
        assertThat(scheduler.runUntilStopped()).isEqualTo(2);
    }
}
