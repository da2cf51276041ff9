package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The permissions, explain and who-can commands, including their one-line errors. */
class CliTest {

    private static final String CFG = """
            user:alice@pve:1:0::::::
            user:bob@pve:0:0::::::
            token:alice@pve!ci:0:1::
            group:ops:alice@pve,bob@pve:
            role:Power:VM.PowerMgmt,VM.Audit:
            acl:1:/vms:@ops:Power:
            acl:1:/:alice@pve!ci:PVEAuditor:
            pool:p1::150:local:
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private Path cfg;

    @BeforeEach
    void redirect() throws IOException {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        cfg = dir.resolve("user.cfg");
        Files.writeString(cfg, CFG);
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        return Main.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fullMatrixAsJsonLines() {
        assertThat(run("permissions", "--user-cfg", cfg.toString(), "--format", "jsonl")).isZero();
        String[] lines = out().split("\n");
        // 4 principals (alice, alice!ci, bob, root) x 16 paths
        assertThat(lines).hasSize(4 * 16);
        assertThat(lines[0]).isEqualTo("{\"principal\":\"alice@pve\",\"path\":\"/\",\"privs\":[]}");
        assertThat(out()).contains("{\"principal\":\"alice@pve!ci\",\"path\":\"/vms/150\",\"privs\":[\"VM.Audit\"]}")
                .contains("{\"principal\":\"bob@pve\",\"path\":\"/vms\",\"privs\":[\"VM.Audit\",\"VM.PowerMgmt\"]}");
        assertThat(lines[lines.length - 1]).startsWith("{\"principal\":\"root@pam\",\"path\":\"/vms/150\"");
    }

    @Test
    void filteredPermissionsAsTable() {
        assertThat(run("permissions", "--user-cfg", cfg.toString(), "--principal", "bob@pve", "--path", "/vms/1000/"))
                .isZero();
        assertThat(out()).contains("bob@pve").contains("/vms/1000").contains("VM.Audit,VM.PowerMgmt").contains("latent");
    }

    @Test
    void filteredPermissionsAsJsonl() {
        assertThat(run("permissions", "--user-cfg", cfg.toString(), "--principal", "alice@pve!ci", "--path", "/",
                "--format", "jsonl")).isZero();
        assertThat(out()).isEqualTo("{\"principal\":\"alice@pve!ci\",\"path\":\"/\",\"privs\":[]}\n");
    }

    @Test
    void explainTextAndJson() {
        assertThat(run("explain", "--user-cfg", cfg.toString(), "--principal", "alice@pve!ci", "--path", "/vms")).isZero();
        assertThat(out()).contains("DECIDES").contains("acl:1:/:alice@pve!ci:PVEAuditor").contains("owner:");
        out.reset();
        assertThat(run("explain", "--user-cfg", cfg.toString(), "--principal", "bob@pve", "--path", "/vms/1", "--json"))
                .isZero();
        assertThat(out()).startsWith("{\"principal\":\"bob@pve\",\"path\":\"/vms/1\",\"latent\":true,")
                .contains("\"reason\":\"PROPAGATED\"");
    }

    @Test
    void whoCanAtPathAndEverywhere() {
        assertThat(run("who-can", "--user-cfg", cfg.toString(), "--privilege", "VM.PowerMgmt", "--path", "/vms/7"))
                .isZero();
        assertThat(out()).isEqualTo("alice@pve\nbob@pve  (latent)\nroot@pam\n");
        out.reset();
        assertThat(run("who-can", "--user-cfg", cfg.toString(), "--privilege", "VM.Audit", "--path", "/vms/7", "--json"))
                .isZero();
        assertThat(out().strip()).isEqualTo("{\"privilege\":\"VM.Audit\",\"path\":\"/vms/7\",\"holders\":["
                + "{\"principal\":\"alice@pve\",\"latent\":false},{\"principal\":\"alice@pve!ci\",\"latent\":false},"
                + "{\"principal\":\"bob@pve\",\"latent\":true},{\"principal\":\"root@pam\",\"latent\":false}]}");
        out.reset();
        assertThat(run("who-can", "--user-cfg", cfg.toString(), "--privilege", "Sys.Audit")).isZero();
        // the token holds PVEAuditor on / but its owner has no Sys.Audit anywhere: only root@pam
        assertThat(out()).contains("root@pam  /storage/local").doesNotContain("alice").doesNotContain("bob@pve");
    }

    private void assertOneLineError(int code, String contains) {
        assertThat(code).isEqualTo(2);
        assertThat(err().strip()).contains(contains).doesNotContain("\n").doesNotContain("Exception").startsWith("pve-audit: ");
    }

    @Test
    void unknownPrincipal() {
        assertOneLineError(run("explain", "--user-cfg", cfg.toString(), "--principal", "eve@pve", "--path", "/"),
                "unknown principal 'eve@pve'");
    }

    @Test
    void unknownPrivilege() {
        assertOneLineError(run("who-can", "--user-cfg", cfg.toString(), "--privilege", "VM.Monitor"),
                "unknown privilege 'VM.Monitor'");
    }

    @Test
    void malformedPath() {
        assertOneLineError(run("permissions", "--user-cfg", cfg.toString(), "--path", "/vms/ä"),
                "malformed ACL path '/vms/ä'");
    }

    @Test
    void missingFile() {
        assertOneLineError(run("who-can", "--user-cfg", dir.resolve("nope.cfg").toString(), "--privilege", "VM.Audit"),
                "no such file");
    }

    @Test
    void malformedUserCfgLine() throws IOException {
        Files.writeString(cfg, "user:a@pve:1:\nuser:bob@pve:1:abc:\n");
        assertOneLineError(run("permissions", "--user-cfg", cfg.toString()),
                "user.cfg:2: field 'expire' of user 'bob@pve': not a number ('abc')");
        err.reset();
        assertThat(run("permissions", "--user-cfg", cfg.toString(), "--lenient", "--principal", "a@pve")).isZero();
        assertThat(err()).contains("warning: " + cfg + ":2:");
    }

    @Test
    void readsSnapshotFoldersAndConfiguredClustersToo() {
        Path samples = Path.of("sample-data").toAbsolutePath();
        assertThat(run("who-can", "--snapshot", samples.resolve("prod").toString(), "--privilege", "Permissions.Modify",
                "--path", "/")).isZero();
        assertThat(out()).contains("root@pam!backup").contains("former.admin@pam  (latent)");
        out.reset();
        assertThat(run("explain", "-c", samples.resolve("pve-audit.yml").toString(), "--cluster", "branch",
                "--principal", "root@pam", "--path", "/")).isZero();
        assertThat(out()).contains("root@pam at /");
        err.reset();
        assertOneLineError(run("explain", "-c", samples.resolve("pve-audit.yml").toString(), "--principal", "root@pam",
                "--path", "/"), "name the cluster with --cluster (configured: prod, lab, branch)");
        err.reset();
        assertOneLineError(run("who-can", "--privilege", "VM.Audit"),
                "give exactly one of --user-cfg FILE, --snapshot DIR or -c FILE [--cluster NAME]");
    }

    @Test
    void badVersion() {
        assertOneLineError(run("permissions", "--user-cfg", cfg.toString(), "--pve-version", "7.4"),
                "unsupported Proxmox VE version");
    }

    @Test
    void whoCanOnEveryConfiguredClusterNamesTheClusterAndThePersonAndWhatCouldNotBeRead() throws IOException {
        Files.writeString(dir.resolve("a.cfg"), "user:alice@pve:1:0:Alice:Example:alice@example.com:::\n"
                + "acl:1:/vms:alice@pve:PVEVMAdmin:\n");
        Files.writeString(dir.resolve("b.cfg"), "user:ali@corp:1:0:::ALICE@example.com :::\n"
                + "user:eve@pve:1:0::::::\nacl:1:/:ali@corp,eve@pve:PVEVMAdmin:\n");
        Path config = dir.resolve("pve-audit.yml");
        Files.writeString(config, """
                clusters:
                  - {name: east, source: usercfg, user-cfg: a.cfg, pve-version: "9.1"}
                  - {name: west, source: usercfg, user-cfg: b.cfg, pve-version: "9.1"}
                  - {name: gone, source: usercfg, user-cfg: missing.cfg, pve-version: "9.1"}
                """);
        int exit = run("who-can", "--privilege", "VM.PowerMgmt", "--path", "/vms/100", "--all-clusters", "-c",
                config.toString(), "--json");
        assertThat(exit).as("a cluster was not read").isEqualTo(3);
        assertThat(err()).contains("gone: not read:");
        // alice and ali share an e-mail (case and spaces aside): one person; root@pam is each cluster's own
        assertThat(out().lines().toList()).containsExactly(
                "{\"cluster\":\"east\",\"principal\":\"alice@pve\",\"path\":\"/vms/100\",\"latent\":false,"
                        + "\"person\":\"east:alice@pve\"}",
                "{\"cluster\":\"east\",\"principal\":\"root@pam\",\"path\":\"/vms/100\",\"latent\":false,"
                        + "\"person\":\"east:root@pam\"}",
                "{\"cluster\":\"west\",\"principal\":\"ali@corp\",\"path\":\"/vms/100\",\"latent\":false,"
                        + "\"person\":\"east:alice@pve\"}",
                "{\"cluster\":\"west\",\"principal\":\"eve@pve\",\"path\":\"/vms/100\",\"latent\":false,"
                        + "\"person\":\"west:eve@pve\"}",
                "{\"cluster\":\"west\",\"principal\":\"root@pam\",\"path\":\"/vms/100\",\"latent\":false,"
                        + "\"person\":\"west:root@pam\"}");
        err.reset();
        assertOneLineError(run("who-can", "--privilege", "VM.Audit", "--all-clusters", "--user-cfg", cfg.toString()),
                "--all-clusters reads every cluster of -c FILE");
    }

    @Test
    void whoCanOnEveryClusterLinksPeopleWithTheConfiguredIdentities() throws IOException {
        Files.writeString(dir.resolve("a.cfg"), "user:alice@pve:1:0::::::\nacl:1:/vms:alice@pve:PVEVMAdmin:\n");
        Files.writeString(dir.resolve("b.cfg"), "user:a.example@corp:1:0::::::\n"
                + "acl:1:/vms:a.example@corp:PVEVMAdmin:\n");
        Files.writeString(dir.resolve("identities.yml"), """
                people:
                  - name: Alice
                    accounts: ["east:alice@pve", "west:a.example@corp"]
                """);
        Path config = Files.writeString(dir.resolve("pve-audit.yml"), """
                clusters:
                  - {name: east, source: usercfg, user-cfg: a.cfg, pve-version: "9.1"}
                  - {name: west, source: usercfg, user-cfg: b.cfg, pve-version: "9.1"}
                people: {identities: identities.yml}
                """);
        assertThat(run("who-can", "--privilege", "VM.PowerMgmt", "--path", "/vms", "--all-clusters", "-c",
                config.toString(), "--json")).isZero();
        // no key links them (no e-mail, other names): identities.yml does
        assertThat(out().lines().filter(l -> !l.contains("root@pam")).toList()).containsExactly(
                "{\"cluster\":\"east\",\"principal\":\"alice@pve\",\"path\":\"/vms\",\"latent\":false,"
                        + "\"person\":\"east:alice@pve\"}",
                "{\"cluster\":\"west\",\"principal\":\"a.example@corp\",\"path\":\"/vms\",\"latent\":false,"
                        + "\"person\":\"east:alice@pve\"}");
    }
}
