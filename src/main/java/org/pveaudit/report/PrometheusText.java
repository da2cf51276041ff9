package org.pveaudit.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Metric families in the Prometheus text exposition format 0.0.4: {@code # HELP} and {@code # TYPE} once per
 * family before its samples, label values and help text escaped as the format says.
 */
public final class PrometheusText {

    /** The Content-Type of the format, for an HTTP answer. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder();
        for (MetricFamily f : families) {
            out.append("# HELP ").append(f.name()).append(' ').append(escapeHelp(f.help())).append('\n');
            out.append("# TYPE ").append(f.name()).append(' ').append(f.type().name().toLowerCase(Locale.ROOT))
                    .append('\n');
            for (MetricFamily.Sample s : f.samples()) {
                out.append(f.name()).append(labels(s.labels())).append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        return labels.entrySet().stream().map(e -> e.getKey() + "=\"" + escapeLabel(e.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A label value: backslash, double quote and line feed escaped (cluster names come from the operator's files). */
    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Help text: backslash and line feed escaped (a double quote is literal there). */
    static String escapeHelp(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** A value as Go's ParseFloat reads it: integers without a fraction, never an exponent for ordinary ones. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
