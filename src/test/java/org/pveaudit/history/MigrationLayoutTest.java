package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite migrations moved from one folder into {@code common} and {@code sqlite}: a history file migrated
 * when they were all in {@code db/migration} still validates (same versions, descriptions, checksums) and is
 * current, so no existing installation has to do anything.
 */
class MigrationLayoutTest {

    @TempDir
    Path dir;

    @Test
    void aHistoryMigratedFromTheFlatFolderValidatesUnderTheSplitOne() throws IOException {
        Path flat = Files.createDirectories(dir.resolve("db-migration"));
        for (String location : SqlDialect.SQLITE.migrations()) {
            String folder = location.substring("classpath:".length());
            for (String name : List.of("V1__batch_schema.sql", "V2__audit_history.sql", "V3__waivers.sql",
                    "V4__history_tracking.sql", "V10__mail.sql", "V11__comparison_digests.sql",
                    "V12__last_known_state.sql", "V13__interrupted_runs.sql", "V14__review_campaigns.sql")) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(folder + "/" + name)) {
                    if (in != null) {
                        Files.copy(in, flat.resolve(name));
                    }
                }
            }
        }
        assertThat(flat.toFile().list()).hasSize(9);
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        Flyway.configure().dataSource(url, null, null).locations("filesystem:" + flat).load().migrate();

        Flyway split = Flyway.configure().dataSource(url, null, null)
                .locations(SqlDialect.SQLITE.migrations().toArray(String[]::new)).load();
        assertThat(split.validateWithResult().validationSuccessful).isTrue();
        assertThat(split.migrate().migrationsExecuted).isZero();
    }
}
