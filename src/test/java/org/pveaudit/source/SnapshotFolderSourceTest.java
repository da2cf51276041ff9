package org.pveaudit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.LegacyKeys;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Realm;

class SnapshotFolderSourceTest {

    @TempDir
    Path dir;

    private void write(String file, String json) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
    }

    @BeforeEach
    void snapshot() throws IOException {
        // users and acl in the API envelope, the rest bare as pvesh prints it
        write("version.json", """
                {"version":"9.1.4","release":"9.1","repoid":"3b2f4c1d9a8e7f60"}""");
        write("cluster/status.json", """
                [{"type":"cluster","id":"cluster","name":"prod","nodes":2,"version":7,"quorate":1},
                 {"type":"node","id":"node/pve1","name":"pve1","nodeid":1,"ip":"10.0.0.11","local":1,"online":1,"level":"c"},
                 {"type":"node","id":"node/pve2","name":"pve2","nodeid":2,"ip":"10.0.0.12","local":0,"online":0,"level":""}]""");
        write("access/users.json", """
                {"data":[
                 {"userid":"alice@pve","enable":1,"expire":0,"firstname":"Alice","email":"alice@example.com",
                  "comment":"Team lead","groups":"admins","realm-type":"pve",
                  "tokens":[{"tokenid":"monitoring","expire":1767225600,"privsep":1,"comment":"Grafana: read only"}]},
                 {"userid":"bob@ldap-corp","enable":"0","expire":1735689600,"keys":"JBSWY3DPEHPK3PXP",
                  "groups":"","realm-type":"ldap","tokens":null,"totp-locked":true},
                 {"userid":"root@pam","enable":true,"expire":0,"groups":"","realm-type":"pam",
                  "tokens":[{"tokenid":"backup","expire":0,"privsep":0}]}]}""");
        write("access/acl.json", """
                {"data":[
                 {"path":"/","type":"group","ugid":"admins","roleid":"Administrator","propagate":1},
                 {"path":"/vms/101/","type":"user","ugid":"bob@ldap-corp","roleid":"NoAccess","propagate":0},
                 {"path":"/","type":"token","ugid":"alice@pve!monitoring","roleid":"PVEAuditor","propagate":true}]}""");
        write("access/roles.json", """
                [{"roleid":"PVEAuditor","special":1,"privs":"Datastore.Audit,Mapping.Audit,Pool.Audit,SDN.Audit,Sys.Audit,VM.Audit,VM.GuestAgent.Audit"},
                 {"roleid":"NoAccess","special":1,"privs":""},
                 {"roleid":"VM_PowerOnly","special":0,"privs":"VM.Audit,VM.Console,VM.PowerMgmt"}]""");
        write("access/groups.json", """
                [{"groupid":"admins","comment":"Full administrators","users":"alice@pve"}]""");
        write("access/domains.json", """
                [{"realm":"pam","type":"pam"},{"realm":"pve","type":"pve","default":1,"tfa":"oath"},
                 {"realm":"sso","type":"openid"}]""");
        write("access/domains/sso.json", """
                {"data":{"type":"openid","issuer-url":"https://sso.example.com","client-id":"pve",
                  "client-key":"s3cr3t-client-key","autocreate":1,"digest":"abc"}}""");
        write("access/domains/pve.json", """
                {"type":"pve","default":1,"tfa":"type=yubico,id=42,key=yubi-secret","digest":"abc"}""");
        write("access/tfa.json", """
                [{"userid":"alice@pve","entries":[{"type":"totp","id":"totp-1","description":"phone","created":1717000000}]}]""");
        write("pools.json", """
                [{"poolid":"dev","comment":"Development"},{"poolid":"dev/frontend"}]""");
        write("pools/dev.json", """
                [{"poolid":"dev","comment":"Development","members":[
                  {"id":"qemu/100","vmid":100,"type":"qemu","node":"pve1","status":"running","name":"web"},
                  {"id":"lxc/101","vmid":101,"type":"lxc","node":"pve1","status":"stopped"},
                  {"id":"storage/pve1/local-lvm","storage":"local-lvm","type":"storage","node":"pve1"},
                  {"id":"storage/pve2/local-lvm","storage":"local-lvm","type":"storage","node":"pve2"}]}]""");
        write("pools/dev/frontend.json", """
                {"data":[{"poolid":"dev/frontend","members":[{"id":"qemu/110","vmid":110,"type":"qemu","node":"pve2"}]}]}""");
    }

    private ClusterSnapshot collect() {
        return new SnapshotFolderSource("prod", dir, null).collect();
    }

    @Test
    void readsEnvelopeAndBareFilesAlike() {
        ClusterSnapshot s = collect();
        assertThat(s.identity().version()).isEqualTo("9.1.4");
        assertThat(s.identity().nodes()).containsExactly("pve1", "pve2");
        assertThat(s.users()).extracting(u -> u.id()).containsExactly("alice@pve", "bob@ldap-corp", "root@pam");
        assertThat(s.users().get(1).enabled()).isFalse();
        assertThat(s.users().get(1).totpLocked()).isTrue();
        assertThat(s.users().get(2).enabled()).isTrue();
        assertThat(s.tokens()).extracting(t -> t.id()).containsExactly("alice@pve!monitoring", "root@pam!backup");
        assertThat(s.tokens().get(0).privsep()).isTrue();
        assertThat(s.tokens().get(0).comment()).isEqualTo("Grafana: read only");
        assertThat(s.tokens().get(1).privsep()).isFalse();
        assertThat(s.acl()).containsExactly(
                new AclEntry("/", Principal.group("admins"), "Administrator", true),
                new AclEntry("/vms/101", Principal.user("bob@ldap-corp"), "NoAccess", false),
                new AclEntry("/", Principal.token("alice@pve!monitoring"), "PVEAuditor", true));
        assertThat(s.roles()).extracting(r -> r.id()).containsExactly("PVEAuditor", "NoAccess", "VM_PowerOnly");
        assertThat(s.roles().get(2).privileges()).containsExactly("VM.Audit", "VM.Console", "VM.PowerMgmt");
        assertThat(s.groups().get(0).members()).containsExactly("alice@pve");
        assertThat(s.tfa().get(0).factors()).hasSize(1);
        assertThat(s.pools()).hasSize(2);
        assertThat(s.pools().get(0).vms()).containsExactly("100", "101");
        assertThat(s.pools().get(0).storages()).containsExactly("local-lvm");
        assertThat(s.pools().get(1).vms()).containsExactly("110");
        assertThat(s.gaps()).isEmpty();
    }

    @Test
    void secretsHandedOutByTheApiAreNotKept() {
        ClusterSnapshot s = collect();
        assertThat(s.users().get(1).keys()).isEqualTo(LegacyKeys.LEGACY_SECRET);
        Realm sso = s.realms().stream().filter(r -> r.id().equals("sso")).findFirst().orElseThrow();
        assertThat(sso.options()).containsEntry("client-key", Realm.REDACTED).containsEntry("autocreate", "1");
        Realm pve = s.realms().stream().filter(r -> r.id().equals("pve")).findFirst().orElseThrow();
        assertThat(pve.tfa()).isEqualTo("yubico");
        assertThat(pve.options().get("tfa")).isEqualTo("type=yubico,id=42,key=" + Realm.REDACTED);
        assertThat(s.toString()).doesNotContain("s3cr3t-client-key", "yubi-secret", "JBSWY3DPEHPK3PXP");
    }

    @Test
    void aMissingFileIsACoverageGapNotACrash() throws IOException {
        Files.delete(dir.resolve("access/tfa.json"));
        Files.delete(dir.resolve("access/users.json"));
        ClusterSnapshot s = collect();
        assertThat(s.missing()).containsExactlyInAnyOrder(Dataset.TFA, Dataset.USERS, Dataset.TOKENS, Dataset.SOURCE);
        assertThat(s.users()).isEmpty();
        assertThat(s.acl()).hasSize(3);
    }

    @Test
    void missingVersionFallsBackToTheConfiguredOneWithAWarning() throws IOException {
        Files.delete(dir.resolve("version.json"));
        ClusterSnapshot s = new SnapshotFolderSource("lab", dir, "8.4").collect();
        assertThat(s.identity().release()).hasToString("PVE8");
        assertThat(s.missing()).contains(Dataset.VERSION);
        assertThat(s.warnings()).anyMatch(w -> w.contains("assuming 8.4"));
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        write("access/acl.json", "{\"data\":[\n  {\"path\":\"/\",\n  \"type\" \"user\"}]}");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessageStartingWith(dir.resolve("access/acl.json") + ":3:")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anEntryMissingARequiredFieldIsAnInputError() throws IOException {
        write("access/acl.json", """
                [{"path":"/","type":"user","ugid":"a@pve","propagate":1}]""");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessage(dir.resolve("access/acl.json") + ":1:2: item 1: missing field 'roleid'");
    }

    @Test
    void aWrongTypedValueNamesFileLineColumnAndField() throws IOException {
        write("access/users.json", """
                {"data": [
                  {"userid": "a@pve", "enable": 1},
                  {"userid": "b@pve", "email": []}
                ]}""");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessage(dir.resolve("access/users.json") + ":3:23: field 'email' of item 2: must be a text, "
                        + "not a list");
    }

    @Test
    void valuesOutOfRangeAreInputErrors() throws IOException {
        write("access/users.json", "[{\"userid\": \"a@pve\", \"enable\": 2}]");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessage(dir.resolve("access/users.json") + ":1:22: field 'enable' of item 1: must be 0 or 1, not 2");
        write("access/users.json", "[{\"userid\": \"a@pve\", \"expire\": -5}]");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessageEndingWith("field 'expire' of item 1: must be a non-negative integer, not -5");
        write("access/users.json", "[{\"userid\": \"a@pve\", \"tokens\": [{\"tokenid\": \"t\", \"expire\": 1.5}]}]");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessageEndingWith("field 'expire' of item 1 of field 'tokens' of item 1: must be a non-negative "
                        + "integer, not 1.5");
        write("access/users.json", "{\"data\": {\"userid\": \"a@pve\"}}");
        assertThatThrownBy(this::collect).isInstanceOf(SourceException.class)
                .hasMessage(dir.resolve("access/users.json") + ":1:2: must be a list, not an object");
    }

    @Test
    void aMissingFolderIsAnInputError() {
        assertThatThrownBy(() -> new SnapshotFolderSource("x", dir.resolve("nope"), null).collect())
                .isInstanceOf(SourceException.class).hasMessageEndingWith("snapshot folder not found");
    }
}
