package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.ReportConfig;

/** Preparing an audit from a configuration file, without the command line or a Spring context. */
class AuditRequestLoaderTest {

    private static final Path SAMPLE = Path.of("sample-data/pve-audit.yml");

    @TempDir
    Path dir;

    @Test
    void loadsTheSampleConfigurationWithItsPacksAndFormats() {
        FailurePolicy policy = FailurePolicy.parse("medium", true);
        AuditRequest request = AuditRequestLoader.load(SAMPLE, List.of(), null, policy, List.of());
        assertThat(request.clusters()).extracting(c -> c.name()).containsExactly("prod", "lab", "branch");
        assertThat(request.packs()).isNotEmpty();
        assertThat(request.packs().get(0).rules()).isNotEmpty();
        assertThat(request.waivers()).isEmpty();
        assertThat(request.failOn()).isEqualTo(policy);
        assertThat(request.outDir()).isEqualTo(Path.of("reports"));
        assertThat(request.formats()).containsExactly(ReportConfig.ReportFormat.HTML, ReportConfig.ReportFormat.XLSX,
                ReportConfig.ReportFormat.JSON);
        assertThat(request.configHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void narrowsToTheChosenClustersAndTheRequestedFormatsAndFolder() {
        AuditRequest request = AuditRequestLoader.load(SAMPLE, List.of("lab"), dir, FailurePolicy.DEFAULT,
                List.of(" sarif", "CSV"));
        assertThat(request.clusters()).extracting(c -> c.name()).containsExactly("lab");
        assertThat(request.outDir()).isEqualTo(dir);
        assertThat(request.formats()).containsExactly(ReportConfig.ReportFormat.SARIF, ReportConfig.ReportFormat.CSV);
    }

    @Test
    void aConfigurationWithoutRulesGetsTheBundledBaseline() throws IOException {
        Path config = dir.resolve("pve-audit.yml");
        Files.createDirectories(dir.resolve("prod"));
        Files.writeString(config, """
                clusters:
                  - name: prod
                    source: snapshot
                    path: prod
                """);
        AuditRequest request = AuditRequestLoader.load(config, List.of(), null, FailurePolicy.DEFAULT, List.of());
        assertThat(request.packs()).hasSize(1);
        assertThat(request.packs().get(0).rules()).isNotEmpty();
    }

    @Test
    void anUnknownFormatOrClusterIsAConfigurationError() {
        assertThatThrownBy(() -> AuditRequestLoader.load(SAMPLE, List.of(), null, FailurePolicy.DEFAULT,
                List.of("pdf"))).isInstanceOf(ConfigException.class)
                .hasMessage("--format: 'pdf' is not one of html, xlsx, json, csv, sarif, junit, matrix");
        assertThatThrownBy(() -> AuditRequestLoader.load(SAMPLE, List.of("nowhere"), null, FailurePolicy.DEFAULT,
                List.of())).isInstanceOf(ConfigException.class).hasMessageContaining("nowhere");
    }
}
