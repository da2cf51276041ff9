package org.pveaudit.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.Principal;

/** {@code terraform show -json} of the bpg/proxmox provider: each resource type, states and plans, child modules. */
class TerraformStateTest {

    private static String resource(String type, String name, String values) {
        return """
                {"address":"%1$s.%2$s","mode":"managed","type":"%1$s","name":"%2$s",
                 "provider_name":"registry.terraform.io/bpg/proxmox","values":%3$s}"""
                .formatted(type, name, values);
    }

    private static String state(String key, String resources, String children) {
        return """
                {"format_version":"1.0","terraform_version":"1.9.0",
                 "%s":{"root_module":{"resources":[%s],"child_modules":[%s]}}}""".formatted(key, resources, children);
    }

    private static DeclaredAccess parse(String json) {
        return TerraformState.parse("tf.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String USER = resource("proxmox_virtual_environment_user", "alice", """
            {"user_id":"alice@pve","enabled":true,"expiration_date":"2030-01-01T00:00:00Z","groups":["ops"],
             "acl":[{"path":"/vms/","propagate":true,"role_id":"PVEVMUser"}]}""");
    private static final String GROUP = resource("proxmox_virtual_environment_group", "ops", """
            {"group_id":"ops","comment":"x","acl":[{"path":"/pool/ops","propagate":false,"role_id":"PVEPoolUser"}]}""");
    private static final String ROLE = resource("proxmox_virtual_environment_role", "operator", """
            {"role_id":"Operator","privileges":["VM.PowerMgmt","VM.Audit"]}""");
    private static final String ACL = resource("proxmox_virtual_environment_acl", "ci", """
            {"path":"/storage","propagate":true,"role_id":"PVEDatastoreUser","user_id":null,"group_id":null,
             "token_id":"alice@pve!ci"}""");
    private static final String TOKEN = resource("proxmox_virtual_environment_user_token", "ci", """
            {"user_id":"alice@pve","token_name":"ci","expiration_date":"","privileges_separation":true}""");
    private static final String VM = resource("proxmox_virtual_environment_vm", "web", "{\"vm_id\":100}");

    @Test
    void readsEveryAccessResourceOfAState() {
        DeclaredAccess d = parse(state("values", String.join(",", USER, GROUP, ROLE, ACL, TOKEN, VM), ""));
        assertThat(d.users()).containsExactly(new DeclaredUser("alice@pve", true, 1893456000L));
        assertThat(d.groups()).containsExactly(new DeclaredGroup("ops", new TreeSet<>(List.of("alice@pve"))));
        assertThat(d.roles()).containsExactly(new DeclaredRole("Operator",
                new TreeSet<>(List.of("VM.Audit", "VM.PowerMgmt"))));
        assertThat(d.acl()).containsExactly(
                new AclEntry("/vms", Principal.user("alice@pve"), "PVEVMUser", true),
                new AclEntry("/pool/ops", Principal.group("ops"), "PVEPoolUser", false),
                new AclEntry("/storage", Principal.token("alice@pve!ci"), "PVEDatastoreUser", true));
        assertThat(d.tokens()).containsExactly(new DeclaredToken("alice@pve!ci", 0, true));
        assertThat(d.allow()).isEmpty();
    }

    @Test
    void readsChildModulesRecursively() {
        String inner = "{\"address\":\"module.a.module.b\",\"resources\":[" + TOKEN + "]}";
        String outer = "{\"address\":\"module.a\",\"resources\":[" + ROLE + "],\"child_modules\":[" + inner + "]}";
        DeclaredAccess d = parse(state("values", USER, outer));
        assertThat(d.users()).hasSize(1);
        assertThat(d.roles()).hasSize(1);
        assertThat(d.tokens()).hasSize(1);
    }

    @Test
    void aPlanDeclaresItsPlannedValues() {
        String plan = """
                {"format_version":"1.2","values":{"root_module":{"resources":[%s]}},
                 "planned_values":{"root_module":{"resources":[%s]}}}""".formatted(ROLE, USER);
        DeclaredAccess d = parse(plan);
        assertThat(d.users()).extracting(DeclaredUser::id).containsExactly("alice@pve");
        assertThat(d.roles()).isEmpty();
    }

    @Test
    void dataSourcesAndAnEmptyStateDeclareNothing() {
        String data = resource("proxmox_virtual_environment_user", "x", "{\"user_id\":\"x@pve\"}")
                .replace("\"managed\"", "\"data\"");
        assertThat(parse(state("values", data, "")).users()).isEmpty();
        assertThat(parse("{\"format_version\":\"1.0\"}").users()).isEmpty();
    }

    @Test
    void defaultsWhenTheProviderLeavesValuesOut() {
        DeclaredAccess d = parse(state("values", String.join(",",
                resource("proxmox_virtual_environment_user", "b", "{\"user_id\":\"b@pve\"}"),
                resource("proxmox_virtual_environment_user_token", "t",
                        "{\"user_id\":\"b@pve\",\"token_name\":\"tk\"}")), ""));
        assertThat(d.users()).containsExactly(new DeclaredUser("b@pve", true, 0));
        assertThat(d.tokens()).containsExactly(new DeclaredToken("b@pve!tk", 0, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "proxmox_virtual_environment_user|{\"enabled\":true}|user_id must be a non-empty text",
        "proxmox_virtual_environment_user|{\"user_id\":\"alice\"}|user_id: 'alice' is not user@realm",
        "proxmox_virtual_environment_user|{\"user_id\":\"a@pve\",\"enabled\":\"yes\"}|enabled must be true or false",
        "proxmox_virtual_environment_user|{\"user_id\":\"a@pve\",\"expiration_date\":\"soon\"}|expiration_date: 'soon' is not an RFC 3339 time like 2030-01-01T00:00:00Z",
        "proxmox_virtual_environment_user|{\"user_id\":\"a@pve\",\"acl\":[{\"path\":\"/v m\",\"role_id\":\"R\"}]}|acl[0].path: '/v m' is not an ACL path",
        "proxmox_virtual_environment_acl|{\"path\":\"/\",\"role_id\":\"R\",\"user_id\":\"a@pve\",\"group_id\":\"g\"}|needs exactly one of user_id, group_id and token_id, not 2",
        "proxmox_virtual_environment_acl|{\"path\":\"/\",\"role_id\":\"R\"}|needs exactly one of user_id, group_id and token_id, not 0",
        "proxmox_virtual_environment_acl|{\"path\":\"/\",\"role_id\":\"R\",\"token_id\":\"a@pve\"}|token_id: 'a@pve' is not user@realm!token",
        "proxmox_virtual_environment_role|{\"role_id\":\"R\",\"privileges\":\"VM.Audit\"}|privileges must be a list",
        "proxmox_virtual_environment_group|{\"group_id\":\"a b\"}|group_id: 'a b' is not a group id of letters, digits, '.', '-' and '_'",
    })
    void mistakesNameFileAndResource(String type, String values, String problem) {
        assertThatThrownBy(() -> parse(state("values", resource(type, "r", values), "")))
                .isInstanceOf(DeclaredAccessException.class)
                .hasMessage("tf.json: resource " + type + ".r: " + problem);
    }

    @Test
    void aSecondDeclarationOfOneObjectIsRefused() {
        String again = resource("proxmox_virtual_environment_acl", "again", """
                {"path":"/vms","propagate":true,"role_id":"PVEVMUser","user_id":"alice@pve"}""");
        assertThatThrownBy(() -> parse(state("values", USER + "," + again, "")))
                .hasMessage("tf.json: resource proxmox_virtual_environment_acl.again: declares ACL entry "
                        + "/vms alice@pve PVEVMUser, already declared by proxmox_virtual_environment_user.alice");
    }

    @Test
    void oddValuesStayOnOneLine() {
        assertThatThrownBy(() -> parse(state("values", resource("proxmox_virtual_environment_user", "r",
                "{\"user_id\":\"a\\nb@pve\"}"), "")))
                .hasMessage("tf.json: resource proxmox_virtual_environment_user.r: user_id: 'a?b@pve' is not user@realm");
        assertThatThrownBy(() -> parse(state("values", resource("proxmox_virtual_environment_user", "r",
                "{\"user_id\":\"a@pve\",\"expiration_date\":{}}"), "")))
                .hasMessage("tf.json: resource proxmox_virtual_environment_user.r: expiration_date must be an RFC 3339 "
                        + "time like 2030-01-01T00:00:00Z");
        assertThat(parse(state("values", "{\"type\":{},\"values\":{}}", "")).users()).isEmpty();
    }

    @Test
    void notTerraformOutputOrNotJson() {
        assertThatThrownBy(() -> parse("{\"resources\":[]}"))
                .hasMessage("tf.json: not the output of 'terraform show -json' (no format_version)");
        assertThatThrownBy(() -> parse("{\"format_version\":")).isInstanceOf(DeclaredAccessException.class)
                .hasMessageStartingWith("tf.json:1:");
    }
}
