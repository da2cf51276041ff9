package org.pveaudit.history;

import java.time.Instant;
import java.util.Map;
import org.pveaudit.rules.Severity;

/**
 * Unwaived finding counts per severity of one cluster in one completed run, for trend charts;
 * {@code unevaluated} counts earlier findings whose rule the run could not evaluate (state unknown).
 */
public record TrendPoint(long runId, Instant startedAt, String cluster, Map<Severity, Integer> counts,
                         int waived, int newFindings, int resolved, int unevaluated) {

    public TrendPoint {
        counts = Map.copyOf(counts);
    }
}
