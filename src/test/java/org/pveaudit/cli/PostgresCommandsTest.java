package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.HistoryConnection;
import org.pveaudit.history.PostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The commands against a history in PostgreSQL, configured as an operator would (URL, user, password file): a
 * failed run restarted, a replay, the reading commands, and a review campaign, unchanged.
 */
@Tag("e2e")
class PostgresCommandsTest {

    @TempDir
    Path work;

    @Test
    void restartReplayAndTheReadingCommandsWorkOnPostgres() throws IOException {
        HistoryFixture fx = new HistoryFixture(work);
        HistoryConnection pg = PostgresServer.newDatabase();
        Path password = work.resolve("pg-password");
        // the embedded server trusts local logins, so any password is accepted: what is tested is that it is read
        Files.writeString(password, "not-checked\n");
        String config = Files.readString(fx.config).replace("  database: " + fx.db, "  database: " + pg.url()
                + "\n  username: " + pg.username() + "\n  password-file: " + password);
        Files.writeString(fx.config, config);
        String cfg = fx.config.toString();

        HistoryFixture.Run failed = StopAt.around(StopAt.failing("report"), () -> HistoryFixture.run("audit", "-c",
                cfg, "--quiet"));
        assertThat(failed.exit()).as(failed.err()).isEqualTo(3);
        assertThat(failed.err()).contains("the run failed: test hook: failing at report");
        assertThat(fx.db).doesNotExist();

        HistoryFixture.Run restarted = HistoryFixture.run("audit", "-c", cfg, "--quiet", "--restart", "1");
        assertThat(restarted.exit()).as(restarted.err()).isEqualTo(1);
        JdbcTemplate jdbc = new JdbcTemplate(PostgresServer.dataSource(pg));
        assertThat(jdbc.queryForList("SELECT status || ' ' || restarts FROM audit_run", String.class))
                .containsExactly("COMPLETED 1");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM batch_step_execution WHERE step_name = 'report'",
                Integer.class)).isEqualTo(2);

        HistoryFixture.Run replayed = HistoryFixture.run("audit", "-c", cfg, "--quiet", "--replay", "1");
        assertThat(replayed.exit()).as(replayed.err()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT replay_of FROM audit_run WHERE id = 2", Long.class)).isEqualTo(1L);

        HistoryFixture.Run listed = HistoryFixture.run("history", "-c", cfg);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out().lines().filter(l -> l.contains("COMPLETED")).count()).isEqualTo(2);
        HistoryFixture.Run shown = HistoryFixture.run("history", "show", "1", "-c", cfg);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("prod");
        HistoryFixture.Run diff = HistoryFixture.run("diff", "-c", cfg, "1", "2");
        assertThat(diff.exit()).as(diff.err()).isZero();
        HistoryFixture.Run person = HistoryFixture.run("person", "-c", cfg, "root@pam");
        assertThat(person.err()).doesNotContain("Exception").doesNotContain("SQLite");
        // a command that writes: a review campaign started in PostgreSQL, then listed
        HistoryFixture.Run started = HistoryFixture.run("review", "start", "--name", "2027-Q1", "--due", "2027-03-31",
                "-c", cfg, "-o", work.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(work.resolve("review-2027-Q1.xlsx")).isNotEmptyFile();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM review_row", Integer.class)).isPositive();
        HistoryFixture.Run reviews = HistoryFixture.run("review", "status", "-c", cfg);
        assertThat(reviews.exit()).as(reviews.err()).isZero();
        assertThat(reviews.out()).contains("2027-Q1");
    }
}
