package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Storage that fails under an audit: a full disk (a real one, a tiny tmpfs, where mounting is permitted), a
 * read-only or damaged history database, a report folder that cannot be written. Each is one line on stderr
 * naming the file and the cause, exit 3, the runs recorded before intact, and a stdout that never reads as a
 * clean result.
 */
@Tag("e2e")
class StorageFailureTest {

    @TempDir
    Path work;

    /** Whether file permissions bind this process (they do not bind root). */
    private boolean permissionsBind() throws IOException {
        Path probe = Files.writeString(work.resolve("probe"), "x");
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r--r--r--"));
        boolean bind = !Files.isWritable(probe);
        Files.delete(probe);
        return bind;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The only line on stderr. */
    private static String oneLine(HistoryFixture.Run run) {
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("stderr:\n" + run.err()).hasSize(1);
        return lines.get(0);
    }

    /** The first run, completed, and its findings, to compare with after the failure. */
    private static List<List<Object>> firstRun(HistoryFixture fx) {
        assertThat(fx.audit().exit()).isEqualTo(1);
        return fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id");
    }

    private static void assertFailedRunSummary(HistoryFixture.Run run) {
        assertThat(run.out()).contains("pve-audit run 2: FAILED")
                .contains("prod (PVE 9.1.4): 4 critical, 11 high as evaluated before the run failed")
                .contains("reports: not written (the run failed)").contains("exit code 3")
                .doesNotContain("no findings");
    }

    @Test
    void aReportFolderThatIsAFileFailsTheRunNamingItAndRestartWritesTheReports() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        List<List<Object>> before = firstRun(fx);
        Path file = Files.writeString(work.resolve("not-a-folder"), "x");

        HistoryFixture.Run run = fx.audit("--out", file.toString());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(oneLine(run)).startsWith("pve-audit: the run failed: cannot write reports to " + file + "/")
                .endsWith(": not a directory");
        assertFailedRunSummary(run);
        assertThat(fx.query("SELECT id, status FROM audit_run ORDER BY id"))
                .containsExactly(List.of(1, "COMPLETED"), List.of(2, "FAILED"));
        assertThat(fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id")).isEqualTo(before);

        HistoryFixture.Run restarted = fx.audit("--restart", "2", "--out", work.resolve("reports").toString());
        assertThat(restarted.exit()).as(restarted.err()).isEqualTo(1);
        assertThat(fx.query("SELECT status FROM audit_run WHERE id = 2")).containsExactly(List.of("COMPLETED"));
    }

    /** Without root a folder of mode 0555; as root (whom modes do not stop) a tmpfs remounted read-only. */
    @Test
    void aReadOnlyReportFolderFailsTheRunNamingIt() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        List<List<Object>> before = firstRun(fx);
        Path out = work.resolve("read-only");
        TinyFileSystem fs = null;
        if (permissionsBind()) {
            Files.createDirectories(out);
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        } else {
            fs = TinyFileSystem.mount(out, "1m");
            fs.remountReadOnly();
        }
        try {
            HistoryFixture.Run run = fx.audit("--out", out.toString());
            assertThat(run.exit()).isEqualTo(3);
            assertThat(oneLine(run)).startsWith("pve-audit: the run failed: cannot write reports to " + out + "/")
                    .matches(".*: (read-only file system|permission denied)");
            assertFailedRunSummary(run);
            assertThat(fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id")).isEqualTo(before);
        } finally {
            if (fs != null) {
                fs.close();
            }
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFullDiskUnderTheReportsNamesTheFileLeavesNoPartOfItAndRestartWritesThem() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        List<List<Object>> before = firstRun(fx);
        Path small = work.resolve("small");
        try (TinyFileSystem fs = TinyFileSystem.mount(small, "64k")) {
            HistoryFixture.Run run = fx.audit("--out", small.toString(), "--format", "html,json");

            assertThat(run.exit()).isEqualTo(3);
            assertThat(oneLine(run)).matches("pve-audit: the run failed: cannot write " + small
                    + "/[0-9-]+-r2/(report.html|findings.json): no space left on device");
            assertFailedRunSummary(run);
            try (Stream<Path> left = Files.walk(small)) {
                assertThat(left.filter(Files::isRegularFile).toList()).as("no cut-off report is left").isEmpty();
            }
        }
        assertThat(fx.query("SELECT id, status FROM audit_run ORDER BY id"))
                .containsExactly(List.of(1, "COMPLETED"), List.of(2, "FAILED"));
        assertThat(fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id")).isEqualTo(before);
        HistoryFixture.Run restarted = fx.audit("--restart", "2", "--format", "html,json");
        assertThat(restarted.exit()).as(restarted.err()).isEqualTo(1);
    }

    @Test
    void aFullDiskUnderTheDatabaseIsOneLineAndTheEarlierHistoryStaysIntact() throws Exception {
        Path disk = work.resolve("disk");
        try (TinyFileSystem fs = TinyFileSystem.mount(disk, "16m")) {
            HistoryFixture fx = new HistoryFixture(disk);
            List<List<Object>> before = firstRun(fx);
            fs.fill(64 * 1024);

            HistoryFixture.Run run = fx.audit("--out", work.resolve("reports").toString());

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(oneLine(run)).startsWith("pve-audit: history database " + fx.db + ": no space left on device");
            assertThat(run.out()).doesNotContain("no findings");

            fs.freeUp();
            assertThat(fx.query("PRAGMA integrity_check")).containsExactly(List.of("ok"));
            assertThat(fx.query("SELECT status FROM audit_run WHERE id = 1")).containsExactly(List.of("COMPLETED"));
            assertThat(fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id")).isEqualTo(before);
            HistoryFixture.Run next = fx.audit("--out", work.resolve("reports").toString());
            assertThat(next.exit()).as(next.err()).isEqualTo(1);
            // the full run left nothing that counts: run 1 is the baseline of the next
            assertThat(fx.query("SELECT baseline_run, n_new FROM run_cluster WHERE run_id = (SELECT MAX(id) FROM "
                    + "audit_run)")).containsExactly(List.of(1, 0));
        }
    }

    @Test
    void aFileOfRandomBytesAsTheDatabaseIsOneLineExit3AndLeftUntouched() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        byte[] noise = new byte[50_000];
        new Random(12).nextBytes(noise);
        Files.write(fx.db, noise);
        String hash = sha256(fx.db);

        HistoryFixture.Run run = fx.audit();

        assertThat(run.exit()).isEqualTo(3);
        assertThat(oneLine(run)).isEqualTo("pve-audit: history database " + fx.db + ": not a SQLite database (the "
                + "file is damaged, or history.database names another file); it was left as it is");
        assertThat(run.out()).isEmpty();
        assertThat(sha256(fx.db)).isEqualTo(hash);
        assertThat(work.resolve("history.db-wal")).doesNotExist();
    }

    @Test
    void aDatabaseWithADamagedSchemaPageIsOneLineExit3() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        firstRun(fx);
        byte[] db = Files.readAllBytes(fx.db);
        byte[] noise = new byte[3_000];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, db, 100, noise.length); // the header stays, the schema on page 1 is gone
        Files.write(fx.db, db);

        HistoryFixture.Run run = fx.audit();

        assertThat(run.exit()).isEqualTo(3);
        assertThat(oneLine(run)).startsWith("pve-audit: history database " + fx.db + ": ")
                .matches(".*(damaged|not a SQLite database).*").doesNotContain("Exception").doesNotContain("bean");
        assertThat(run.out()).isEmpty();
    }

    /**
     * A database the process may not write: through a read-only SQLite URL (everywhere), or the file itself
     * read-only (mode 0444 without root; as root, whom modes do not stop, immutable with chattr +i).
     */
    @ParameterizedTest
    @ValueSource(strings = {"url", "file"})
    void aReadOnlyDatabaseIsOneLineExit3AndTheHistoryStaysAsItWas(String how) throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        List<List<Object>> before = firstRun(fx);
        String config = Files.readString(fx.config);
        boolean immutable = false;
        if (how.equals("url")) {
            Files.writeString(fx.config, config.replace("database: " + fx.db,
                    "database: \"jdbc:sqlite:file:" + fx.db + "?mode=ro\""));
        } else if (permissionsBind()) {
            Files.setPosixFilePermissions(fx.db, PosixFilePermissions.fromString("r--r--r--"));
        } else {
            immutable = chattr("+i", fx.db);
            Assumptions.assumeTrue(immutable, "as root only an immutable file is read-only, and chattr +i is not "
                    + "available here; the read-only URL case covers the same code");
        }
        try {
            HistoryFixture.Run run = fx.audit();
            assertThat(run.exit()).isEqualTo(3);
            assertThat(oneLine(run)).isEqualTo("pve-audit: history database " + fx.db + ": read-only (the file, its "
                    + "folder or its file system does not allow writing)");
            assertThat(run.out()).isEmpty();
        } finally {
            if (immutable) {
                chattr("-i", fx.db);
            }
            Files.setPosixFilePermissions(fx.db, PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(fx.config, config);
        }
        assertThat(fx.query("SELECT id, status FROM audit_run ORDER BY id")).containsExactly(List.of(1, "COMPLETED"));
        assertThat(fx.query("SELECT * FROM finding WHERE run_id = 1 ORDER BY id")).isEqualTo(before);
        assertThat(fx.audit().exit()).isEqualTo(1);
    }

    private static boolean chattr(String flag, Path file) {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
