package org.pveaudit.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs one task per cluster, at most {@code parallelism} at once, and returns the results in the order of the
 * clusters. Each task holds one cluster's working set, so memory grows with the parallelism times the largest
 * cluster, not with the number of clusters. The first failure (in cluster order) is thrown as it was, once no
 * task of the call runs any more (the others are interrupted): a caller cleaning up after a failure races nothing.
 * The report step uses it too, for the formats it writes side by side.
 */
public final class ClusterWork {

    private ClusterWork() {
    }

    /** A sensible default: every processor, but not more clusters at once than there are. */
    public static int defaultParallelism() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static <T, R> List<R> map(List<T> items, int parallelism, Function<T, R> task) {
        int threads = Math.max(1, Math.min(parallelism, items.size()));
        if (threads == 1) {
            return items.stream().map(task).toList();
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cluster-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            items.forEach(i -> futures.add(pool.submit(() -> task.apply(i))));
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                out.add(result(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
            awaitEnd(pool);
        }
    }

    /** Every task here computes or writes and then ends; an interrupt of the caller is kept for after. */
    private static void awaitEnd(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Maps every item, the items cut into at most {@code threads} slices of at least {@code minPerSlice} each and
     * one slice mapped per thread ({@code perSlice} maps each item of its slice, with scratch space of its own where
     * it needs some); the results in the order of the items. One slice runs in the calling thread.
     */
    public static <T, R> List<R> mapInSlices(List<T> items, int threads, int minPerSlice,
                                             Function<List<T>, List<R>> perSlice) {
        int slices = Math.max(1, Math.min(threads, items.size() / minPerSlice));
        List<List<T>> cut = IntStream.range(0, slices)
                .mapToObj(i -> items.subList(items.size() * i / slices, items.size() * (i + 1) / slices)).toList();
        List<R> out = new ArrayList<>(items.size());
        map(cut, slices, perSlice).forEach(out::addAll);
        return out;
    }

    private static <R> R result(Future<R> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
