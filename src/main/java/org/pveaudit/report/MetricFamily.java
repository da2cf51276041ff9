package org.pveaudit.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One metric family of the Prometheus text format: its name, type, help text and samples. */
public record MetricFamily(String name, Type type, String help, List<Sample> samples) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public MetricFamily {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        samples = List.copyOf(samples);
        for (Sample s : samples) {
            s.labels().keySet().stream().filter(l -> !LABEL.matcher(l).matches() || l.startsWith("__")).findFirst()
                    .ifPresent(l -> {
                        throw new IllegalArgumentException("not a label name: " + l);
                    });
        }
    }

    /** A family of one sample without labels. */
    public static MetricFamily single(String name, Type type, String help, double value) {
        return new MetricFamily(name, type, help, List.of(new Sample(Map.of(), value)));
    }

    /** The metric types this tool writes. */
    public enum Type { GAUGE, COUNTER }

    /** One sample: label values (untrusted text, escaped when written) in the order given, and its value. */
    public record Sample(Map<String, String> labels, double value) {

        public Sample {
            // the caller's order is the order written: stable files diff well
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }
}
