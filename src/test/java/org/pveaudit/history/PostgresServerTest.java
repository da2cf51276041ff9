package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The embedded server runs, and a migrated database is at this code's schema version with every table. */
class PostgresServerTest {

    @Test
    void aMigratedDatabaseIsAtTheCurrentSchemaVersion() {
        HistoryConnection c = PostgresServer.newMigratedDatabase();
        AuditHistory history = new AuditHistory(PostgresServer.dataSource(c), SqlDialect.POSTGRESQL, Checkpoint.NONE);
        assertThat(history.schemaVersion()).isEqualTo(AuditHistory.SCHEMA_VERSION);
        JdbcTemplate jdbc = new JdbcTemplate(PostgresServer.dataSource(c));
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                String.class)).contains("audit_run", "run_waiver", "run_mail", "review_decision", "batch_job_instance");
    }
}
