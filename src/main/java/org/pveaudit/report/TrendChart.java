package org.pveaudit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.rules.Severity;

/**
 * The geometry of a stacked bar chart of unwaived findings per severity over the last runs of a
 * cluster. Only numbers and colours go to the template, which draws the SVG itself: nothing from
 * Proxmox is ever written into the markup unescaped.
 */
final class TrendChart {

    static final int HEIGHT = 120;
    static final int BAR = 18;
    static final int GAP = 8;
    private static final Map<Severity, String> COLOURS = Map.of(Severity.CRITICAL, "#b3261e", Severity.HIGH,
            "#e8710a", Severity.MEDIUM, "#f9d65c", Severity.LOW, "#a8dadc", Severity.INFO, "#c7ccd6");

    private TrendChart() {
    }

    /** Bars (oldest first) for the completed runs before this one plus this run's own counts. */
    static Map<String, Object> of(List<TrendPoint> earlier, long runId, Map<Severity, Integer> current) {
        List<Map<Severity, Integer>> series = new ArrayList<>();
        List<Long> runs = new ArrayList<>();
        for (TrendPoint p : earlier) {
            if (p.runId() < runId) {
                series.add(p.counts());
                runs.add(p.runId());
            }
        }
        series.add(current);
        runs.add(runId);
        int max = series.stream().mapToInt(c -> c.values().stream().mapToInt(Integer::intValue).sum()).max().orElse(0);
        List<Map<String, Object>> bars = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            List<Map<String, Object>> segments = new ArrayList<>();
            int y = HEIGHT;
            int total = 0;
            for (Severity s : List.of(Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)) {
                int n = series.get(i).getOrDefault(s, 0);
                total += n;
                if (n == 0 || max == 0) {
                    continue;
                }
                int h = Math.max(1, Math.round((float) n * (HEIGHT - 14) / max));
                y -= h;
                Map<String, Object> seg = new LinkedHashMap<>();
                seg.put("y", y);
                seg.put("height", h);
                seg.put("colour", COLOURS.get(s));
                seg.put("label", n + " " + s.key());
                segments.add(seg);
            }
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
