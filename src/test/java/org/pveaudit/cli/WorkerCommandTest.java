package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.job.ExitCode;

/**
 * Mistakes in a worker's or a manager's scale-out settings: one line naming the file (and line, where the file
 * has one), exit 2, no stack trace, and no worker started.
 */
class WorkerCommandTest {

    @TempDir
    Path work;

    private Path config(String text) throws IOException {
        Path file = work.resolve("worker.yml");
        Files.writeString(file, """
                clusters:
                  - name: prod
                    source: snapshot
                    path: %s
                    site: dc-east
                """.formatted(Path.of("sample-data/prod").toAbsolutePath()) + text);
        return file;
    }

    @Test
    void aWorkerNeedsTheBroker() throws IOException {
        Path file = config("");
        AuditCommandTest.Run run = AuditCommandTest.run("worker", "--site", "dc-east", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).containsExactly("pve-audit: " + file
                + ": scale-out.broker: required for a worker (the broker the manager sends the site's clusters to)");
    }

    @Test
    void aWorkerNeedsAClusterOfItsSite() throws IOException {
        Path file = config("scale-out:\n  broker: tcp://127.0.0.1:1\n");
        AuditCommandTest.Run run = AuditCommandTest.run("worker", "--site", "dc-west", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).containsExactly("pve-audit: " + file
                + ": no cluster of site dc-west (give the clusters this worker reads site: dc-west)");
    }

    @Test
    void aBrokerThatIsNotAUrlIsNamedWithItsLine() throws IOException {
        Path file = config("scale-out:\n  broker: broker.example:61616\n");
        AuditCommandTest.Run run = AuditCommandTest.run("worker", "--site", "dc-east", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).containsExactly("pve-audit: " + file + ":7:11: scale-out.broker: must be a "
                + "URL such as tcp://broker:61616 (TLS: tcp://broker:61617?sslEnabled=true&...)");
    }

    @Test
    void aBrokerPasswordWrittenInTheFileIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = config("scale-out:\n  broker: tcp://b:61616\n  user: audit\n  password: hunter2\n");
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).hasSize(1).first().asString().startsWith("pve-audit: " + file + ":9:")
                .contains("scale-out.password").doesNotContain("hunter2");
    }

    @Test
    void aSiteThatIsNotANameIsNamedWithItsLine() throws IOException {
        Path file = config("").resolveSibling("worker.yml");
        Files.writeString(file, Files.readString(file).replace("site: dc-east", "site: DC East"));
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).hasSize(1).first().asString()
                .startsWith("pve-audit: " + file + ":5:").contains("clusters[0].site: must be lower-case letters");
    }

    @Test
    void aManagerSiteIsNotAWorkerSite() throws IOException {
        Path file = config("scale-out:\n  broker: tcp://127.0.0.1:1\n");
        AuditCommandTest.Run run = AuditCommandTest.run("worker", "--site", "local", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("not 'local'");
    }

    @Test
    void onlyAClusterOfARemoteSiteMayLeaveItsSourceToTheWorkers() throws IOException {
        Path file = work.resolve("manager.yml");
        Files.writeString(file, "clusters:\n  - name: remote\n    site: dc-east\n  - name: here\n"
                + "scale-out:\n  broker: tcp://127.0.0.1:1\n");
        AuditCommandTest.Run run = AuditCommandTest.run("audit", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).containsExactly("pve-audit: " + file + ":4:11: clusters[1].source: must be one "
                + "of snapshot, usercfg, api (only a cluster of a remote site may leave it to the site's workers)");
    }

    @Test
    void aWorkerReadsItsSiteSClustersSoItNeedsTheirSource() throws IOException {
        Path file = work.resolve("worker.yml");
        Files.writeString(file, "clusters:\n  - name: prod\n    site: dc-east\nscale-out:\n  broker: tcp://127.0.0.1:1\n");
        AuditCommandTest.Run run = AuditCommandTest.run("worker", "--site", "dc-east", "-c", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.INPUT_ERROR);
        assertThat(run.err().lines()).containsExactly("pve-audit: " + file + ": cluster 'prod' of site dc-east has no "
                + "source: this worker reads it (source: snapshot, usercfg or api, with its settings)");
    }
}
