package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

class EvidenceTest {

    private final ClusterView prod = new ClusterView(HostileRun.prodSnapshot(), HostileRun.STARTED.getEpochSecond());

    @Test
    void aFindingWithoutAPathNamesTheEntriesThatDecideEachPathNotThePrivilegeNames() {
        Finding f = new Finding(HostileRun.PROD, "PVE-PRIV-001", Severity.HIGH, "t", SubjectKind.PRINCIPAL,
                "alice@pve", "alice@pve", null, "m");
        List<String> lines = Evidence.of(f, prod);
        // the 14 paths that inherit the group's entry at / are one line
        assertThat(lines).containsExactly("/ (+13 paths alike): 2 privileges from / @ops Auditor (propagate)",
                "/vms/100: 3 privileges from /vms/100 alice@pve Escalator (propagate)");
        assertThat(lines).noneMatch(l -> l.contains("Permissions.Modify"));
    }

    @Test
    void aTokenWithoutPrivilegeSeparationIsTracedToItsOwner() {
        Finding f = new Finding(HostileRun.PROD, "PVE-PRIV-001", Severity.HIGH, "t", SubjectKind.PRINCIPAL,
                "alice@pve!ci", "alice@pve!ci", null, "m");
        assertThat(Evidence.of(f, prod)).contains(
                "/vms/100: 3 privileges from no entry of its own; owner: /vms/100 alice@pve Escalator (propagate)");
    }
}
