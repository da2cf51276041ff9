package org.pveaudit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.AclEntry;
import org.pveaudit.model.ApiToken;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.model.Dataset;
import org.pveaudit.model.Principal;
import org.pveaudit.model.Snapshots;

class RuleEngineTest {

    private final RuleExpressions expressions = new RuleExpressions();
    private final List<RulePack> baseline = List.of(new RulePackLoader(expressions).load("classpath:rules/baseline.yml"));
    private static final List<String> SEEDS = List.of("PVE-ACL-001", "PVE-TOKEN-001", "PVE-TOKEN-002");

    private static ClusterSnapshot snapshot(List<ApiToken> tokens, List<AclEntry> acl, List<CoverageGap> gaps) {
        return Snapshots.builder().identity("c1", "9.1.4").tokens(tokens).acl(acl).gaps(gaps).build();
    }

    @Test
    void seedRulesFlagAdminAtRootAndUnsafeTokensButNotTheirCompliantCounterparts() {
        ClusterSnapshot s = snapshot(
                List.of(new ApiToken("a@pve!forever", 0, true, null),
                        new ApiToken("a@pve!shared", 1893456000L, false, null),
                        new ApiToken("a@pve!good", 1893456000L, true, null)),
                List.of(new AclEntry("/", Principal.group("admins"), "Administrator", true),
                        new AclEntry("/", Principal.user("root@pam"), "Administrator", true),
                        new AclEntry("/vms", Principal.user("ops@pve"), "PVEAdmin", true),
                        new AclEntry("/", Principal.token("a@pve!shared"), "PVEAdmin", false),
                        new AclEntry("/", Principal.user("audit@pve"), "PVEAuditor", true)),
                List.of());
        RuleEngine.Evaluation result = new RuleEngine(expressions).evaluate(baseline, new ClusterView(s, 1_700_000_000L),
                RuleSettings.DEFAULTS);
        // the other baseline rules have their own fixtures (rules/tests); here only the seed rules count
        assertThat(result.findings()).filteredOn(f -> SEEDS.contains(f.ruleId()))
                .extracting(Finding::ruleId, Finding::subjectKey).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("PVE-ACL-001", "/|@admins|Administrator"),
                org.assertj.core.groups.Tuple.tuple("PVE-ACL-001", "/|a@pve!shared|PVEAdmin"),
                org.assertj.core.groups.Tuple.tuple("PVE-TOKEN-001", "a@pve!forever"),
                org.assertj.core.groups.Tuple.tuple("PVE-TOKEN-002", "a@pve!shared"));
        Finding admin = result.findings().stream().filter(f -> f.ruleId().equals("PVE-ACL-001")).findFirst()
                .orElseThrow();
        assertThat(admin.message()).isEqualTo("group @admins holds Administrator at / (propagate true)");
        assertThat(admin.fingerprint()).isEqualTo("c1|PVE-ACL-001|acl|/|@admins|Administrator");
        assertThat(result.outcomes()).filteredOn(o -> SEEDS.contains(o.ruleId())).extracting(RuleOutcome::status)
                .containsOnly(RuleOutcome.Status.FAILED);
    }

    @Test
    void aRuleWhoseDataIsMissingIsNotEvaluatedNeverPassed() {
        ClusterSnapshot s = snapshot(List.of(), List.of(new AclEntry("/", Principal.user("x@pve"), "PVEAuditor", true)),
                List.of(new CoverageGap(Dataset.TOKENS, "access/users.json", "HTTP 403")));
        RuleEngine.Evaluation result = new RuleEngine(expressions).evaluate(baseline, new ClusterView(s, 0), RuleSettings.DEFAULTS);
        assertThat(result.outcomes()).filteredOn(o -> o.ruleId().startsWith("PVE-TOKEN"))
                .allSatisfy(o -> {
                    assertThat(o.status()).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
                    assertThat(o.reason()).contains("access/users.json (HTTP 403)");
                });
        assertThat(result.outcomes()).filteredOn(o -> o.ruleId().equals("PVE-ACL-001"))
                .extracting(RuleOutcome::status).containsExactly(RuleOutcome.Status.PASSED);
    }
}
