package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;

/** The worked examples of reference 2.10, the targets of 5.4 and the built-in role tables 1.3 and 1.4. */
class WorkedExamplesTest {

    private static final String USERS = """
            user:x@pve:1:0::::::
            user:max@pve:1:0::::::
            group:g1:max@pve:
            group:g:x@pve:
            group:a:x@pve:
            group:b:x@pve:
            role:vm_admin:VM.Audit,VM.Allocate:
            role:customer:VM.Audit,VM.PowerMgmt:
            role:RoleA:VM.Console:
            role:RoleB:VM.PowerMgmt:
            """;

    private static AccessModel with(String extra) {
        return Configs.model(USERS + extra);
    }

    private static String roles(AccessModel m, String who, String path) {
        return Configs.join(m.roles(who, path).keySet());
    }

    private static List<String> privs(AccessModel m, String who, String path) {
        return List.copyOf(m.privileges(who, path).keySet());
    }

    private static List<String> role(String name) {
        return List.copyOf(PrivilegeCatalog.of(PveRelease.PVE9).builtInRoles().get(name));
    }

    @Test
    void example1UserEntryReplacesInheritedGroupRole() {
        AccessModel m = with("acl:1:/vms:@g1:vm_admin:\nacl:1:/vms/100:max@pve:customer:\n");
        assertThat(roles(m, "max@pve", "/vms/100")).isEqualTo("customer");
        assertThat(roles(m, "max@pve", "/vms/101")).isEqualTo("vm_admin");
    }

    @Test
    void example2NonPropagatedUserEntryDoesNotShadowGroupBelow() {
        AccessModel m = with("acl:0:/vms:x@pve:RoleA:\nacl:1:/vms:@g:RoleB:\n");
        assertThat(roles(m, "x@pve", "/vms")).isEqualTo("RoleA");
        assertThat(roles(m, "x@pve", "/vms/100")).isEqualTo("RoleB");
    }

    @Test
    void example3NoAccessWithoutPropagateIsNotSticky() {
        AccessModel m = with("acl:1:/:x@pve:Administrator:\nacl:0:/vms:x@pve:NoAccess:\n"
                + "acl:1:/vms/100:x@pve:PVEAuditor:\n");
        assertThat(roles(m, "x@pve", "/")).isEqualTo("Administrator");
        assertThat(roles(m, "x@pve", "/vms")).isEqualTo("NoAccess");
        assertThat(roles(m, "x@pve", "/vms/101")).isEqualTo("Administrator");
        assertThat(roles(m, "x@pve", "/vms/100")).isEqualTo("PVEAuditor");
        assertThat(roles(m, "x@pve", "/storage")).isEqualTo("Administrator");
    }

    @Test
    void example4NoAccessOfOneGroupCancelsTheOther() {
        AccessModel m = with("acl:1:/:@a:PVEAuditor:\nacl:1:/:@b:NoAccess:\nacl:1:/vms/100:x@pve:PVEVMUser:\n");
        assertThat(roles(m, "x@pve", "/")).isEqualTo("NoAccess");
        assertThat(roles(m, "x@pve", "/vms")).isEqualTo("NoAccess");
        assertThat(roles(m, "x@pve", "/vms/100")).isEqualTo("PVEVMUser");
    }

    @Test
    void example7NoAccessAtRootBlocksPoolGrants() {
        AccessModel m = with("acl:1:/:x@pve:NoAccess:\nacl:1:/pool/p:x@pve:PVEVMAdmin:\npool:p::100::\n");
        assertThat(roles(m, "x@pve", "/pool/p")).isEqualTo("PVEVMAdmin");
        assertThat(privs(m, "x@pve", "/vms/100")).isEmpty();
    }

    @Test
    void example9PoolRolesUnionWithRegularAcl() {
        AccessModel m = with("acl:1:/vms/100:x@pve:PVEVMUser:\nacl:1:/pool/p:x@pve:PVEAuditor:\npool:p::100:local:\n");
        Map<String, Boolean> vm = m.privileges("x@pve", "/vms/100");
        assertThat(vm.keySet()).containsAll(role("PVEVMUser")).containsAll(role("PVEAuditor"));
        assertThat(vm.get("VM.Console")).isTrue();
        assertThat(vm.get("Sys.Audit")).isFalse();
        assertThat(vm.get("VM.Audit")).isTrue();
        assertThat(m.privileges("x@pve", "/storage/local").keySet()).containsExactlyElementsOf(role("PVEAuditor"));
        assertThat(m.privileges("x@pve", "/storage/local").values()).containsOnly(false);
    }

    @Test
    void example10StorageInTwoPoolsWithNoAccess() {
        AccessModel m = with("acl:1:/pool/a:x@pve:PVEDatastoreUser:\nacl:1:/pool/b:x@pve:NoAccess:\n"
                + "pool:a:::local:\npool:b:::local:\n");
        assertThat(privs(m, "x@pve", "/storage/local")).isEmpty();
    }

    @Test
    void example11NestedPoolInheritsParentPoolAcl() {
        AccessModel m = with("acl:1:/pool/dept:x@pve:PVEVMUser:\npool:dept/team::200::\n");
        assertThat(privs(m, "x@pve", "/vms/200")).containsExactlyElementsOf(role("PVEVMUser"));
    }

    @Test
    void example12PrivsepTokenIntersection() {
        AccessModel m = with("token:x@pve!tok:0:1::\nacl:1:/vms:x@pve:PVEVMUser:\nacl:1:/:x@pve!tok:PVEAuditor:\n");
        assertThat(privs(m, "x@pve!tok", "/")).isEmpty();
        assertThat(privs(m, "x@pve!tok", "/vms")).containsExactly("VM.Audit", "VM.GuestAgent.Audit");
        assertThat(privs(m, "x@pve!tok", "/vms/100")).containsExactly("VM.Audit", "VM.GuestAgent.Audit");
        assertThat(privs(m, "x@pve!tok", "/storage")).isEmpty();
    }

    @Test
    void example13PrivsepTokenOfOwnerWithoutAcls() {
        AccessModel m = with("token:x@pve!tok:0:1::\nacl:1:/:x@pve!tok:Administrator:\n");
        for (String p : List.of("/", "/vms", "/vms/100", "/storage/local")) {
            assertThat(privs(m, "x@pve!tok", p)).isEmpty();
        }
    }

    @Test
    void example14TokenIntersectionKeepsOwnerFlags() {
        AccessModel m = Configs.model(Configs.T8);
        assertThat(m.privileges("max@pve!token2", "/vms/300"))
                .isEqualTo(new TreeMap<>(Map.of("VM.Allocate", true, "VM.Audit", true, "VM.Console", true,
                        "VM.PowerMgmt", false)));
    }

    @Test
    void example15RootTokens() {
        AccessModel sep = Configs.model("token:root@pam!tok:0:1::\nacl:1:/vms:root@pam!tok:PVEAuditor:\n");
        assertThat(privs(sep, "root@pam!tok", "/vms")).containsExactlyElementsOf(role("PVEAuditor"));
        assertThat(privs(sep, "root@pam!tok", "/")).isEmpty();
        AccessModel full = Configs.model("token:root@pam!tok:0:0::\nacl:1:/vms:root@pam!tok:PVEAuditor:\n");
        assertThat(privs(full, "root@pam!tok", "/")).hasSize(47);
        assertThat(privs(full, "root@pam", "/anything/at/all")).hasSize(47);
        assertThat(roles(full, "root@pam", "/vms")).isEqualTo("Administrator");
    }

    @Test
    void privsep0TokenIgnoresOwnAcl() {
        AccessModel m = Configs.model(Configs.T8);
        assertThat(roles(m, "carol@pam!token", "/vms/200")).isEqualTo("NoAccess");
        assertThat(privs(m, "carol@pam!token", "/vms/200")).isEmpty();
    }

    @Test
    void unknownTokenHasNothing() {
        AccessModel m = Configs.model(Configs.T8);
        assertThat(m.roles("max@pve!ghost", "/vms")).isEmpty();
        assertThat(m.privileges("max@pve!ghost", "/vms")).isEmpty();
    }

    @Test
    void apiGetPermissionsTargets() {
        AccessModel m = Configs.model(Configs.API_PERMISSIONS);
        assertThat(m.privilegedPaths("stranger@pve"))
                .isEqualTo(Map.of("/vms", List.of("VM.Audit", "VM.Console", "VM.PowerMgmt")));
        assertThat(m.privilegedPaths("stranger@pve!noprivsep"))
                .isEqualTo(Map.of("/vms", List.of("VM.Audit", "VM.Console", "VM.PowerMgmt")));
        assertThat(m.privilegedPaths("stranger@pve!privsep"))
                .isEqualTo(Map.of("/vms", List.of("VM.Audit", "VM.Console")));
        assertThat(m.privilegedPaths("auditor@pam")).isEqualTo(Map.of(
                "/access", List.of("Sys.Audit"), "/access/groups", List.of("Sys.Audit"),
                "/vms", List.of("VM.Audit", "VM.Console")));
        assertThat(m.privilegedPaths("auditor@pam!privsep")).isEqualTo(Map.of(
                "/vms", List.of("VM.Audit", "VM.Console")));
        // the rule behind the allowed/forbidden calls: Sys.Audit on /access
        assertThat(m.privileges("auditor@pam!noprivsep", "/access")).containsKey("Sys.Audit");
        assertThat(m.privileges("auditor@pam!privsep", "/access")).isEmpty();
        assertThat(m.privileges("stranger@pve", "/access")).isEmpty();
    }

    @Test
    void builtInRoleSizes() {
        Map<String, SortedSet<String>> nine = PrivilegeCatalog.of(PveRelease.PVE9).builtInRoles();
        Map<String, Integer> sizes9 = Map.ofEntries(Map.entry("Administrator", 47), Map.entry("NoAccess", 0),
                Map.entry("PVEAdmin", 40), Map.entry("PVEAuditor", 7), Map.entry("PVEDatastoreAdmin", 4),
                Map.entry("PVEDatastoreUser", 2), Map.entry("PVEMappingAdmin", 3), Map.entry("PVEMappingUser", 2),
                Map.entry("PVEPoolAdmin", 2), Map.entry("PVEPoolUser", 1), Map.entry("PVESDNAdmin", 3),
                Map.entry("PVESDNUser", 2), Map.entry("PVESysAdmin", 3), Map.entry("PVETemplateUser", 2),
                Map.entry("PVEUserAdmin", 3), Map.entry("PVEVMAdmin", 23), Map.entry("PVEVMUser", 10));
        assertThat(nine).hasSize(sizes9.size());
        sizes9.forEach((r, n) -> assertThat(nine.get(r)).as(r).hasSize(n));
        Map<String, SortedSet<String>> eight = PrivilegeCatalog.of(PveRelease.PVE8).builtInRoles();
        assertThat(eight.get("Administrator")).hasSize(42);
        assertThat(eight.get("PVEAdmin")).hasSize(35);
        assertThat(eight.get("PVEVMAdmin")).hasSize(18).contains("VM.Monitor");
        assertThat(eight.get("PVEVMUser")).containsExactly("VM.Audit", "VM.Backup", "VM.Config.CDROM",
                "VM.Config.Cloudinit", "VM.Console", "VM.PowerMgmt");
        assertThat(eight.get("PVEAuditor")).hasSize(6).doesNotContain("VM.GuestAgent.Audit");
        assertThat(nine.get("PVEAdmin")).doesNotContain("Permissions.Modify", "Sys.Modify", "Sys.PowerMgmt",
                "Sys.Incoming", "Sys.AccessNetwork", "Realm.Allocate", "Mapping.Modify");
    }

    @Test
    void engineUsesTheSnapshotsReleaseForBuiltIns() {
        AccessModel m8 = AccessModel.of(Configs.snapshot("user:a@pve:1:\nacl:1:/vms:a@pve:PVEVMAdmin:\n",
                PveRelease.PVE8));
        assertThat(m8.privileges("a@pve", "/vms")).hasSize(18).containsKey("VM.Monitor");
        assertThat(m8.isPrivilege("VM.Monitor")).isTrue();
        assertThat(Configs.model("user:a@pve:1:\n").isPrivilege("VM.Monitor")).isFalse();
    }

    @Test
    void exampleFileOfReference34() {
        AccessModel m = Configs.model(org.pveaudit.source.usercfg.ExampleFiles.USER_CFG);
        for (String who : List.of("carol@pam", "bob@ldap-corp")) {
            assertThat(roles(m, who, "/nodes")).isEqualTo("PVEAuditor");
            assertThat(roles(m, who, "/nodes/pve1")).isEmpty();
            assertThat(roles(m, who, "/pool/dev")).isEqualTo("PVEVMUser");
            assertThat(privs(m, who, "/vms/110")).containsExactlyElementsOf(role("PVEVMUser"));
            assertThat(privs(m, who, "/storage/local-lvm")).containsExactlyElementsOf(role("PVEVMUser"));
        }
        // VM 100 is in pool dev: VM_PowerOnly plus the pool's PVEVMUser
        assertThat(privs(m, "bob@ldap-corp", "/vms/100")).containsExactlyElementsOf(role("PVEVMUser"));
        assertThat(m.privileges("bob@ldap-corp", "/vms/100").get("VM.PowerMgmt")).isTrue();
        assertThat(m.privileges("bob@ldap-corp", "/vms/100").get("VM.Backup")).isFalse();
        assertThat(privs(m, "bob@ldap-corp", "/vms/101")).isEmpty();
        assertThat(privs(m, "carol@pam", "/vms/101")).containsExactlyElementsOf(role("PVEVMUser"));
        long now = 1_750_000_000L;
        assertThat(m.latent("carol@pam", now)).isTrue();
        assertThat(m.latent("bob@ldap-corp", now)).isTrue();
        assertThat(m.latent("alice@pve", now)).isFalse();
        assertThat(privs(m, "root@pam!backup", "/")).hasSize(47);
        assertThat(privs(m, "alice@pve", "/")).hasSize(47);
        assertThat(privs(m, "alice@pve!monitoring", "/")).isEmpty();
        for (String p : List.of("/", "/vms/100", "/storage/local-lvm", "/access")) {
            assertThat(privs(m, "svc-audit@pve!scan", p)).containsExactlyElementsOf(role("PVEAuditor"));
        }
    }
}
