package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.declared.AccessComparison;
import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.declared.DeclaredAccessFile;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

/** {@code pve-audit declared export} on the history of one audit of the three sample clusters. */
@Tag("e2e")
class DeclaredCommandTest {

    @TempDir
    static Path audited;

    @TempDir
    Path work;

    static Path db;

    @BeforeAll
    static void audit() throws IOException {
        db = HistoryFixture.auditedSamples(audited);
    }

    private static HistoryFixture.Run export(Path database, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "declared";
        all[1] = "export";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--database";
        all[args.length + 3] = database.toString();
        return HistoryFixture.run(all);
    }

    @Test
    void theYamlOfTheLatestRunReadsBackAndDeclaresWhatTheClusterHolds() {
        HistoryFixture.Run r = export(db, "--cluster", "lab");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("# Declared access exported by pve-audit from cluster 'lab', audit run 1 (read ");
        DeclaredAccess read = DeclaredAccessFile.parse("out", r.out().getBytes(StandardCharsets.UTF_8));
        ClusterSnapshot lab = new SnapshotFolderSource("lab", HistoryFixture.SAMPLES.resolve("lab"), null).collect();
        assertThat(read.users()).isNotEmpty();
        assertThat(read.acl()).hasSize(lab.acl().size());
        assertThat(AccessComparison.of(read, lab)).isEmpty();
        assertThat(r.out()).doesNotContain("root@pam\"\n    enabled");
    }

    @Test
    void hclGoesToTheFileNamedAndStdoutSaysWhatWasWritten() throws IOException {
        Path file = work.resolve("branch.tf");
        HistoryFixture.Run r = export(db, "--cluster", "branch", "--run", "1", "--format", "hcl", "-o",
                file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        ClusterSnapshot branch = new UserCfgSource("branch", HistoryFixture.SAMPLES.resolve("branch/user.cfg"),
                HistoryFixture.SAMPLES.resolve("branch/domains.cfg"), "9.1", UserCfgParser.Mode.FAIL).collect();
        long users = branch.users().stream().filter(u -> !u.id().equals("root@pam")).count();
        assertThat(r.out()).startsWith("wrote " + file + ": " + users + " users, " + branch.groups().size()
                + " groups, ").endsWith(" tokens of branch in run 1\n");
        String tf = Files.readString(file);
        assertThat(tf).startsWith("# Declared access exported by pve-audit from cluster 'branch', audit run 1");
        assertThat(tf.lines().filter(l -> l.startsWith("resource \"proxmox_virtual_environment_user\" "))).hasSize(
                (int) users);
        assertThat(tf).contains("resource \"proxmox_virtual_environment_acl\" ")
                .contains("resource \"proxmox_virtual_environment_user_token\" ");
    }

    @Test
    void theDatabaseFromTheConfigurationIsUsedWithDashC() {
        HistoryFixture.Run r = HistoryFixture.run("declared", "export", "--cluster", "prod", "-c",
                audited.resolve("pve-audit.yml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("cluster 'prod', audit run 1");
    }

    @Test
    void anUnknownClusterIsOneLineAndExitTwo() {
        HistoryFixture.Run r = export(db, "--cluster", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("pve-audit: no cluster 'nope' in run 1 (clusters: branch, lab, prod)\n");
    }

    @Test
    void anUnknownRunIsOneLineAndExitTwo() {
        HistoryFixture.Run r = export(db, "--cluster", "lab", "--run", "99");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pve-audit: no audit run 99 in the history\n");
    }

    @Test
    void aClusterNotCollectedInTheRunIsOneLineAndExitTwo() throws IOException {
        Path copy = Files.copy(db, work.resolve("copy.db"));
        sql(copy, "UPDATE run_cluster SET status = 'NOT_AUDITED', error = 'connection refused' WHERE cluster = 'lab'");
        HistoryFixture.Run r = export(copy, "--cluster", "lab");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pve-audit: lab was not collected in run 1: connection refused\n");
    }

    @Test
    void withoutACompletedRunItIsOneLineAndExitTwo() throws IOException {
        Path copy = Files.copy(db, work.resolve("copy.db"));
        sql(copy, "UPDATE audit_run SET status = 'FAILED'");
        HistoryFixture.Run r = export(copy, "--cluster", "lab");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pve-audit: no completed audit run in the history; run 'pve-audit audit' "
                + "first\n");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        HistoryFixture.Run r = export(db, "--cluster", "lab", "--format", "json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("pve-audit: --format is yaml or hcl, not 'json'\n");
    }

    private static void sql(Path database, String statement) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate(statement)).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
