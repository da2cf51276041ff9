package org.pveaudit.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** explain(): which entries decided, which were overridden, and why. */
class ExplainTest {

    private static List<String> lines(Explanation e) {
        return e.entries().stream().map(x -> (x.decisive() ? "+" : "-") + x.entry().path() + " "
                + x.entry().principal().spelling() + " " + x.entry().role() + " " + x.reason()).toList();
    }

    @Test
    void deeperUserEntryReplacesGroupEntry() {
        Explanation e = Configs.model(Configs.T1).explain("max@pve", "/vms/100");
        assertThat(lines(e)).containsExactlyInAnyOrder("-/vms @testgroup1 vm_admin REPLACED_BY_DEEPER_PATH",
                "+/vms/100 max@pve customer EXACT_PATH");
        assertThat(e.privileges()).containsOnlyKeys("VM.Audit", "VM.PowerMgmt");
    }

    @Test
    void userOverGroupAndInheritedNoAccess() {
        Explanation e = Configs.model(Configs.T4).explain("User2@pve", "/vms/300");
        assertThat(lines(e)).containsExactlyInAnyOrder("-/vms @GroupA Role1 USER_OVER_GROUP",
                "+/vms User2@pve NoAccess PROPAGATED");
        assertThat(e.roles()).containsOnlyKeys("NoAccess");
    }

    @Test
    void nonPropagatedEntriesDoNotReach() {
        Explanation e = Configs.model(Configs.T5).explain("User2@pve", "/kvm/vms/100");
        assertThat(lines(e)).containsExactlyInAnyOrder("-/kvm User2@pve Role2 NOT_PROPAGATED",
                "-/kvm/vms User2@pve Role1 NOT_PROPAGATED");
        assertThat(e.roles()).isEmpty();
    }

    @Test
    void noAccessOfOneGroupCancelsAnother() {
        AccessModel m = Configs.model("user:x@pve:1:\ngroup:a:x@pve:\ngroup:b:x@pve:\n"
                + "acl:1:/:@a:PVEAuditor:\nacl:1:/:@b:NoAccess:\n");
        assertThat(lines(m.explain("x@pve", "/vms"))).containsExactlyInAnyOrder("-/ @a PVEAuditor NO_ACCESS",
                "+/ @b NoAccess PROPAGATED");
    }

    @Test
    void poolNoAccessBeatsRegularGrant() {
        Explanation e = Configs.model(Configs.T7).explain("User1@pve", "/vms/100");
        assertThat(lines(e)).containsExactlyInAnyOrder("-/vms User1@pve Role1 POOL_NO_ACCESS",
                "+/pool/devel User1@pve NoAccess POOL_NO_ACCESS");
        assertThat(e.privileges()).isEmpty();
    }

    @Test
    void poolRolesMerge() {
        Explanation e = Configs.model(Configs.T6).explain("User4@pve", "/vms/700");
        assertThat(lines(e)).containsExactly("+/pool/marketing @MARKETING RoleMARKETING POOL_MERGE");
        assertThat(e.privileges()).containsOnlyKeys("VM.Console");
    }

    @Test
    void regularNoAccessIsNotOverriddenByPools() {
        AccessModel m = Configs.model("user:x@pve:1:\nacl:1:/:x@pve:NoAccess:\nacl:1:/pool/p:x@pve:PVEVMAdmin:\npool:p::100::\n");
        assertThat(lines(m.explain("x@pve", "/vms/100"))).containsExactlyInAnyOrder("+/ x@pve NoAccess PROPAGATED",
                "-/pool/p x@pve PVEVMAdmin NO_ACCESS");
    }

    @Test
    void tokens() {
        AccessModel m = Configs.model(Configs.T8);
        Explanation privsep0 = m.explain("carol@pam!token", "/vms/200");
        assertThat(lines(privsep0)).containsExactly("-/vms/200 carol@pam!token vm_admin PRIVSEP0_OWNER");
        assertThat(privsep0.owner()).isNotNull();
        assertThat(lines(privsep0.owner())).contains("+/vms/200 @testgroup2 NoAccess EXACT_PATH");
        Explanation privsep1 = m.explain("max@pve!token2", "/vms/300");
        assertThat(lines(privsep1)).containsExactly("+/vms/300 max@pve!token2 Administrator EXACT_PATH");
        // everything of Administrator that max@pve lacks at /vms/300, in byte order
        List<String> removed = new java.util.ArrayList<>(
                org.pveaudit.model.PrivilegeCatalog.of(org.pveaudit.model.PveRelease.PVE9).privileges());
        removed.removeAll(List.of("VM.Allocate", "VM.Audit", "VM.Console", "VM.PowerMgmt"));
        removed.sort(null);
        assertThat(removed).hasSize(43);
        assertThat(privsep1.notes()).containsExactly("privilege-separated token: limited to its owner's privileges"
                + " (owner max@pve); removed: " + String.join(", ", removed));
        assertThat(privsep1.privileges()).containsOnlyKeys("VM.Allocate", "VM.Audit", "VM.Console", "VM.PowerMgmt");
        assertThat(privsep1.owner().principal()).isEqualTo("max@pve");
    }

    @Test
    void theTokenNoteNamesExactlyWhatTheIntersectionRemoved() {
        AccessModel m = Configs.model(Configs.T8);
        Explanation full = m.explain("max@pve!token", "/vms/200");
        assertThat(full.privileges()).containsOnlyKeys("Datastore.AllocateSpace", "Datastore.Audit");
        assertThat(full.notes()).containsExactly("token without privilege separation: the owner's privileges apply,"
                + " its own entries are ignored (owner max@pve)");
        // customer at /vms/200, where max@pve holds only storage_manager
        Explanation sep = m.explain("max@pve!token2", "/vms/200");
        assertThat(sep.notes()).containsExactly("privilege-separated token: limited to its owner's privileges"
                + " (owner max@pve); removed: VM.Audit, VM.PowerMgmt");
        assertThat(sep.privileges()).isEmpty();
        assertThat(sep.roles()).containsOnlyKeys("customer");
        // no entry of its own at /vms/100: nothing to remove
        assertThat(m.explain("max@pve!token2", "/vms/100").notes()).containsExactly(
                "privilege-separated token: limited to its owner's privileges (owner max@pve)");
    }

    @Test
    void privsepTokenOfRootKeepsItsOwnEntries() {
        AccessModel m = Configs.model("token:root@pam!tok:0:1::\nacl:1:/vms:root@pam!tok:PVEAuditor:\n");
        Explanation e = m.explain("root@pam!tok", "/vms/100");
        assertThat(lines(e)).containsExactly("+/vms root@pam!tok PVEAuditor PROPAGATED");
        assertThat(e.notes()).containsExactly(
                "privilege-separated token of root@pam: only its own entries count (no intersection)");
        assertThat(e.owner().principal()).isEqualTo("root@pam");
    }

    @Test
    void aTokensOwnEntriesDecideAndItsOwnerIsExplainedApart() {
        AccessModel m = Configs.model("user:x@pve:1:\ntoken:x@pve!tk:0:1::\n"
                + "acl:1:/:x@pve:Administrator:\nacl:1:/vms:x@pve:PVEVMAdmin:\nacl:1:/vms:x@pve!tk:PVEAuditor:\n");
        Explanation e = m.explain("x@pve!tk", "/vms");
        assertThat(lines(e)).containsExactly("+/vms x@pve!tk PVEAuditor EXACT_PATH");
        assertThat(lines(e.owner())).containsExactlyInAnyOrder("-/ x@pve Administrator REPLACED_BY_DEEPER_PATH",
                "+/vms x@pve PVEVMAdmin EXACT_PATH");
        assertThat(e.privileges()).containsOnlyKeys("VM.Audit", "VM.GuestAgent.Audit");
    }

    @Test
    void root() {
        Explanation e = Configs.model("acl:1:/:root@pam:NoAccess:\n").explain("root@pam", "/vms");
        assertThat(lines(e)).containsExactly("-/ root@pam NoAccess ROOT");
        assertThat(e.privileges()).hasSize(47);
        assertThat(e.roles()).containsOnlyKeys("Administrator");
    }
}
