package org.pveaudit.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How many clusters a run works on at once. Reading waits on the network, so {@code collect} may exceed the
 * processors; evaluating and analysing a cluster for the reports takes a processor and that cluster's working
 * set in memory, so {@code evaluate} defaults to the number of processors (the launcher's heap cap holds two
 * clusters of 20,000 ACL entries per processor, docs/performance.md).
 */
public record ParallelConfig(@Min(value = 1, message = "must be between 1 and 64")
                             @Max(value = 64, message = "must be between 1 and 64") Integer collect,
                             @Min(value = 1, message = "must be between 1 and 64")
                             @Max(value = 64, message = "must be between 1 and 64") Integer evaluate) {

    /** Clusters read at once unless configured. */
    public static final int DEFAULT_COLLECT = 8;

    public ParallelConfig {
        collect = collect == null ? DEFAULT_COLLECT : collect;
        evaluate = evaluate == null ? Runtime.getRuntime().availableProcessors() : evaluate;
    }
}
