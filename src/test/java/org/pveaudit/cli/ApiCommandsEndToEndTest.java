package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.source.api.FakePve;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code audit}, {@code collect} and {@code check-access} against fake Proxmox nodes over HTTPS. */
@Tag("e2e")
class ApiCommandsEndToEndTest {

    @TempDir
    Path tmp;

    private FakePve pve;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void start() throws IOException {
        pve = new FakePve().serveProd();
        Path secret = tmp.resolve("token.secret");
        Files.writeString(secret, FakePve.SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        System.setProperty("PVE_AUDIT_CANARY", FakePve.SECRET);
        oldOut = System.out;
        oldErr = System.err;
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(new Tee(oldOut, both), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(oldErr, both), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.clearProperty("PVE_AUDIT_CANARY");
        pve.close();
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private String apiCluster(String name, String endpoint, String secretLine) {
        return "  - name: " + name + "\n    source: api\n    endpoints: [\"" + endpoint + "\"]\n"
                + "    token-id: \"" + FakePve.TOKEN_ID + "\"\n    " + secretLine + "\n"
                + "    fingerprint: \"" + FakePve.FINGERPRINT + "\"\n    retries: 1\n    retry-backoff: 0s\n"
                + "    request-timeout: 10s\n";
    }

    private Path config(String clusters) throws IOException {
        Path file = tmp.resolve("pve-audit.yml");
        Files.writeString(file, "clusters:\n" + clusters + "rules: [\"classpath:rules/baseline.yml\"]\n"
                + "report:\n  out: " + tmp.resolve("reports") + "\n  formats: [html, xlsx, json]\n"
                + "history:\n  database: " + tmp.resolve("audit.db") + "\n");
        return file;
    }

    private JsonNode findings() throws IOException {
        try (Stream<Path> files = Files.walk(tmp.resolve("reports"))) {
            Path json = files.filter(p -> p.getFileName().toString().equals("findings.json")).findFirst().orElseThrow();
            return JsonMapper.builder().build().readTree(Files.readString(json));
        }
    }

    @Test
    void oneClusterDownDoesNotStopTheOthersAndTheSecretNeverLeaks() throws IOException {
        Path cfg = config(apiCluster("prod", pve.endpoint(), "token-secret-file: token.secret")
                + apiCluster("down", FakePve.closedEndpoint(), "token-secret: ${PVE_AUDIT_CANARY}"));

        int exit = Main.run("audit", "-c", cfg.toString(), "--fail-on", "none", "-v");

        assertThat(exit).isEqualTo(3);
        JsonNode report = findings();
        List<String> clusters = new ArrayList<>();
        report.get("clusters").forEach(c -> clusters.add(c.get("name").asString() + ":" + c.get("status").asString()));
        assertThat(clusters).containsExactlyInAnyOrder("prod:EVALUATED", "down:NOT_AUDITED");
        report.get("clusters").forEach(c -> {
            if (c.get("name").asString().equals("down")) {
                assertThat(c.get("error").asString()).startsWith("cannot reach cluster down: https://127.0.0.1:");
            }
        });
        Set<String> prodFindings = new TreeSet<>();
        report.get("findings").forEach(f -> prodFindings.add(f.get("ruleId").asString() + " " + f.get("subject").asString()));
        assertThat(prodFindings).contains("PVE-TOKEN-001 root@pam!backup", "PVE-TOKEN-002 svc-ansible@pve!deploy",
                "PVE-ACL-001 /|@admins|Administrator");
        List<String> audit = new ArrayList<>();
        report.get("ruleOutcomes").forEach(o -> {
            if (o.get("ruleId").asString().startsWith("PVE-AUDIT")) {
                audit.add(o.get("cluster").asString() + " " + o.get("status").asString());
            }
        });
        assertThat(audit).hasSize(4).containsOnly("prod PASSED");
        assertThat(output()).contains("down: NOT AUDITED: cannot reach cluster down")
                .contains("cannot connect (connection refused)").doesNotContain("Exception");
        assertNoCanary(tmp);
    }

    @Test
    void collectThenAuditOfflineGivesTheFindingsOfTheLiveAudit() throws IOException {
        Path cfg = config(apiCluster("prod", pve.endpoint(), "token-secret-file: token.secret"));
        Path folder = tmp.resolve("snapshot");
        assertThat(Main.run("collect", "-c", cfg.toString(), "--cluster", "prod", "--out", folder.toString()))
                .isEqualTo(0);
        assertThat(output()).contains("prod: wrote 20 files to " + folder);
        assertThat(folder.resolve("access/users.json")).exists();
        assertThat(folder.resolve("pools/dept/team.json")).exists();
        assertThat(Files.readString(folder.resolve("access/domains/sso.json"))).contains("<redacted>");

        Path both = config(apiCluster("live", pve.endpoint(), "token-secret-file: token.secret")
                + "  - name: replay\n    source: snapshot\n    path: " + folder + "\n");
        assertThat(Main.run("audit", "-c", both.toString(), "--fail-on", "none")).isEqualTo(0);
        Set<String> live = new TreeSet<>();
        Set<String> replay = new TreeSet<>();
        findings().get("findings").forEach(f -> (f.get("cluster").asString().equals("live") ? live : replay)
                .add(f.get("ruleId").asString() + " " + f.get("subject").asString() + " " + f.get("message").asString()));
        assertThat(live).isNotEmpty().isEqualTo(replay);
        assertNoCanary(tmp);
    }

    @Test
    void aFailedReadFailsCollectAndWritesNothingPartial() throws IOException {
        Path cfg = config(apiCluster("prod", pve.endpoint(), "token-secret-file: token.secret"));
        Path folder = tmp.resolve("snapshot");
        assertThat(Main.run("collect", "-c", cfg.toString(), "--cluster", "prod", "--out", folder.toString()))
                .isEqualTo(0);
        String before = Files.readString(folder.resolve("access/acl.json"));

        pve.answer("/access/acl", com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503));
        assertThat(Main.run("collect", "-c", cfg.toString(), "--cluster", "prod", "--out", folder.toString()))
                .isEqualTo(3);
        assertThat(output()).contains("pve-audit: not collected: cluster prod: GET /access/acl failed: ")
                .contains("HTTP 503");
        assertThat(Files.readString(folder.resolve("access/acl.json"))).isEqualTo(before);
        Path other = tmp.resolve("other");
        assertThat(Main.run("collect", "-c", cfg.toString(), "--cluster", "prod", "--out", other.toString()))
                .isEqualTo(3);
        assertThat(other).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".partial-"));
        }
    }

    @Test
    void checkAccessSaysWhoItIsAndWhatItMayRead() throws IOException {
        Path cfg = config(apiCluster("prod", pve.endpoint(), "token-secret: ${PVE_AUDIT_CANARY}"));
        assertThat(Main.run("check-access", "-c", cfg.toString(), "--cluster", "prod")).isEqualTo(0);
        assertThat(output())
                .contains("authenticated as svc-netbox@pve!sync (token, privilege-separated, expires 2029-")
                .contains("Proxmox VE 9.1.4, cluster prod, nodes pve1, pve2, pve3")
                .contains("TLS: fingerprint (verified)")
                .contains("allowed  GET /access/users?full=1")
                .contains("privileges beyond reading: none")
                .contains("curl -sS --insecure -H 'Authorization: PVEAPIToken=svc-netbox@pve!sync=********' '"
                        + pve.endpoint() + "/api2/json/version'")
                .doesNotContain(FakePve.SECRET);

        pve.answer("/access/tfa", FakePve.forbidden("/access/groups", "Sys.Audit"));
        captured.reset();
        assertThat(Main.run("check-access", "-c", cfg.toString())).isEqualTo(3);
        assertThat(output()).contains("DENIED   GET /access/tfa").contains("missing Sys.Audit on /access/groups")
                .doesNotContain(FakePve.SECRET);
    }

    @Test
    void checkAccessWithAWrongSecretExits3() throws IOException {
        System.setProperty("PVE_AUDIT_CANARY", "wrong-" + FakePve.SECRET);
        Path cfg = config(apiCluster("prod", pve.endpoint(), "token-secret: ${PVE_AUDIT_CANARY}"));
        assertThat(Main.run("check-access", "-c", cfg.toString())).isEqualTo(3);
        assertThat(output()).contains("authentication failed for svc-netbox@pve!sync at " + pve.endpoint())
                .doesNotContain(FakePve.SECRET);
    }

    /** Neither the captured output nor any file written (reports, snapshot folder, database) holds the secret. */
    private void assertNoCanary(Path root) throws IOException {
        assertThat(output()).doesNotContain(FakePve.SECRET);
        byte[] canary = FakePve.SECRET.getBytes(StandardCharsets.UTF_8);
        List<Path> checked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().equals("token.secret")) {
                    continue;
                }
                checked.add(p);
                assertThat(indexOf(Files.readAllBytes(p), canary)).as("secret in %s", p).isEqualTo(-1);
                if (p.toString().endsWith(".db")) {   // snapshots are stored compressed: look inside them
                    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + p);
                         var rs = c.createStatement().executeQuery("SELECT snapshot_json FROM run_cluster "
                                 + "WHERE snapshot_json IS NOT NULL")) {
                        int snapshots = 0;
                        while (rs.next()) {
                            byte[] json = org.pveaudit.history.SnapshotStore.snapshotJson(rs.getBytes(1));
                            assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"users\"");
                            assertThat(indexOf(json, canary)).as("secret in a snapshot in %s", p).isEqualTo(-1);
                            snapshots++;
                        }
                        assertThat(snapshots).as("snapshots in %s", p).isPositive();
                    } catch (java.sql.SQLException e) {
                        throw new IOException(e);
                    }
                }
                if (p.toString().endsWith(".xlsx")) {   // compressed: look inside every entry
                    try (var zip = new java.util.zip.ZipFile(p.toFile())) {
                        for (var entry : java.util.Collections.list(zip.entries())) {
                            try (var in = zip.getInputStream(entry)) {
                                assertThat(indexOf(in.readAllBytes(), canary)).as("secret in %s!%s", p, entry)
                                        .isEqualTo(-1);
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).anyMatch(p -> p.getFileName().toString().equals("audit.db"))
                .anyMatch(p -> p.getFileName().toString().endsWith(".html"))
                .anyMatch(p -> p.getFileName().toString().endsWith(".xlsx"));
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Writes to the real stream and to the capture. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
