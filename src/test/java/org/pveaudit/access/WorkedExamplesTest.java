package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;

/**
 * The worked examples of reference 2.10, the targets of 5.4, the built-in role tables 1.3 and 1.4, and
 * the corners established by running pve-access-control 9.1.1 (marked [RUN] in the reference).
 */
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

    // ---------------------------------------------------------------- corners [RUN], pve-access-control 9.1.1

    /** The full matrix ({@code permissions}) as {@code principal path privs} lines. */
    private static List<String> matrix(AccessModel m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MatrixExport(m).writeTo(out, 1);
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static List<String> whoCanEverywhere(AccessModel m, String privilege) {
        List<String> out = new ArrayList<>();
        m.whoCanEverywhere(privilege, 0, h -> out.add(h.principal() + " " + h.path()));
        return out;
    }

    /**
     * (a) Reference 3.2 "Record layouts", parser details (acl): the token is reset by its repeated user
     * line after the ACL line was read; its entry counts for nothing, but its node stays in the tree.
     */
    @Test
    void cornerA_pathOfEntriesDroppedLaterStaysInTheTree() throws Exception {
        AccessModel m = Configs.model("""
                user:x@pve:1:0::::::
                token:x@pve!tk:0:1::
                acl:1:/vms/200:x@pve!tk:PVEVMAdmin:
                acl:1:/vms/300:x@pve!ghost:PVEVMAdmin:
                user:x@pve:1:0::::::
                """);
        assertThat(m.principals()).containsExactly("root@pam", "x@pve");
        // /vms/300 never got a node: its only entry was dropped while its line was read
        assertThat(m.matrixPaths()).contains("/vms/200").doesNotContain("/vms/300");
        assertThat(matrix(m)).contains("{\"principal\":\"x@pve\",\"path\":\"/vms/200\",\"privs\":[]}");
        assertThat(privs(m, "x@pve", "/vms/200")).isEmpty();
        assertThat(whoCanEverywhere(m, "VM.Allocate")).contains("root@pam /vms/200")
                .noneMatch(h -> h.startsWith("x@pve"));
        assertThat(m.explain("x@pve!tk", "/vms/200").entries()).extracting(e -> e.reason())
                .containsExactly(Reason.UNKNOWN_TOKEN);
    }

    /** (a) The same path keeps the privileges inherited from above: it is listed, not emptied. */
    @Test
    void cornerA_listedPathShowsInheritedPrivileges() {
        AccessModel m = Configs.model("""
                user:x@pve:1:0::::::
                token:x@pve!tk:0:1::
                acl:1:/vms:x@pve:PVEAuditor:
                acl:1:/vms/200:x@pve!tk:NoAccess:
                user:x@pve:1:0::::::
                """);
        assertThat(whoCanEverywhere(m, "VM.Audit")).contains("x@pve /vms", "x@pve /vms/200");
    }

    /** (b) Reference 3.2 "Record layouts", parser details: a role, group or pool named 0 is false in Perl. */
    @Test
    void cornerB_rolesGroupsAndPoolsNamedZeroAreIgnored() {
        AccessModel m = Configs.model("""
                user:x@pve:1:0::::::
                role:0:VM.Audit:
                group:0:x@pve:
                pool:0::100::
                acl:1:/vms:x@pve:0:
                acl:1:/storage:@0:PVEAuditor:
                acl:1:/pool/p:x@pve:PVEVMUser:
                pool:p::100::
                """);
        assertThat(m.snapshot().roles()).extracting(r -> r.id()).doesNotContain("0");
        assertThat(m.snapshot().groups()).isEmpty();
        assertThat(m.snapshot().acl()).extracting(e -> e.path()).containsExactly("/pool/p");
        assertThat(privs(m, "x@pve", "/vms")).isEmpty();
        assertThat(privs(m, "x@pve", "/storage")).isEmpty();
        // VM 100 went to the first pool Proxmox kept, p
        assertThat(privs(m, "x@pve", "/vms/100")).containsExactlyElementsOf(role("PVEVMUser"));
    }

    /**
     * (c) Reference 2.2 "Paths": an ACL entry lands on the tree node without its 0 segments; a
     * permission check at a path with a 0 segment still walks that path (no node there).
     */
    @Test
    void cornerC_zeroSegmentsVanishFromAclPaths() throws Exception {
        AccessModel m = with("""
                acl:1:/0:x@pve:PVEAuditor:
                acl:0:/vms/0:x@pve:PVEVMUser:
                acl:0:/nodes/0/x:x@pve:PVESysAdmin:
                """);
        assertThat(m.snapshot().acl()).extracting(e -> e.path()).containsExactly("/", "/vms", "/nodes/x");
        assertThat(roles(m, "x@pve", "/")).isEqualTo("PVEAuditor");
        assertThat(roles(m, "x@pve", "/vms")).isEqualTo("PVEVMUser");
        assertThat(roles(m, "x@pve", "/nodes/x")).isEqualTo("PVESysAdmin");
        // propagate 0 at /vms does not reach /vms/0, which inherits from /
        assertThat(roles(m, "x@pve", "/vms/0")).isEqualTo("PVEAuditor");
        assertThat(m.matrixPaths()).contains("/", "/vms", "/nodes/x").doesNotContain("/0", "/vms/0", "/nodes/0",
                "/nodes/0/x");
        assertThat(matrix(m)).noneMatch(l -> l.contains("/0"));
    }

    /** (d) Reference 2.6 "API tokens": a user name may contain {@code !}; the owner ends at the last one. */
    @Test
    void cornerD_tokenOwnerIsEverythingBeforeTheLastBang() {
        AccessModel m = Configs.model("""
                user:x!y@pve:1:0::::::
                user:x@pve:1:0::::::
                token:x!y@pve!t2:0:1::
                acl:1:/vms:x!y@pve:PVEVMUser:
                acl:1:/:x!y@pve!t2:PVEAuditor:
                """);
        assertThat(m.principals()).containsExactly("root@pam", "x!y@pve", "x!y@pve!t2", "x@pve");
        assertThat(m.snapshot().tokens().get(0).owner()).isEqualTo("x!y@pve");
        assertThat(m.snapshot().tokens().get(0).name()).isEqualTo("t2");
        assertThat(privs(m, "x!y@pve!t2", "/vms")).containsExactly("VM.Audit", "VM.GuestAgent.Audit");
        assertThat(privs(m, "x!y@pve!t2", "/")).isEmpty();
        assertThat(m.explain("x!y@pve!t2", "/vms").owner().principal()).isEqualTo("x!y@pve");
    }

    /** (e) Reference 2.8 "Pools": a VM id is any string of digits, read with Perl's int(). */
    @Test
    void cornerE_vmIdsAreDigitStringsNotInts() throws Exception {
        AccessModel m = with("""
                pool:big::2147483648,99999999999,0100,99999999999999999999::
                acl:1:/pool/big:x@pve:PVEVMUser:
                acl:1:/vms/4294967296:x@pve:PVEAuditor:
                """);
        for (String vm : List.of("/vms/2147483648", "/vms/99999999999", "/vms/100", "/vms/1e+20")) {
            assertThat(m.matrixPaths()).contains(vm);
            assertThat(m.privilegedPaths("x@pve").get(vm)).as(vm).containsExactlyElementsOf(role("PVEVMUser"));
        }
        assertThat(m.snapshot().pools().get(0).vms())
                .containsExactly("2147483648", "99999999999", "100", "1e+20");
        assertThat(privs(m, "x@pve", "/vms/4294967296")).containsExactlyElementsOf(role("PVEAuditor"));
        assertThat(matrix(m)).anyMatch(l -> l.startsWith("{\"principal\":\"x@pve\",\"path\":\"/vms/99999999999\""));
    }

    /**
     * (f) Reference 3.1 "user.cfg general syntax": lists are cut at the bytes 0x85 and 0xA0 too, so
     * {@code jà@pve} (C3 A0) in a list is read as {@code j\xC3} and {@code @pve}: the user loses its
     * memberships and grants, and its grant goes to a group named like its realm.
     */
    @Test
    void cornerF_latin1SpaceBytesCutNamesInLists() {
        AccessModel m = Configs.model("""
                user:jà@pve:1:0::::::
                user:Åsa@pve:1:0::::::
                user:x@pve:1:0::::::
                group:admins:jà@pve,Åsa@pve,x@pve:
                group:pve:x@pve:
                acl:1:/:@admins:PVEAuditor:
                acl:1:/vms:jà@pve:PVEVMAdmin:
                """);
        // Å is C3 85: "sa@pve" is a valid user id, kept as a member although no such user exists
        assertThat(m.snapshot().groups()).filteredOn(g -> g.id().equals("admins")).flatExtracting(g -> g.members())
                .containsExactly("sa@pve", "x@pve");
        assertThat(m.snapshot().acl()).extracting(e -> e.principal().spelling() + " " + e.path())
                .containsExactly("@admins /", "@pve /vms");
        for (String who : List.of("jà@pve", "Åsa@pve")) {
            assertThat(m.privilegedPaths(who)).as(who).isEmpty();
        }
        assertThat(privs(m, "x@pve", "/vms/100")).containsExactlyElementsOf(role("PVEVMAdmin"));
    }
}
