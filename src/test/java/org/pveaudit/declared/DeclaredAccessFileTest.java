package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.Principal;

/** declared-access.yml: every section read, and each kind of mistake one line naming file, line and field. */
class DeclaredAccessFileTest {

    private static final String EXAMPLE = """
            users:   [{id: alice@pve, enabled: true, expire: 0}]
            groups:  [{id: ops, members: [alice@pve]}]
            roles:   [{id: Operator, privileges: [VM.Audit, VM.PowerMgmt]}]
            acl:     [{path: /vms, principal: "@ops", role: PVEVMUser, propagate: true}]
            tokens:  [{id: "alice@pve!ci", expire: 1893456000, privsep: true}]
            allow:   [{principal: "svc-*", role: PVEAuditor, path: /pool/monitoring}]
            """;

    private static DeclaredAccess parse(String yaml) {
        return DeclaredAccessFile.parse("d.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEverySection() {
        DeclaredAccess d = parse(EXAMPLE);
        assertThat(d.users()).containsExactly(new DeclaredUser("alice@pve", true, 0));
        assertThat(d.groups()).containsExactly(new DeclaredGroup("ops", new TreeSet<>(List.of("alice@pve"))));
        assertThat(d.roles()).containsExactly(new DeclaredRole("Operator",
                new TreeSet<>(List.of("VM.Audit", "VM.PowerMgmt"))));
        assertThat(d.acl()).containsExactly(new AclEntry("/vms", Principal.group("ops"), "PVEVMUser", true));
        assertThat(d.tokens()).containsExactly(new DeclaredToken("alice@pve!ci", 1893456000L, true));
        assertThat(d.allow()).containsExactly(new AllowPattern("svc-*", "PVEAuditor", "/pool/monitoring"));
    }

    @Test
    void defaultsAndPrincipalKinds() {
        DeclaredAccess d = parse("""
                users: [{id: bob@pve}]
                tokens: [{id: "bob@pve!tk"}]
                acl:
                  - {path: "/vms/", principal: bob@pve, role: PVEAuditor}
                  - {path: /, principal: "bob@pve!tk", role: PVEAuditor, propagate: false}
                """);
        assertThat(d.users()).containsExactly(new DeclaredUser("bob@pve", true, 0));
        assertThat(d.tokens()).containsExactly(new DeclaredToken("bob@pve!tk", 0, true));
        assertThat(d.acl()).containsExactly(new AclEntry("/vms", Principal.user("bob@pve"), "PVEAuditor", true),
                new AclEntry("/", Principal.token("bob@pve!tk"), "PVEAuditor", false));
    }

    @Test
    void emptyFileDeclaresNothing() {
        assertThat(parse("").users()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "owners: []|d.yml:1:1: unknown key 'owners' (known: acl, allow, groups, roles, tokens, users)",
        "users: [{id: a@pve, mail: x}]|d.yml:1:21: users[0]: unknown key 'mail' (known: enabled, expire, id)",
        "users: [{id: a@pve, enabled: yes}]|d.yml:1:21: users[0].enabled must be true or false, not 'yes'",
        "users: [{id: a@pve, expire: soon}]|d.yml:1:21: users[0].expire must be epoch seconds (0 = never), not 'soon'",
        "users: [{id: a@pve, expire: -1}]|d.yml:1:21: users[0].expire must be epoch seconds (0 = never), not '-1'",
        "users: [{id: alice}]|d.yml:1:10: users[0].id: 'alice' is not user@realm",
        "users: [{enabled: true}]|d.yml:1:9: users[0] needs 'id'",
        "users: {id: a@pve}|d.yml:1:1: 'users' must be a list, not a mapping",
        "users: [a@pve]|d.yml:1:9: users[0] must be a mapping, not a text",
        "users: [{id: a@pve}, {id: a@pve}]|d.yml:1:22: users[1] repeats user a@pve",
        "tokens: [{id: a@pve}]|d.yml:1:11: tokens[0].id: 'a@pve' is not user@realm!token",
        "groups: [{id: ops, members: a@pve}]|d.yml:1:20: groups[0].members must be a list, not a text",
        "groups: [{id: ops, members: [ops]}]|d.yml:1:30: groups[0].members[0]: 'ops' is not a user id (user@realm)",
        "acl: [{path: /vms, principal: ops, role: R}]|d.yml:1:20: acl[0].principal: 'ops' is not a principal (user@realm, @group or user@realm!token)",
        "acl: [{path: /vms, principal: '@', role: R}]|d.yml:1:20: acl[0].principal: '@' is not a principal (user@realm, @group or user@realm!token)",
        "acl: [{path: '/v ms', principal: '@ops', role: R}]|d.yml:1:8: acl[0].path: '/v ms' is not an ACL path (letters, digits, '.', '-', '_' and '/')",
        "acl: [{path: /vms, principal: '@ops', role: [R]}]|d.yml:1:39: acl[0].role must be a text, not a list",
        "roles: [{id: R, privileges: [[x]]}]|d.yml:1:30: roles[0].privileges[0] must be a text, not a list",
    })
    void mistakesNameFileLineAndField(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(DeclaredAccessException.class).hasMessage(message);
    }

    @Test
    void oddValuesStayOnOneLine() {
        assertThatThrownBy(() -> parse("users: [{id: \"a\\nb\"}]"))
                .hasMessage("d.yml:1:10: users[0].id: 'a?b' is not user@realm");
        assertThatThrownBy(() -> parse("users: [{\"x\\ny\": 1}]"))
                .hasMessage("d.yml:1:10: users[0]: unknown key 'x?y' (known: enabled, expire, id)");
    }

    @Test
    void errorLineIsTheLineOfTheField() {
        assertThatThrownBy(() -> parse("users:\n  - id: a@pve\n    enabled: 1\n"))
                .hasMessage("d.yml:3:5: users[0].enabled must be true or false, not '1'");
    }

    @Test
    void yamlLimitsHold() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n".repeat(1);
        StringBuilder deep = new StringBuilder("users: ");
        deep.append("[".repeat(200)).append("]".repeat(200));
        assertThatThrownBy(() -> parse(deep.toString())).isInstanceOf(DeclaredAccessException.class)
                .hasMessageStartingWith("d.yml:");
        assertThatThrownBy(() -> parse(bomb)).isInstanceOf(DeclaredAccessException.class)
                .hasMessageContaining("unknown key 'a'");
    }

    @Test
    void readsFromDiskAndNamesAMissingFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("declared-access.yml");
        Files.writeString(f, EXAMPLE);
        assertThat(DeclaredAccessFile.read(f).users()).hasSize(1);
        assertThatThrownBy(() -> DeclaredAccessFile.read(dir.resolve("none.yml")))
                .isInstanceOf(DeclaredAccessException.class).hasMessageStartingWith(dir.resolve("none.yml") + ": ");
    }
}
