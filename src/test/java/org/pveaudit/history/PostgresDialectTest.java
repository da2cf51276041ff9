package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** How PostgreSQL's connections of the history behave: readers cannot write, a stop's update cannot hang. */
class PostgresDialectTest {

    private static final HistoryConnection PG = PostgresServer.newMigratedDatabase();

    @Test
    void aReaderCannotWrite() throws SQLException {
        JdbcTemplate reader = new JdbcTemplate(SqlDialect.POSTGRESQL.openForReading(PG));
        assertThat(reader.queryForObject("SELECT COUNT(*) FROM audit_run", Integer.class)).isNotNull();
        assertThatThrownBy(() -> reader.update("DELETE FROM audit_run")).hasMessageContaining("read-only");
    }

    @Test
    void theStopSignalsUpdateGivesUpOnARowLockInsteadOfHanging() throws SQLException {
        long run = new AuditHistory(PostgresServer.dataSource(PG), SqlDialect.POSTGRESQL, Checkpoint.NONE).runs()
                .start("v", "c", "p", "high");
        try (Connection step = PG.connect(); Statement s = step.createStatement()) {
            // a step's open transaction holds the run's row, as when the signal comes inside one
            step.setAutoCommit(false);
            s.executeUpdate("UPDATE audit_run SET exit_code = 0 WHERE id = " + run);
            long start = System.nanoTime();
            try (Connection hook = SqlDialect.POSTGRESQL.connectBriefly(PG, Duration.ofSeconds(1))) {
                assertThatThrownBy(() -> RunStore.markInterrupted(hook, run, 30)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("lock timeout");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            step.rollback();
        }
        try (Connection hook = SqlDialect.POSTGRESQL.connectBriefly(PG, Duration.ofSeconds(1))) {
            assertThat(RunStore.markInterrupted(hook, run, 2)).isTrue();
        }
    }
}
