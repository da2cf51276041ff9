package org.pveaudit.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ClusterWorkTest {

    @Test
    void resultsComeInTheOrderOfTheItemsWhicheverEndsFirst() {
        List<Integer> out = ClusterWork.map(List.of(30, 0, 10), 3, ms -> {
            sleep(ms);
            return ms;
        });
        assertThat(out).containsExactly(30, 0, 10);
    }

    @Test
    void runsAtMostParallelismAtOnceOnThreadsOfItsOwn() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ClusterWork.map(List.of(1, 2, 3, 4, 5, 6), 2, i -> {
            threads.add(Thread.currentThread().getName());
            sleep(5);
            return i;
        });
        assertThat(threads).hasSize(2).allMatch(t -> t.startsWith("cluster-"));
    }

    @Test
    void slicesOfAtLeastTheMinimumEachOnAThreadGiveResultsInItemOrder() {
        List<Integer> items = java.util.stream.IntStream.range(0, 1_000).boxed().toList();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Integer> doubled = ClusterWork.mapInSlices(items, 3, 300, slice -> {
            threads.add(Thread.currentThread().getName());
            sizes.add(slice.size());
            return slice.stream().map(i -> 2 * i).toList();
        });
        assertThat(doubled).isEqualTo(items.stream().map(i -> 2 * i).toList());
        assertThat(sizes).hasSize(3).allMatch(n -> n >= 300);
        assertThat(threads).hasSize(3);
        // fewer items than two slices' minimum: one slice, in the calling thread
        assertThat(ClusterWork.mapInSlices(items.subList(0, 500), 3, 300,
                slice -> List.of(Thread.currentThread().getName()))).containsExactly(Thread.currentThread().getName());
    }

    /** The report step deletes every file of a failed step: no writer may still be running when it does. */
    @Test
    void aFailureIsThrownOnlyOnceTheOtherTasksHaveEnded() {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean otherEnded = new AtomicBoolean();
        AtomicBoolean endedBeforeThrow = new AtomicBoolean();
        assertThatThrownBy(() -> {
            try {
                ClusterWork.map(List.of("fails", "slow"), 2, item -> {
                    if (item.equals("slow")) {
                        started.countDown();
                        try {
                            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                            while (System.nanoTime() < until) { // ignores the interrupt, as a busy writer would
                                Thread.onSpinWait();
                            }
                        } finally {
                            otherEnded.set(true);
                        }
                        return item;
                    }
                    await(started);
                    throw new IllegalStateException("no space left on device");
                });
            } finally {
                endedBeforeThrow.set(otherEnded.get());
            }
        }).isInstanceOf(IllegalStateException.class).hasMessage("no space left on device");
        assertThat(endedBeforeThrow).as("the slow task had ended when map threw").isTrue();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
