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
        assertThat(privsep1.notes()).singleElement().asString().contains("limited to its owner")
                .contains("removed: ").contains("Sys.Modify");
        assertThat(privsep1.privileges()).containsOnlyKeys("VM.Allocate", "VM.Audit", "VM.Console", "VM.PowerMgmt");
        assertThat(privsep1.owner().principal()).isEqualTo("max@pve");
    }

    @Test
    void root() {
        Explanation e = Configs.model("acl:1:/:root@pam:NoAccess:\n").explain("root@pam", "/vms");
        assertThat(lines(e)).containsExactly("-/ root@pam NoAccess ROOT");
        assertThat(e.privileges()).hasSize(47);
        assertThat(e.roles()).containsOnlyKeys("Administrator");
    }
}
