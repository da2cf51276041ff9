package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pve-audit schedule}: two audits on a cron every second, then a clean stop. */
@Tag("e2e")
class ScheduleCommandTest {

    @TempDir
    Path work;

    private Path config() throws Exception {
        Path samples = Path.of("sample-data").toAbsolutePath();
        Path file = work.resolve("pve-audit.yml");
        Files.writeString(file, """
                clusters:
                  - {name: branch, source: usercfg, user-cfg: %1$s/branch/user.cfg,
                     domains-cfg: %1$s/branch/domains.cfg, pve-version: "9.1"}
                rules: [%2$s]
                report:
                  out: %3$s
                history:
                  database: %4$s
                """.formatted(samples, Path.of("rules/baseline.yml").toAbsolutePath(), work.resolve("reports"),
                work.resolve("history.db")));
        return file;
    }

    @Test
    void runsTwoScheduledAuditsOneAtATimeAndStops() throws Exception {
        AuditCommandTest.Run run = AuditCommandTest.run("schedule", "-c", config().toString(), "--cron", "* * * * * *",
                "--max-runs", "2", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> runs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("history.db"));
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT id, status, exit_code, started_at, finished_at FROM audit_run ORDER BY id")) {
            String previousEnd = null;
            while (rs.next()) {
                runs.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getInt(3));
                if (previousEnd != null) {
                    assertThat(rs.getString(4)).as("one at a time").isGreaterThanOrEqualTo(previousEnd);
                }
                previousEnd = rs.getString(5);
            }
        }
        assertThat(runs).containsExactly("1 COMPLETED 1", "2 COMPLETED 1");
        var folders = new org.pveaudit.report.ReportFolders(work.resolve("reports")).list();
        assertThat(folders).hasSize(2);
        assertThat(work.resolve("reports/latest").toRealPath()).isEqualTo(folders.get(0).dir().toRealPath());
        assertThat(Files.readString(work.resolve("reports/index.html")))
                .contains(folders.get(0).dir().getFileName() + "/report.html")
                .contains(folders.get(1).dir().getFileName() + "/report.html");
    }

    @Test
    void aBadCronExpressionOrConfigurationIsAUsageError() throws Exception {
        AuditCommandTest.Run bad = AuditCommandTest.run("schedule", "-c", config().toString(), "--cron", "0 0 2 * *");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--cron: '0 0 2 * *' is not a cron expression with six fields");
        AuditCommandTest.Run missing = AuditCommandTest.run("schedule", "-c", work.resolve("nope.yml").toString(),
                "--cron", "0 0 2 * * *");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("configuration file not found");
    }
}
