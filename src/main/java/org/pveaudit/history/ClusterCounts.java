package org.pveaudit.history;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.rules.Severity;

/**
 * One cluster of one run with its counts, as the history step stored them: unwaived findings per
 * severity, waived ones, and the comparison with {@code baselineRun} (the previous completed run
 * of the cluster; null for its first run). Counts are null until the history step has run.
 * {@code unevaluated} counts earlier findings whose rule this run could not evaluate (their state is
 * unknown); {@code notCompared} lists the datasets access drift could not compare (null: none).
 */
public record ClusterCounts(long runId, String cluster, ClusterRun.Status status, String pveVersion, String error,
                            List<String> gaps, Long baselineRun, Integer critical, Integer high, Integer medium,
                            Integer low, Integer info, Integer waived, Integer newFindings, Integer open,
                            Integer regressed, Integer resolved, Integer drift, Integer unevaluated,
                            String notCompared) {

    public ClusterCounts {
        gaps = List.copyOf(gaps);
    }

    public boolean counted() {
        return critical != null;
    }

    /** Unwaived findings per severity, critical first. */
    public Map<Severity, Integer> bySeverity() {
        Map<Severity, Integer> m = new EnumMap<>(Severity.class);
        m.put(Severity.CRITICAL, n(critical));
        m.put(Severity.HIGH, n(high));
        m.put(Severity.MEDIUM, n(medium));
        m.put(Severity.LOW, n(low));
        m.put(Severity.INFO, n(info));
        return m;
    }

    /** Unwaived findings of every severity. */
    public int total() {
        return n(critical) + n(high) + n(medium) + n(low) + n(info);
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
