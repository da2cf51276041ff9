package org.pveaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditConfigLoader#history}: where the reading commands find the history database. */
class HistoryLocationTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("pve-audit.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsOnlyHistoryDatabaseWithoutValidatingTheRest() throws IOException {
        // the clusters are not valid (no source), which the reading commands must not care about
        Path config = write("""
                clusters:
                  - name: prod
                history:
                  database: /var/lib/pve-audit/history.db
                """);
        assertThat(AuditConfigLoader.history(config).file()).isEqualTo(Path.of("/var/lib/pve-audit/history.db"));
    }

    @Test
    void withoutTheKeyTheDefaultDatabase() throws IOException {
        assertThat(AuditConfigLoader.history(write("clusters: []\n")).database()).isEqualTo("pve-audit.db");
        assertThat(AuditConfigLoader.history(write("history:\n  database:\n")).database()).isEqualTo("pve-audit.db");
    }

    @Test
    void aPlaceholderGoesThroughTheFullLoader() throws IOException {
        Path config = write("""
                clusters:
                  - name: prod
                    source: snapshot
                    path: prod
                history:
                  database: ${PVE_AUDIT_NO_SUCH_VARIABLE:fallback.db}
                """);
        assertThat(AuditConfigLoader.history(config).database()).isEqualTo("fallback.db");
    }

    @Test
    void aMissingFileOrAFolderIsNamed() {
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> AuditConfigLoader.history(missing)).isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": configuration file not found");
        assertThatThrownBy(() -> AuditConfigLoader.history(dir)).isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": is a directory, not a configuration file");
    }
}
