package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.ClusterView;

/**
 * A cluster's access is worked out once: in the evaluate step (then handed to the report step) or, without it, in
 * the report step; both must give the report the same.
 */
class ClusterAccessTest {

    private static final long NOW = HostileRun.STARTED.getEpochSecond();

    @Test
    void handedOverAccessGivesTheSameReportAsAccessWorkedOutInTheReportStep() {
        ReportData fresh = HostileRun.data();
        // the evaluate step's part, from a view whose rules already asked for every principal's privileges
        ClusterView evaluated = new ClusterView(HostileRun.prodSnapshot(), NOW);
        evaluated.access().principals().forEach(evaluated::row);
        ClusterAccess handed = ClusterAccess.of(evaluated);
        assertThat(handed.evidence()).isEmpty();

        ReportData viaHandOver = fresh.withAccess(2, Map.of(HostileRun.PROD, handed));
        ReportData recomputed = fresh.withAccess(2);
        for (ReportData d : List.of(viaHandOver, recomputed)) {
            ClusterAccess prod = d.access(HostileRun.PROD);
            assertThat(prod.held()).isEqualTo(fresh.access(HostileRun.PROD).held());
            assertThat(prod.privileged()).isEqualTo(fresh.access(HostileRun.PROD).privileged());
            for (StoredFinding f : d.findings()) {
                assertThat(d.evidence(f)).as(f.finding().fingerprint()).isEqualTo(fresh.evidence(f));
            }
        }
        assertThat(fresh.evidence(fresh.findings().get(0))).as("evidence is there to compare")
                .anyMatch(l -> l.startsWith("decides: /vms/100 alice@pve Escalator"));
        assertThat(viaHandOver.access(HostileRun.PROD).held().get("alice@pve").escalation())
                .containsKeys("Permissions.Modify", "User.Modify");
    }
}
