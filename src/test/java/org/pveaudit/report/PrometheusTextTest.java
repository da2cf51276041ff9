package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.report.MetricFamily.Sample;
import org.pveaudit.report.MetricFamily.Type;

/** The Prometheus text format as written: HELP and TYPE once, escaped label values, numbers, the atomic file. */
class PrometheusTextTest {

    @TempDir
    Path dir;

    private static final String HOSTILE = "a\\b\"c\nd} x=\"1\"";

    @Test
    void writesEachFamilyWithHelpAndTypeOnceBeforeItsSamples() {
        String text = PrometheusText.render(List.of(
                new MetricFamily("pve_audit_cluster_audited", Type.GAUGE, "1 when read", List.of(
                        new Sample(Map.of("cluster", "prod"), 1), new Sample(Map.of("cluster", "lab"), 0))),
                MetricFamily.single("pve_audit_run_duration_seconds", Type.GAUGE, "took", 1.25)));

        assertThat(text).isEqualTo("""
                # HELP pve_audit_cluster_audited 1 when read
                # TYPE pve_audit_cluster_audited gauge
                pve_audit_cluster_audited{cluster="prod"} 1
                pve_audit_cluster_audited{cluster="lab"} 0
                # HELP pve_audit_run_duration_seconds took
                # TYPE pve_audit_run_duration_seconds gauge
                pve_audit_run_duration_seconds 1.25
                """);
        assertThat(ExpositionParser.parse(text)).hasSize(3);
    }

    @Test
    void escapesBackslashQuoteAndLineFeedInLabelValuesSoAHostileNameStaysOneLabel() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cluster", HOSTILE);
        labels.put("severity", "high");
        String text = PrometheusText.render(List.of(new MetricFamily("pve_audit_findings", Type.GAUGE,
                "help with \\ and\nnewline", List.of(new Sample(labels, 3)))));

        assertThat(text).contains("pve_audit_findings{cluster=\"a\\\\b\\\"c\\nd} x=\\\"1\\\"\",severity=\"high\"} 3\n")
                .contains("# HELP pve_audit_findings help with \\\\ and\\nnewline\n");
        assertThat(text.lines()).hasSize(3);
        assertThat(ExpositionParser.parse(text)).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsExactly(Map.entry("cluster", HOSTILE), Map.entry("severity", "high"));
            assertThat(s.value()).isEqualTo(3);
        });
    }

    @Test
    void numbersAreWhatGoParsesWithoutNeedlessFractionsOrExponents() {
        assertThat(PrometheusText.number(3)).isEqualTo("3");
        assertThat(PrometheusText.number(0)).isEqualTo("0");
        assertThat(PrometheusText.number(0.0004)).isEqualTo("0.0004");
        assertThat(PrometheusText.number(1764943000.123)).isEqualTo("1764943000.123");
        assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void refusesNamesTheFormatDoesNotAllow() {
        assertThatThrownBy(() -> MetricFamily.single("pve-audit", Type.GAUGE, "x", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricFamily("ok", Type.GAUGE, "x", List.of(new Sample(Map.of("a-b", "1"), 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStrictParserRejectsWhatTheFormatForbids() {
        assertThatThrownBy(() -> ExpositionParser.parse("x 1\n")).hasMessageContaining("before its HELP");
        assertThatThrownBy(() -> ExpositionParser.parse("# HELP x a\n# TYPE x gauge\nx 1\n# HELP x b\n"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ExpositionParser.parse("# HELP x a\n# TYPE x gauge\nx{c=\"a\"b\"} 1\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExpositionParser.parse("# HELP x a\n# TYPE x gauge\nx{c=\"\\t\"} 1\n"))
                .hasMessageContaining("bad escape");
        assertThatThrownBy(() -> ExpositionParser.parse("# HELP x a\n# TYPE x histogramm\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacesTheFileInOneRenameAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("pve_audit.prom");
        Files.writeString(file, "old\n");

        MetricsFile.write(file, "# HELP x a\n# TYPE x gauge\nx 1\n");

        assertThat(file).hasContent("# HELP x a\n# TYPE x gauge\nx 1");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anUnwritableFolderIsOneLineNamingTheFileAndLeavesNothingBehind() throws Exception {
        Path notAFolder = dir.resolve("plain");
        Files.writeString(notAFolder, "");
        Path file = notAFolder.resolve("pve_audit.prom");

        assertThatThrownBy(() -> MetricsFile.write(file, "x"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot write metrics to " + file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception"));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(notAFolder);
        }
    }
}
