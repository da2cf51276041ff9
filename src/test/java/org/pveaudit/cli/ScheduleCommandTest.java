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
    void writesTheMetricsFileAfterEachRunAndServesTheSameTextOnTheLoopbackPort() throws Exception {
        Path metrics = work.resolve("pve_audit.prom");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String[] args = {"schedule", "-c", config().toString(), "--cron", "* * * * * *", "--max-runs", "3",
                "--quiet", "--metrics-file", metrics.toString(), "--metrics-port", String.valueOf(port)};
        java.util.concurrent.CompletableFuture<AuditCommandTest.Run> schedule =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> AuditCommandTest.run(args));
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        String served = null;
        String written = null;
        // the file changes only as a run ends, seconds apart: a fetch between two reads of it that agree is the file
        for (int i = 0; i < 600 && !schedule.isDone() && (served == null || !served.equals(written)); i++) {
            Thread.sleep(100);
            if (Files.exists(metrics)) {
                String before = Files.readString(metrics);
                try {
                    var response = client.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
                    served = response.statusCode() == 200 ? response.body() : null;
                    written = before.equals(Files.readString(metrics)) ? before : null;
                } catch (java.io.IOException closed) {
                    served = null;
                }
            }
        }
        AuditCommandTest.Run run = schedule.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(served).isNotNull().isEqualTo(written).contains("pve_audit_cluster_audited{cluster=\"branch\"} 1\n");
        assertThat(Files.readString(metrics)).contains("pve_audit_last_run_exit_code 1\n");
        org.pveaudit.report.ExpositionParser.parse(Files.readString(metrics));
        try (java.net.Socket after = new java.net.Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> after.connect(
                    new java.net.InetSocketAddress("127.0.0.1", port), 1000))).as("closed once the schedule ends")
                    .isNotNull();
        }
    }

    @Test
    void aMetricsPortWithoutAMetricsFileIsAUsageError() throws Exception {
        AuditCommandTest.Run run = AuditCommandTest.run("schedule", "-c", config().toString(), "--cron",
                "0 0 2 * * *", "--metrics-port", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--metrics-port needs --metrics-file or report.metrics");
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
