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

    @Test
    void evidenceWorkedOutInTheEvaluateStepIsTheReportStepsAndSparesItTheEngine() {
        ReportData fresh = HostileRun.data();
        List<org.pveaudit.rules.Finding> prodFindings = fresh.findings().stream().map(StoredFinding::finding)
                .filter(f -> f.cluster().equals(HostileRun.PROD)).toList();
        ClusterView evaluated = new ClusterView(HostileRun.prodSnapshot(), NOW);
        ClusterAccess handed = ClusterAccess.of(evaluated, prodFindings);
        ClusterAccess half = ClusterAccess.of(evaluated, prodFindings.subList(0, prodFindings.size() / 2));

        ReportData allExplained = fresh.withAccess(1, Map.of(HostileRun.PROD, handed));
        ReportData halfExplained = fresh.withAccess(1, Map.of(HostileRun.PROD, half));
        assertThat(allExplained.access(HostileRun.PROD)).as("nothing left to explain: taken as handed over")
                .isSameAs(handed);
        assertThat(halfExplained.access(HostileRun.PROD)).isNotSameAs(half);
        for (ReportData d : List.of(allExplained, halfExplained)) {
            for (StoredFinding f : d.findings()) {
                assertThat(d.evidence(f)).as(f.finding().fingerprint()).isEqualTo(fresh.evidence(f));
            }
        }
        assertThat(prodFindings).anyMatch(f -> f.principal() != null && f.path() == null)
                .anyMatch(f -> f.principal() != null && f.path() != null);
        assertThat(ClusterAccess.explainsAll(XlsxReport.EVIDENCE_LIMIT)).isTrue();
        assertThat(ClusterAccess.explainsAll(XlsxReport.EVIDENCE_LIMIT + 1)).isFalse();
    }

    @Test
    void talliesInOnePassCountWhatThePerClusterMethodsCount() {
        ReportData data = HostileRun.data();
        Map<String, ReportData.Tally> tallies = data.tallies();
        assertThat(tallies).containsKeys(HostileRun.PROD, HostileRun.LAB);
        for (String c : tallies.keySet()) {
            ReportData.Tally t = tallies.get(c);
            assertThat(t.bySeverity()).isEqualTo(data.countBySeverity(c));
            assertThat(t.waived()).isEqualTo(data.waived(c));
            assertThat(t.newFindings()).isEqualTo(data.newFindings(c));
            assertThat(t.resolved()).isEqualTo(data.resolvedFindings(c));
            assertThat(t.unevaluated()).isEqualTo(data.unevaluatedFindings(c));
            assertThat(t.drift()).isEqualTo(data.driftEntries(c));
            for (var status : org.pveaudit.rules.RuleOutcome.Status.values()) {
                assertThat(t.outcomes(status)).isEqualTo(data.outcomes(c, status));
            }
        }
        assertThat(tallies.get(HostileRun.PROD).waived()).isPositive();
        assertThat(tallies.get(HostileRun.PROD).drift()).isEqualTo(3);
    }
}
