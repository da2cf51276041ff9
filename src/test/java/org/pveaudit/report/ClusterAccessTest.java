package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;

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
        List<Finding> prodFindings = fresh.findings().stream().map(StoredFinding::finding)
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

    /** A run of fewer clusters than threads explains a cluster's findings on several threads: the same lines. */
    @Test
    void evidenceExplainedOnSeveralThreadsIsTheEvidenceExplainedOnOne() {
        var large = new UserCfgSource("bench", Path.of(
                "bench/large-user.cfg"), null, "9.1", UserCfgParser.Mode.FAIL).collect();
        ClusterView one = new ClusterView(large, NOW);
        List<String> principals = one.access().principals().subList(0, 600);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < principals.size(); i++) {
            String p = principals.get(i);
            findings.add(finding(p, i % 3 == 0 ? "/vms/" + (100 + i) : null));
            findings.add(finding(p, null)); // the same principal and path again: explained once
        }
        findings.add(finding("@" + large.groups().get(0).id(), null));
        findings.add(finding("ghost@pve", "/"));
        ClusterAccess sequential = ClusterAccess.of(one, findings, 1);
        ClusterAccess parallel = ClusterAccess.of(new ClusterView(large, NOW), findings, 3);
        assertThat(parallel.evidence()).hasSize(principals.size() + principals.size() / 3 + 2)
                .isEqualTo(sequential.evidence());
        assertThat(parallel.evidence(findings.get(1))).anyMatch(l -> l.contains(" from "));
        assertThat(parallel.evidence(findings.get(findings.size() - 1)))
                .containsExactly("ghost@pve does not exist in the cluster");
    }

    private static Finding finding(String principal, String path) {
        return new Finding("bench", "PVE-TEST-001", Severity.HIGH, "t",
                SubjectKind.PRINCIPAL, principal, principal, path, "m");
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
