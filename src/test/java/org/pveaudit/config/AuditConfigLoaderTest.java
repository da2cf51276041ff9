package org.pveaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("pve-audit.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void bindsClustersAndResolvesInputPathsAgainstTheFile() throws IOException {
        AuditConfig config = AuditConfigLoader.load(write("""
                clusters:
                  - name: prod
                    source: snapshot
                    path: data/prod
                  - name: branch
                    source: usercfg
                    user-cfg: /abs/user.cfg
                    pve-version: "8.4"
                rules: [rules/mine.yml]
                report:
                  formats: [json]
                """));
        assertThat(config.clusters()).hasSize(2);
        assertThat(config.clusters().get(0).path()).isEqualTo(dir.resolve("data/prod").toString());
        assertThat(config.clusters().get(1).source()).isEqualTo(ClusterConfig.SourceKind.USERCFG);
        assertThat(config.clusters().get(1).userCfg()).isEqualTo("/abs/user.cfg");
        assertThat(config.clusters().get(1).pveVersion()).isEqualTo("8.4");
        assertThat(config.rules()).containsExactly(dir.resolve("rules/mine.yml").toString());
        assertThat(config.report().formats()).containsExactly(ReportConfig.ReportFormat.JSON);
        assertThat(config.report().out()).isEqualTo("reports");
        assertThat(config.history().database()).isEqualTo("pve-audit.db");
        assertThat(config.history().jdbcUrl()).startsWith("jdbc:sqlite:pve-audit.db?journal_mode=WAL");
    }

    @Test
    void anUnknownSourceKindNamesFileLineAndKey() throws IOException {
        Path file = write("""
                clusters:
                  - name: prod
                    source: snapshto
                    path: x
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3:13: clusters[0].source: 'snapshto' is not one of snapshot, usercfg, api");
    }

    @Test
    void aMisspelledKeyIsRejectedNotIgnored() throws IOException {
        Path file = write("""
                clusters:
                  - name: prod
                    source: snapshot
                    pth: x
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessage(file + ":4:10: clusters[0].pth: unknown setting");
    }

    @Test
    void aSourceWithoutItsSettingNamesTheMissingKey() throws IOException {
        Path file = write("""
                clusters:
                  - name: branch
                    source: usercfg
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessage(file + ":3:13: clusters[0].user-cfg: required for source 'usercfg'");
    }

    @Test
    void validationMessagesNameTheKey() throws IOException {
        Path file = write("""
                clusters:
                  - name: "bad name!"
                    source: snapshot
                    path: x
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessageStartingWith(file + ":2:11: clusters[0].name: must be letters, digits");
    }

    @Test
    void parallelismDefaultsToEightReadsAndOneEvaluationPerProcessorAndIsBounded() throws IOException {
        AuditConfig defaults = AuditConfigLoader.load(write("clusters:\n  - {name: a, source: snapshot, path: x}\n"));
        assertThat(defaults.parallel().collect()).isEqualTo(8);
        assertThat(defaults.parallel().evaluate()).isEqualTo(Runtime.getRuntime().availableProcessors());
        AuditConfig set = AuditConfigLoader.load(write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                parallel: {collect: 3, evaluate: 1}
                """));
        assertThat(set.parallel()).isEqualTo(new ParallelConfig(3, 1));
        Path zero = write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                parallel:
                  evaluate: 0
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(zero))
                .hasMessageStartingWith(zero + ":4:13: parallel.evaluate: must be between 1 and 64");
    }

    @Test
    void theMetricsFileIsAnOutputRelativeToTheWorkingDirectoryLikeTheReportFolder() throws IOException {
        AuditConfig set = AuditConfigLoader.load(write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                report:
                  metrics: textfile/pve_audit.prom
                """));
        assertThat(set.report().metrics()).isEqualTo("textfile/pve_audit.prom");
        assertThat(set.clusters().get(0).path()).as("an input, resolved against the file's folder")
                .isNotEqualTo("x");
        assertThat(AuditConfigLoader.load(write("clusters:\n  - {name: a, source: snapshot, path: x}\n"))
                .report().metrics()).isNull();
    }

    @Test
    void theReportBaseUrlIsAnHttpAddress() throws IOException {
        AuditConfig set = AuditConfigLoader.load(write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                report:
                  base-url: https://audit.example.com/pve/
                """));
        assertThat(set.report().baseUrl()).isEqualTo("https://audit.example.com/pve/");
        assertThat(AuditConfigLoader.load(write("clusters:\n  - {name: a, source: snapshot, path: x}\n"))
                .report().baseUrl()).isNull();
        Path ftp = write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                report:
                  base-url: "ftp://files.example.com/<x>"
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(ftp))
                .hasMessageStartingWith(ftp + ":4:13: report.base-url: must be an http:// or https:// address");
        Path none = write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                report:
                  keep-runs: 0
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(none))
                .hasMessageStartingWith(none + ":4:14: report.keep-runs: must be at least 1");
    }

    @Test
    void reportFoldersFollowTheHistorysRetentionUnlessTheyHaveTheirOwn() throws IOException {
        String cluster = "clusters:\n  - {name: a, source: snapshot, path: x}\n";
        AuditConfig follows = AuditConfigLoader.load(write(cluster + "history: {keep-runs: 2}\n"));
        assertThat(follows.report().followsHistory(follows.history())).isTrue();
        AuditConfig byDays = AuditConfigLoader.load(write(cluster + "history: {keep-days: 90}\n"));
        assertThat(byDays.report().followsHistory(byDays.history())).isTrue();
        AuditConfig own = AuditConfigLoader.load(write(cluster + "history: {keep-runs: 2}\nreport: {keep-days: 30}\n"));
        assertThat(own.report().followsHistory(own.history())).as("an explicit report.keep-* wins").isFalse();
        AuditConfig keepAll = AuditConfigLoader.load(write(cluster));
        assertThat(keepAll.report().followsHistory(keepAll.history())).as("nothing to follow").isFalse();
    }

    @Test
    void duplicateClusterNamesAreRejected() throws IOException {
        Path file = write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                  - {name: a, source: snapshot, path: y}
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(file)).hasMessageContaining("duplicate cluster name 'a'");
    }

    @Test
    void noClustersIsAnError() throws IOException {
        Path file = write("rules: [x.yml]\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessageContaining("clusters: at least one cluster must be configured");
    }

    @Test
    void brokenYamlAndMissingFilesGiveOneLine() throws IOException {
        Path file = write("clusters: [\n  - name: x\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessageStartingWith(file + ":2:3: not valid YAML").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(dir.resolve("nope.yml")))
                .hasMessage(dir.resolve("nope.yml") + ": configuration file not found");
        assertThatThrownBy(() -> AuditConfigLoader.load(dir))
                .hasMessage(dir + ": is a directory, not a configuration file");
    }

    @Test
    void aWrongValueIsDescribedInTheConfigurationsWordsNotJavas() throws IOException {
        Path file = write("""
                clusters:
                  - {name: a, source: snapshot, path: x, connect-timeout: soon}
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessage(file + ":2:59: clusters[0].connect-timeout: 'soon' is not a duration such as 30s, 5m "
                        + "or PT1H");
        Path retries = write("""
                clusters:
                  - {name: a, source: snapshot, path: x}
                history: {keep-runs: many}
                """);
        assertThatThrownBy(() -> AuditConfigLoader.load(retries))
                .hasMessageEndingWith("history.keep-runs: 'many' is not a whole number");
    }
}
