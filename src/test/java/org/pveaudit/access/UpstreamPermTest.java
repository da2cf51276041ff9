package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of upstream {@code perm-test1.pl} to {@code perm-test8.pl} (100 checks, reference 5.1
 * to 5.3), with the 9.x built-in roles. R = {@code roles}, P = {@code permissions}; an empty path is
 * upstream's {@code ''}, which resolves like {@code /} here because no test config has root entries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamPermTest {

    private static final String PVE_VM_ADMIN = "VM.Allocate,VM.Audit,VM.Backup,VM.Clone,VM.Config.CDROM,"
            + "VM.Config.CPU,VM.Config.Cloudinit,VM.Config.Disk,VM.Config.HWType,VM.Config.Memory,"
            + "VM.Config.Network,VM.Config.Options,VM.Console,VM.GuestAgent.Audit,VM.GuestAgent.FileRead,"
            + "VM.GuestAgent.FileSystemMgmt,VM.GuestAgent.FileWrite,VM.GuestAgent.Unrestricted,VM.Migrate,"
            + "VM.PowerMgmt,VM.Replicate,VM.Snapshot,VM.Snapshot.Rollback";
    private static final String ALL = "Datastore.Allocate,Datastore.AllocateSpace,Datastore.AllocateTemplate,"
            + "Datastore.Audit,Group.Allocate,Mapping.Audit,Mapping.Modify,Mapping.Use,Permissions.Modify,"
            + "Pool.Allocate,Pool.Audit,Realm.Allocate,Realm.AllocateUser,SDN.Allocate,SDN.Audit,SDN.Use,"
            + "Sys.AccessNetwork,Sys.Audit,Sys.Console,Sys.Incoming,Sys.Modify,Sys.PowerMgmt,Sys.Syslog,"
            + "User.Modify," + PVE_VM_ADMIN;

    /** One model per configuration, shared by the checks of this class only (one instance per class). */
    private final Map<String, AccessModel> models = new HashMap<>();

    private AccessModel model(String name) {
        return models.computeIfAbsent(name, n -> Configs.model(switch (n) {
            case "T1" -> Configs.T1;
            case "T2" -> Configs.T2;
            case "T3" -> Configs.T3;
            case "T4" -> Configs.T4;
            case "T5" -> Configs.T5;
            case "T6" -> Configs.T6;
            case "T7" -> Configs.T7;
            default -> Configs.T8;
        }));
    }

    static Stream<Arguments> checks() {
        return Stream.of(permTests1To5(), permTest6(), permTests7And8()).flatMap(s -> s);
    }

    private static Stream<Arguments> permTests1To5() {
        return Stream.of(
                // perm-test1 (14)
                c("T1", "R", "max@pve", "/", ""),
                c("T1", "R", "max@pve", "/vms", "vm_admin"),
                c("T1", "R", "max@pve", "/vms/100", "customer"),
                c("T1", "R", "max@pve", "/vms/101", "vm_admin"),
                c("T1", "P", "max@pve", "/", ""),
                c("T1", "P", "max@pve", "/vms", "Permissions.Modify,VM.Allocate,VM.Audit,VM.Console"),
                c("T1", "P", "max@pve", "/vms/100", "VM.Audit,VM.PowerMgmt"),
                c("T1", "P", "alex@pve", "/vms", ""),
                c("T1", "P", "alex@pve", "/vms/100", "VM.Audit,VM.PowerMgmt"),
                c("T1", "P", "alex@pve", "/vms/300", PVE_VM_ADMIN),
                c("T1", "P", "alex@pve", "/vms/400", ALL),
                c("T1", "R", "max@pve", "/vms/200", "storage_manager"),
                c("T1", "R", "joe@pve", "/vms/200", "vm_admin"),
                c("T1", "R", "sue@pve", "/vms/200", "NoAccess"),
                // perm-test2 (6)
                c("T2", "R", "User1@pve", "/", ""),
                c("T2", "R", "User2@pve", "/", ""),
                c("T2", "R", "User1@pve", "/vms", "Role1,Role2"),
                c("T2", "R", "User2@pve", "/vms", ""),
                c("T2", "R", "User1@pve", "/vms/100", "Role1,Role2"),
                c("T2", "R", "User2@pve", "/vms", ""),
                // perm-test3 (4)
                c("T3", "R", "User1@pve", "", ""),
                c("T3", "R", "User2@pve", "", ""),
                c("T3", "R", "User1@pve", "/vms/300", "Role1"),
                c("T3", "R", "User1@pve", "/vms/200", "Role2"),
                // perm-test4 (2)
                c("T4", "R", "User1@pve", "/vms/300", "Role1"),
                c("T4", "R", "User2@pve", "/vms/300", "NoAccess"),
                // perm-test5 (11)
                c("T5", "R", "User1@pve", "/vms", "Role1"),
                c("T5", "R", "User1@pve", "/vms/100", "Role1"),
                c("T5", "R", "User1@pve", "/vms/100/a", "Role1"),
                c("T5", "R", "User1@pve", "/vms/100/a/b", "Role2"),
                c("T5", "R", "User1@pve", "/vms/100/a/b/c", "Role2"),
                c("T5", "R", "User1@pve", "/vms/200", "Role1"),
                c("T5", "R", "User2@pve", "/kvm", "Role2"),
                c("T5", "R", "User2@pve", "/kvm/vms", "Role1"),
                c("T5", "R", "User2@pve", "/kvm/vms/100", ""),
                c("T5", "R", "User2@pve", "/kvm/vms/100/a", "Role3"),
                c("T5", "R", "User2@pve", "/kvm/vms/100/a/b", ""));
    }

    private static Stream<Arguments> permTest6() {
        return Stream.of(
                // perm-test6 (42)
                c("T6", "R", "User1@pve", "", ""),
                c("T6", "R", "User2@pve", "", ""),
                c("T6", "R", "User3@pve", "", ""),
                c("T6", "R", "User4@pve", "", ""),
                c("T6", "R", "User1@pve", "/vms", "RoleTEST1"),
                c("T6", "R", "User2@pve", "/vms", "RoleTEST1"),
                c("T6", "R", "User3@pve", "/vms", "NoAccess"),
                c("T6", "R", "User4@pve", "/vms", ""),
                c("T6", "R", "User1@pve", "/vms/100", "RoleTEST1"),
                c("T6", "R", "User2@pve", "/vms/100", "RoleTEST1"),
                c("T6", "R", "User3@pve", "/vms/100", "NoAccess"),
                c("T6", "R", "User4@pve", "/vms/100", ""),
                c("T6", "R", "User1@pve", "/vms/300", "RoleTEST1"),
                c("T6", "R", "User2@pve", "/vms/300", "RoleTEST1"),
                c("T6", "R", "User3@pve", "/vms/300", "NoAccess"),
                c("T6", "R", "User4@pve", "/vms/300", "RoleTEST1"),
                c("T6", "P", "User1@pve", "/vms/500", "VM.Console,VM.PowerMgmt"),
                c("T6", "P", "User2@pve", "/vms/500", "VM.Console,VM.PowerMgmt"),
                c("T6", "R", "User3@pve", "/vms/500", "NoAccess"),
                c("T6", "P", "User3@pve", "/vms/500", ""),
                c("T6", "R", "User4@pve", "/vms/500", ""),
                c("T6", "P", "User4@pve", "/vms/500", ""),
                c("T6", "R", "intern@pve", "/vms/600", ""),
                c("T6", "R", "intern@pve", "/vms/700", ""),
                c("T6", "R", "User4@pve", "/vms/700", ""),
                c("T6", "P", "intern@pve", "/vms/600", ""),
                c("T6", "P", "intern@pve", "/vms/700", "VM.Audit"),
                c("T6", "P", "User4@pve", "/vms/700", "VM.Console"),
                c("T6", "R", "intern@pve", "/pool/marketing/interns", "RoleINTERN"),
                c("T6", "R", "User4@pve", "/pool/marketing/interns", "RoleMARKETING"),
                c("T6", "P", "User1@pve", "/vms/600", "VM.Console"),
                c("T6", "P", "User2@pve", "/vms/600", "VM.Console"),
                c("T6", "P", "User3@pve", "/vms/600", ""),
                c("T6", "P", "User4@pve", "/vms/600", "VM.Console"),
                c("T6", "P", "User1@pve", "/storage/store1", "VM.Console,VM.PowerMgmt"),
                c("T6", "P", "User2@pve", "/storage/store1", "VM.PowerMgmt"),
                c("T6", "P", "User3@pve", "/storage/store1", "VM.PowerMgmt"),
                c("T6", "P", "User4@pve", "/storage/store1", "VM.Console"),
                c("T6", "P", "User1@pve", "/storage/store2", "VM.PowerMgmt"),
                c("T6", "P", "User2@pve", "/storage/store2", "VM.PowerMgmt"),
                c("T6", "P", "User3@pve", "/storage/store2", "VM.PowerMgmt"),
                c("T6", "P", "User4@pve", "/storage/store2", ""));
    }

    private static Stream<Arguments> permTests7And8() {
        return Stream.of(
                // perm-test7 (4)
                c("T7", "R", "User1@pve", "/vms", "Role1"),
                c("T7", "R", "User1@pve", "/vms/200", "Role1"),
                c("T7", "R", "User1@pve", "/vms/100", "Role1"),
                c("T7", "P", "User1@pve", "/vms/100", ""),
                // perm-test8 (17)
                c("T8", "R", "max@pve", "/", ""),
                c("T8", "R", "max@pve", "/vms", "vm_admin"),
                c("T8", "R", "max@pve", "/vms/100", "customer"),
                c("T8", "R", "max@pve", "/vms/101", "vm_admin"),
                c("T8", "P", "max@pve", "/", ""),
                c("T8", "P", "max@pve", "/vms", "VM.Allocate,VM.Audit,VM.Console"),
                c("T8", "P", "max@pve", "/vms/100", "VM.Audit,VM.PowerMgmt"),
                c("T8", "P", "alex@pve", "/vms", ""),
                c("T8", "P", "alex@pve", "/vms/100", "VM.Audit,VM.PowerMgmt"),
                c("T8", "R", "max@pve", "/vms/200", "storage_manager"),
                c("T8", "R", "joe@pve", "/vms/200", "vm_admin"),
                c("T8", "R", "sue@pve", "/vms/200", "NoAccess"),
                c("T8", "R", "carol@pam", "/vms/200", "NoAccess"),
                c("T8", "R", "carol@pam!token", "/vms/200", "NoAccess"),
                c("T8", "R", "max@pve!token", "/vms/200", "storage_manager"),
                c("T8", "R", "max@pve!token2", "/vms/200", "customer"),
                c("T8", "P", "max@pve!token2", "/vms/300", "VM.Allocate,VM.Audit,VM.Console,VM.PowerMgmt"));
    }

    private static Arguments c(String cfg, String kind, String principal, String path, String expected) {
        return Arguments.of(cfg, kind, principal, path, expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> ''{4}''")
    @MethodSource("checks")
    void matchesUpstream(String cfg, String kind, String principal, String path, String expected) {
        AccessModel m = model(cfg);
        String got = kind.equals("R") ? Configs.join(m.roles(principal, path).keySet())
                : Configs.join(m.privileges(principal, path).keySet());
        assertThat(got).isEqualTo(expected);
        if (kind.equals("P")) {
            // the fast paths agree with the direct computation
            String p = path.isEmpty() ? "/" : path;
            boolean any = !expected.isEmpty();
            String firstPriv = any ? expected.split(",")[0] : "VM.Audit";
            assertThat(m.whoCan(firstPriv, p, 0).stream().anyMatch(h -> h.principal().equals(principal)))
                    .isEqualTo(any);
        }
    }

    @org.junit.jupiter.api.Test
    void hasAllHundredUpstreamChecks() {
        assertThat(checks().count()).isEqualTo(100);
    }
}
