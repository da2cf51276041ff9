package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code history} and {@code diff} run without {@code -c} in the folder where the audit ran (cron's or
 * systemd's, with the configuration elsewhere): they read {@code ./pve-audit.db}, or say what to pass. Each
 * command runs in its own JVM, since only a process has a working directory of its own.
 */
@Tag("e2e")
class HistoryWhereTheAuditRanTest {

    @TempDir
    Path work;

    record Result(int exit, String out, String err) {
    }

    /** {@code pve-audit ARGS} run in {@code dir}. */
    private static Result runIn(Path dir, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
                "org.pveaudit.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir.getParent(), "out", ".txt");
        Path err = Files.createTempFile(dir.getParent(), "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultDatabaseOfTheFolderIsReadOrTheMessageSaysWhatToPass() throws Exception {
        Path etc = Files.createDirectories(work.resolve("etc"));
        Path ran = Files.createDirectories(work.resolve("var"));
        Path empty = Files.createDirectories(work.resolve("empty"));
        // as the audit writes it when run in var/ with the default history.database
        Path db = ran.resolve("pve-audit.db");
        Path cfg = Files.writeString(etc.resolve("pve-audit.yml"), """
                clusters:
                  - {name: prod, source: snapshot, path: %s}
                rules: [%s]
                report:
                  out: %s
                  formats: [json]
                history:
                  database: %s
                """.formatted(HistoryFixture.SAMPLES.resolve("prod"),
                Path.of("src/test/resources/seed-rules.yml").toAbsolutePath(), work.resolve("reports"), db));
        assertThat(HistoryFixture.run("audit", "-c", cfg.toString()).exit()).isEqualTo(1);
        assertThat(HistoryFixture.run("audit", "-c", cfg.toString()).exit()).isEqualTo(1);

        Result history = runIn(ran, "history");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out().lines().filter(l -> l.matches("\\s+[12]\\s+.*COMPLETED.*")).count()).isEqualTo(2);
        Result diff = runIn(ran, "diff", "1", "2");
        assertThat(diff.exit()).as(diff.err()).isZero();
        assertThat(diff.out()).startsWith("diff run 1 (").contains("prod: findings +0 -0 ~0");

        Result none = runIn(empty, "history");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("pve-audit: no pve-audit.yml and no pve-audit.db in " + empty
                + ": pass -c FILE (the audit's configuration) or --database FILE (its history database)\n");
        assertThat(runIn(empty, "diff", "1", "2").err()).isEqualTo(none.err());

        // a configuration whose history.database is relative, read from another folder than the audit's
        Path relative = Files.writeString(etc.resolve("relative.yml"), """
                clusters:
                  - {name: prod, source: snapshot, path: %s}
                history:
                  database: pve-audit.db
                """.formatted(HistoryFixture.SAMPLES.resolve("prod")));
        Result elsewhere = runIn(empty, "history", "-c", relative.toString());
        assertThat(elsewhere.exit()).isEqualTo(2);
        assertThat(elsewhere.err()).isEqualTo("pve-audit: no history database at " + empty.resolve("pve-audit.db")
                + " (history.database 'pve-audit.db' is relative to the folder the audit runs in): run this command "
                + "there, or pass --database FILE\n");
        assertThat(runIn(ran, "history", "-c", relative.toString()).exit()).isZero();
    }
}
