package org.pveaudit.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.rules.Severity;

/**
 * The geometry of a stacked bar chart of unwaived findings per severity over the last runs of a
 * cluster (or of all clusters), topped in grey by the earlier findings a run could not evaluate (their last known
 * state, so a coverage gap never looks like a drop), with a count axis, each bar's total and the run's date.
 * Only numbers, dates and colours go to the template, which draws the SVG itself: nothing from Proxmox is ever
 * written into the markup unescaped.
 */
final class TrendChart {

    static final int BAR = 18;
    static final int GAP = 8;
    /** Left margin for the count axis, top margin for the totals, bar area height. */
    private static final int AXIS = 24;
    private static final int TOP = 12;
    private static final int AREA = 100;
    private static final int MIN_WIDTH = 180;
    /** The width a "12-05" label takes at the chart's font size, with a little space. */
    private static final int DAY_LABEL = 32;
    private static final Map<Severity, String> COLOURS = Map.of(Severity.CRITICAL, "#b3261e", Severity.HIGH,
            "#e8710a", Severity.MEDIUM, "#f9d65c", Severity.LOW, "#a8dadc", Severity.INFO, "#c7ccd6");
    private static final String NOT_EVALUATED = "#e3e6ec";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private TrendChart() {
    }

    /** Bars (oldest first) for the completed runs before this one plus this run's own counts. */
    static Map<String, Object> of(List<TrendPoint> earlier, long runId, Instant started,
                                  Map<Severity, Integer> current, int currentUnevaluated) {
        List<TrendPoint> points = new ArrayList<>();
        earlier.stream().filter(p -> p.runId() < runId).forEach(points::add);
        points.add(new TrendPoint(runId, started, "", current, 0, 0, 0, currentUnevaluated));
        int max = 0;
        for (TrendPoint p : points) {
            max = Math.max(max, total(p) + p.unevaluated());
        }
        List<Map<String, Object>> bars = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            bars.add(bar(points.get(i), AXIS + 4 + i * (BAR + GAP), max));
        }
        // a date under the last bar of each day, newest first, where the label to its right leaves room
        int labelStart = Integer.MAX_VALUE;
        String shownDay = "";
        for (int i = bars.size() - 1; i >= 0; i--) {
            Map<String, Object> bar = bars.get(i);
            int x = (int) bar.get("x");
            if (bar.get("day").equals(shownDay) || x + DAY_LABEL > labelStart) {
                bar.put("day", "");
            } else {
                shownDay = (String) bar.get("day");
                labelStart = x;
            }
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("width", Math.max(MIN_WIDTH, AXIS + 4 + points.size() * (BAR + GAP)));
        chart.put("height", TOP + AREA + 26);
        chart.put("axis", AXIS);
        chart.put("top", TOP);
        chart.put("base", TOP + AREA);
        chart.put("max", max);
        chart.put("bar", BAR);
        chart.put("bars", bars);
        chart.put("range", DATE.format(points.get(0).startedAt()) + " to " + DATE.format(started));
        return chart;
    }

    /** The runs of every cluster added up per run, for the all-clusters chart. */
    static List<TrendPoint> combined(Map<String, List<TrendPoint>> byCluster) {
        Map<Long, TrendPoint> sum = new TreeMap<>();
        byCluster.values().forEach(points -> points.forEach(p -> sum.merge(p.runId(), p, TrendChart::add)));
        return List.copyOf(sum.values());
    }

    private static TrendPoint add(TrendPoint a, TrendPoint b) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        a.counts().forEach((s, n) -> counts.merge(s, n, Integer::sum));
        b.counts().forEach((s, n) -> counts.merge(s, n, Integer::sum));
        return new TrendPoint(a.runId(), a.startedAt(), "", counts, a.waived() + b.waived(),
                a.newFindings() + b.newFindings(), a.resolved() + b.resolved(), a.unevaluated() + b.unevaluated());
    }

    private static int total(TrendPoint p) {
        return p.counts().values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Object> bar(TrendPoint p, int x, int max) {
        List<Map<String, Object>> segments = new ArrayList<>();
        int y = TOP + AREA;
        for (Severity s : List.of(Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)) {
            int n = p.counts().getOrDefault(s, 0);
            y = segment(segments, y, n, max, COLOURS.get(s), n + " " + s.key());
        }
        y = segment(segments, y, p.unevaluated(), max, NOT_EVALUATED,
                p.unevaluated() + " not evaluated (last known state)");
        Map<String, Object> bar = new LinkedHashMap<>();
        bar.put("x", x);
        bar.put("run", p.runId());
        bar.put("date", DATE.format(p.startedAt()));
        bar.put("day", DAY.format(p.startedAt()));
        bar.put("total", total(p));
        bar.put("top", y - 2);
        bar.put("segments", segments);
        return bar;
    }

    /** Adds a segment of {@code n} findings above {@code y} (nothing when n is 0); returns the new top. */
    private static int segment(List<Map<String, Object>> segments, int y, int n, int max, String colour,
                               String label) {
        if (n == 0 || max == 0) {
            return y;
        }
        int h = Math.max(1, Math.round((float) n * AREA / max));
        Map<String, Object> seg = new LinkedHashMap<>();
        seg.put("y", y - h);
        seg.put("height", h);
        seg.put("colour", colour);
        seg.put("label", label);
        segments.add(seg);
        return y - h;
    }
}
