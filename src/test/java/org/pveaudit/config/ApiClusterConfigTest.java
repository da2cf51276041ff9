package org.pveaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.source.api.Secret;

class ApiClusterConfigTest {

    static final String SECRET = "canary-0c5e-config-SECRET";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("PVE_AUDIT_TEST_SECRET");
    }

    private Path config(String cluster) throws IOException {
        Path file = dir.resolve("pve-audit.yml");
        Files.writeString(file, "clusters:\n  - name: prod\n    source: api\n" + cluster);
        return file;
    }

    private static final String TOKEN = """
                endpoints: [https://pve1.example.com:8006, "https://pve2.example.com:8006/"]
                token-id: "svc-audit@pve!audit"
            """;

    @Test
    void anEnvironmentPlaceholderIsResolvedAndNeverPrinted() throws IOException {
        System.setProperty("PVE_AUDIT_TEST_SECRET", SECRET);
        AuditConfig cfg = AuditConfigLoader.load(config(TOKEN + "    token-secret: ${PVE_AUDIT_TEST_SECRET}\n"));
        ClusterConfig c = cfg.clusters().get(0);
        assertThat(c.tokenSecret()).isEqualTo(SECRET);
        assertThat(c.toString()).doesNotContain(SECRET).contains("tokenSecret=<redacted>");
        assertThat(cfg.toString()).doesNotContain(SECRET);
        assertThat(c.maxParallelRequests()).isEqualTo(4);
        assertThat(c.retries()).isEqualTo(2);
        assertThat(c.insecure()).isFalse();
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.endpoints()).hasSize(2);
    }

    @Test
    void aSecretWrittenIntoTheFileIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = config(TOKEN + "    token-secret: " + SECRET + "\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pve-audit.yml:6:19: clusters[0].token-secret: write an environment placeholder")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void anUnsetVariableIsNamed() throws IOException {
        Path file = config(TOKEN + "    token-secret: ${PVE_AUDIT_NOT_SET_ANYWHERE}\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(file))
                .hasMessageContaining("clusters[0].token-secret: environment variable PVE_AUDIT_NOT_SET_ANYWHERE is not set");
    }

    @Test
    void secretFilesAreResolvedAgainstTheConfigFolderAndMustExist() throws IOException {
        Files.writeString(dir.resolve("token"), SECRET + "\n");
        AuditConfig cfg = AuditConfigLoader.load(config(TOKEN + "    token-secret-file: token\n"
                + "    fingerprint: \"" + "AB:".repeat(31) + "AB\"\n    request-timeout: 5s\n    retry-backoff: 0s\n"));
        ClusterConfig c = cfg.clusters().get(0);
        assertThat(c.tokenSecretFile()).isEqualTo(dir.resolve("token").toString());
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retryBackoff()).isZero();

        Path missing = config(TOKEN + "    token-secret-file: nope\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(missing))
                .hasMessageContaining("clusters[0].token-secret-file: file not found");
    }

    @Test
    void requiredAndConflictingApiSettingsAreReported() throws IOException {
        assertThatThrownBy(() -> AuditConfigLoader.load(config("    token-id: \"a@pve!b\"\n")))
                .hasMessageContaining("clusters[0].endpoints: required for source 'api'");
        assertThatThrownBy(() -> AuditConfigLoader.load(config("    endpoints: [https://h:8006]\n")))
                .hasMessageContaining("clusters[0].token-id: required for source 'api'");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(TOKEN)))
                .hasMessageContaining("clusters[0].token-secret: required");
        assertThatThrownBy(() -> AuditConfigLoader.load(config("    endpoints: [http://h:8006]\n")))
                .hasMessageContaining("clusters[0].endpoints[0]: 'http://h:8006' must be an https URL");
        System.setProperty("PVE_AUDIT_TEST_SECRET", SECRET);
        String ok = TOKEN + "    token-secret: ${PVE_AUDIT_TEST_SECRET}\n";
        assertThatThrownBy(() -> AuditConfigLoader.load(config(ok + "    insecure: true\n    fingerprint: AB\n")))
                .hasMessageContaining("clusters[0].insecure: cannot be combined with ca-file or fingerprint");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(ok + "    fingerprint: AB:CD\n")))
                .hasMessageContaining("clusters[0].fingerprint: not a SHA-256 fingerprint");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(ok + "    max-parallel-requests: 0\n")))
                .hasMessageContaining("clusters[0].max-parallel-requests: must be between 1 and 64");
        assertThatThrownBy(() -> AuditConfigLoader.load(config(ok + "    username: svc-audit@pve\n")))
                .hasMessageContaining("set either token-id or username");
        assertThat(AuditConfigLoader.load(config(ok + "    insecure: true\n")).clusters().get(0).insecure()).isTrue();
    }

    @Test
    void aPasswordFileForATicketLogin() throws IOException {
        Files.writeString(dir.resolve("pw"), SECRET);
        ClusterConfig c = AuditConfigLoader.load(config("""
                    endpoints: [https://pve1:8006]
                    username: svc-audit@pve
                    password-file: pw
                    ca-file: pw
                """)).clusters().get(0);
        assertThat(c.username()).isEqualTo("svc-audit@pve");
        assertThat(c.toString()).doesNotContain(SECRET);
    }

    @Test
    void aSecretFileReadableByOthersIsWarnedAbout() throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new ArrayList<>();
        Secret.fromFile(file).checkPermissions("token-secret-file", warnings);
        assertThat(warnings).singleElement().asString().contains("readable by group or others")
                .doesNotContain(SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        warnings.clear();
        Secret.fromFile(file).checkPermissions("token-secret-file", warnings);
        assertThat(warnings).isEmpty();
        assertThat(Secret.fromFile(file).toString()).doesNotContain(SECRET);
        assertThat(Secret.of(SECRET).toString()).isEqualTo("********");
    }
}
