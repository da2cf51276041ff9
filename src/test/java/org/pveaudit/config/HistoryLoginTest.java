package org.pveaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.SqlDialect;

/** {@code history.database} on PostgreSQL: the dialect from the URL, and the login kept out of the file's text. */
class HistoryLoginTest {

    private static final String URL = "jdbc:postgresql://db.example.com:5432/pveaudit";

    @TempDir
    Path dir;

    private Path write(String history) throws IOException {
        Path file = dir.resolve("pve-audit.yml");
        Files.writeString(file, """
                clusters:
                  - name: prod
                    source: snapshot
                    path: data/prod
                history:
                """ + history.indent(2));
        return file;
    }

    @Test
    void theUrlChoosesTheDialectAndTlsSettingsPassThrough() {
        assertThat(new HistoryConfig("pve-audit.db", null, null).dialect()).isSameAs(SqlDialect.SQLITE);
        assertThat(new HistoryConfig("jdbc:sqlite:/var/lib/h.db", null, null).dialect()).isSameAs(SqlDialect.SQLITE);
        HistoryConfig pg = new HistoryConfig(URL + "?sslmode=verify-full&sslrootcert=/etc/ca.pem", null, null);
        assertThat(pg.dialect()).isSameAs(SqlDialect.POSTGRESQL);
        assertThat(pg.file()).isNull();
        assertThat(pg.jdbcUrl()).isEqualTo(URL + "?sslmode=verify-full&sslrootcert=/etc/ca.pem");
        assertThat(new HistoryConfig("pve-audit.db", null, null).jdbcUrl()).startsWith("jdbc:sqlite:pve-audit.db?")
                .contains("journal_mode=WAL");
    }

    @Test
    void aPasswordFileIsReadAndNeverShown() throws IOException {
        Files.writeString(dir.resolve("pg.secret"), "s3cret-pw\n");
        Path file = write("database: " + URL + "\nusername: audit\npassword-file: pg.secret\n");
        for (HistoryConfig h : new HistoryConfig[] {AuditConfigLoader.load(file).history(),
                AuditConfigLoader.history(file)}) {
            assertThat(h.connection().username()).isEqualTo("audit");
            assertThat(h.connection().password()).isEqualTo("s3cret-pw");
            assertThat(h.toString()).doesNotContain("s3cret-pw");
            assertThat(h.connection().toString()).doesNotContain("s3cret-pw").contains("<redacted>");
        }
    }

    @Test
    void aPasswordWrittenInTheFileIsRefusedWithItsLine() throws IOException {
        Path file = write("database: " + URL + "\nusername: audit\npassword: hunter2\n");
        for (Runnable load : new Runnable[] {() -> AuditConfigLoader.load(file),
                () -> AuditConfigLoader.history(file)}) {
            assertThatThrownBy(load::run).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(file + ":8:")
                    .hasMessageContaining("history.password: write an environment placeholder such as ${PGPASSWORD}")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void aPlaceholderOfAnUnsetVariableIsNamed() throws IOException {
        Path file = write("database: " + URL + "\nusername: audit\npassword: ${PVE_AUDIT_TEST_UNSET_PW}\n");
        assertThatThrownBy(() -> AuditConfigLoader.history(file))
                .hasMessageContaining("history.password: environment variable PVE_AUDIT_TEST_UNSET_PW is not set");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutPrintingIt() throws IOException {
        Path file = write("database: " + URL + "?user=audit&password=hunter2\nusername: audit\n");
        assertThatThrownBy(() -> AuditConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":6:")
                .hasMessageContaining("history.database: the URL carries a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void postgresNeedsAUserAndAFileNeedsNoLogin() throws IOException {
        assertThatThrownBy(() -> AuditConfigLoader.load(write("database: " + URL + "\n")))
                .hasMessageContaining("history.username: required for a jdbc:postgresql:// database");
        assertThatThrownBy(() -> AuditConfigLoader.load(write("database: h.db\nusername: audit\n")))
                .hasMessageContaining(":7:").hasMessageContaining("history.username: only for a jdbc:postgresql://");
        assertThatThrownBy(() -> AuditConfigLoader.load(write("database: jdbc:mysql://db/x\n")))
                .hasMessageContaining("history.database: 'jdbc:mysql://db/x' is neither a SQLite file nor");
        Path missing = write("database: " + URL + "\nusername: audit\npassword-file: nowhere.secret\n");
        assertThatThrownBy(() -> AuditConfigLoader.history(missing))
                .hasMessageContaining("history.password-file: file not found: ");
    }
}
