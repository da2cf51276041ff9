package org.pveaudit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.rules.Severity;

/**
 * The geometry of a stacked bar chart of unwaived findings per severity over the last runs of a
 * cluster, topped in grey by the earlier findings a run could not evaluate (their last known state,
 * so a coverage gap never looks like a drop). Only numbers and colours go to the template, which draws the SVG itself: nothing from
 * Proxmox is ever written into the markup unescaped.
 */
final class TrendChart {

    static final int HEIGHT = 120;
    static final int BAR = 18;
    static final int GAP = 8;
    private static final Map<Severity, String> COLOURS = Map.of(Severity.CRITICAL, "#b3261e", Severity.HIGH,
            "#e8710a", Severity.MEDIUM, "#f9d65c", Severity.LOW, "#a8dadc", Severity.INFO, "#c7ccd6");

    private static final String NOT_EVALUATED = "#e3e6ec";

    private TrendChart() {
    }

    /** Adds a segment of {@code n} findings above {@code y} (nothing when n is 0); returns the new top. */
    private static int segment(List<Map<String, Object>> segments, int y, int n, int max, String colour,
                               String label) {
        if (n == 0 || max == 0) {
            return y;
        }
        int h = Math.max(1, Math.round((float) n * (HEIGHT - 14) / max));
        Map<String, Object> seg = new LinkedHashMap<>();
        seg.put("y", y - h);
        seg.put("height", h);
        seg.put("colour", colour);
        seg.put("label", label);
        segments.add(seg);
        return y - h;
    }

    /** Bars (oldest first) for the completed runs before this one plus this run's own counts. */
    static Map<String, Object> of(List<TrendPoint> earlier, long runId, Map<Severity, Integer> current,
                                  int currentUnevaluated) {
        List<Map<Severity, Integer>> series = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        List<Long> runs = new ArrayList<>();
        for (TrendPoint p : earlier) {
            if (p.runId() < runId) {
                series.add(p.counts());
                unknown.add(p.unevaluated());
                runs.add(p.runId());
            }
        }
        series.add(current);
        unknown.add(currentUnevaluated);
        runs.add(runId);
        int max = 0;
        for (int i = 0; i < series.size(); i++) {
            max = Math.max(max, series.get(i).values().stream().mapToInt(Integer::intValue).sum() + unknown.get(i));
        }
        List<Map<String, Object>> bars = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<Map<String, Object>> segments = new ArrayList<>();
            int y = HEIGHT;
            int total = 0;
            for (Severity s : List.of(Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)) {
                int n = series.get(i).getOrDefault(s, 0);
                total += n;
                y = segment(segments, y, n, max, COLOURS.get(s), n + " " + s.key());
            }
            int n = unknown.get(i);
            y = segment(segments, y, n, max, NOT_EVALUATED, n + " not evaluated (last known state)");
            Map<String, Object> bar = new LinkedHashMap<>();
            bar.put("x", i * (BAR + GAP));
            bar.put("run", runs.get(i));
            bar.put("total", total);
            bar.put("top", y - 3);
            bar.put("segments", segments);
            bars.add(bar);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("width", series.size() * (BAR + GAP));
        chart.put("height", HEIGHT + 14);
        chart.put("bar", BAR);
        chart.put("bars", bars);
        return chart;
    }
}
