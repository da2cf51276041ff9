package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file the command line cannot read: one line saying which and why, in plain words. */
class ReadErrorsTest {

    @TempDir
    Path work;

    private static AuditNoticesTest.Run run(String... args) {
        return AuditNoticesTest.run(args);
    }

    @Test
    void rulesCheckSaysWhyItCannotReadTheFile() throws IOException {
        Path missing = work.resolve("missing.yml");
        AuditNoticesTest.Run run = run("rules", "check", missing.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("pve-audit: " + missing + ": cannot read rule file: no such file\n");

        assertThat(run("rules", "check", work.toString()).err())
                .isEqualTo("pve-audit: " + work + ": cannot read rule file: is a directory\n");

        Path locked = Files.writeString(work.resolve("locked.yml"), "pack: x\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running as root: every file is readable");
        assertThat(run("rules", "check", locked.toString()).err())
                .isEqualTo("pve-audit: " + locked + ": cannot read rule file: permission denied\n");
    }

    @Test
    void theAuditSaysWhyItCannotReadItsConfigurationOrWaivers() throws IOException {
        AuditNoticesTest.Run folder = run("audit", "-c", work.toString());
        assertThat(folder.exit()).isEqualTo(2);
        assertThat(folder.err()).isEqualTo("pve-audit: " + work + ": is a directory, not a configuration file\n");

        Path cfg = Files.writeString(work.resolve("pve-audit.yml"), """
                clusters:
                  - {name: prod, source: snapshot, path: %s}
                waivers: waivers.yml
                history:
                  database: %s
                """.formatted(HistoryFixture.SAMPLES.resolve("prod"), work.resolve("history.db")));
        AuditNoticesTest.Run waivers = run("audit", "-c", cfg.toString());
        assertThat(waivers.exit()).isEqualTo(2);
        assertThat(waivers.err()).isEqualTo("pve-audit: " + work.resolve("waivers.yml")
                + ": cannot read waivers file: no such file\n");

        assertThat(run("history", "-c", work.toString()).err())
                .isEqualTo("pve-audit: " + work + ": is a directory, not a configuration file\n");
    }
}
