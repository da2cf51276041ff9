package org.pveaudit.job;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterRun;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * For an interactive terminal: one line per cluster as its collection ends,
 * {@code [2/3] prod: 48 users, 12 tokens, 9 groups, 61 ACL entries, 5 pools (0.4 s)}. Registered by the
 * runner only when stderr is a terminal and neither {@code --quiet} nor {@code --log-format json} is set.
 */
public final class ClusterProgress implements StepExecutionListener {

    /** The step context key under which the collect step (here or on a worker) leaves what it collected. */
    public static final String CONTENTS = "collected";

    private final java.util.function.Supplier<AuditHistory> history;
    private final int total;
    private final PrintStream out;
    private final AtomicInteger done = new AtomicInteger();

    /** @param history the run's history, looked up when the first cluster is done */
    public ClusterProgress(java.util.function.Supplier<AuditHistory> history, int total, PrintStream out) {
        this.history = history;
        this.total = total;
        this.out = out;
    }

    /** Whether a person is watching: a console, and output not meant for machines. */
    public static boolean interactive() {
        return System.console() != null;
    }

    @Override
    public synchronized org.springframework.batch.core.ExitStatus afterStep(StepExecution step) {
        try {
            String cluster = step.getExecutionContext().getString("cluster", null);
            if (cluster != null) {
                long runId = step.getJobParameters().getLong("runId");
                out.println(line(cluster, step.getExecutionContext().getString(CONTENTS, null), runId,
                        seconds(step)));
                out.flush();
            }
        } catch (RuntimeException e) {
            // progress is cosmetic; never fail a step for it
        }
        return null;
    }

    private String line(String cluster, String contents, long runId, String took) {
        return "[" + done.incrementAndGet() + "/" + total + "] " + cluster + ": "
                + (contents != null ? contents : notAudited(cluster, runId)) + " (" + took + ")";
    }

    private String notAudited(String cluster, long runId) {
        ClusterRun run = history.get().clusters().of(runId).stream().filter(c -> c.cluster().equals(cluster))
                .findFirst().orElse(null);
        return "NOT AUDITED" + (run == null || run.error() == null ? "" : ": " + oneLine(run.error()));
    }

    private static String seconds(StepExecution step) {
        LocalDateTime start = step.getStartTime();
        LocalDateTime end = step.getEndTime() != null ? step.getEndTime() : LocalDateTime.now();
        long ms = start == null ? 0 : Duration.between(start, end).toMillis();
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("[\\r\\n]+", " ").strip();
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }
}
