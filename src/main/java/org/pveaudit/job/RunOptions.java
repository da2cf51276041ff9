package org.pveaudit.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How to run an audit beyond what the configuration says.
 *
 * @param replayOf  evaluate the snapshots stored by this run instead of reading the clusters
 * @param restart   restart this failed or abandoned run (Spring Batch resumes after its last completed step)
 * @param waitForLock wait for another running audit instead of exiting
 * @param only      for a replay: only these clusters of the stored run (empty: all)
 * @param notice    receives one-line notices (waiting for the lock, abandoned runs found, a run stopped)
 * @param stopGrace on SIGTERM or Ctrl-C, how long the run may go on before it is marked INTERRUPTED: zero for
 *                  {@code audit} (at once), {@code schedule}'s {@code --stop-timeout}, which lets a run finish
 * @param metricsFile where to write the run's Prometheus metrics ({@code --metrics-file}); null: the configuration's
 *                    {@code report.metrics}, if any
 */
public record RunOptions(Long replayOf, Long restart, boolean waitForLock, List<String> only,
                         Consumer<String> notice, Duration stopGrace, Path metricsFile) {

    public static final RunOptions DEFAULT = new RunOptions(null, null, false, List.of(), m -> { });

    public RunOptions {
        only = only == null ? List.of() : List.copyOf(only);
        notice = notice == null ? m -> { } : notice;
        stopGrace = stopGrace == null || stopGrace.isNegative() ? Duration.ZERO : stopGrace;
    }

    public RunOptions(Long replayOf, Long restart, boolean waitForLock, List<String> only,
                      Consumer<String> notice, Duration stopGrace) {
        this(replayOf, restart, waitForLock, only, notice, stopGrace, null);
    }

    /** The same options writing the metrics to {@code file} (null: as the configuration says). */
    public RunOptions withMetricsFile(Path file) {
        return new RunOptions(replayOf, restart, waitForLock, only, notice, stopGrace, file);
    }

    /** Options of a run that is marked INTERRUPTED at once when the process is stopped. */
    public RunOptions(Long replayOf, Long restart, boolean waitForLock, List<String> only,
                      Consumer<String> notice) {
        this(replayOf, restart, waitForLock, only, notice, Duration.ZERO);
    }
}
