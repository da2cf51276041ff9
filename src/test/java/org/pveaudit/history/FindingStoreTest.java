package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.rules.Waiver;

/** What the rules said of a cluster: outcomes, findings, their digests, and the waivers and aliases in force. */
class FindingStoreTest extends HistoryDatabaseTest {

    private static final Finding CRITICAL = finding("prod", "R1", Severity.CRITICAL, "root@pam");
    private static final Finding LOW = finding("prod", "R2", Severity.LOW, "bob@pve");
    private static final Finding HIGH = finding("prod", "R3", Severity.HIGH, "alice@pve");

    private static Waiver waiver(String rule, String reason) {
        return new Waiver(rule, "prod", null, null, null, reason, "secops", LocalDate.of(2027, 1, 31), "SEC-1",
                "waivers.yml");
    }

    /** A run of prod with these findings stored; {@code waived} lists the indexes waived by waiver 0. */
    private long evaluated(List<Finding> findings, Integer... waived) {
        long id = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(id, snapshot("prod", List.of("a@pve")));
        List<Integer> waivedBy = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            waivedBy.add(Arrays.asList(waived).contains(i) ? 0 : null);
        }
        history.findings().saveEvaluation(id, "prod", new RuleEngine.Evaluation(List.of(
                outcome("prod", "R2", RuleOutcome.Status.FAILED, 1), outcome("prod", "R1", RuleOutcome.Status.FAILED, 1),
                new RuleOutcome("prod", "R9", Severity.MEDIUM, "t9", RuleOutcome.Status.ERROR, 0, "boom")),
                findings, waivedBy));
        return id;
    }

    @Test
    void aStoredFindingReadsBackAsTheRuleFoundItWithItsPrincipalAndPath() {
        Finding acl = new Finding("prod", "PVE-ACL-001", Severity.HIGH, "Administrator at the root", SubjectKind.ACL,
                "/|@admins|Administrator", "@admins", "/", "group admins holds Administrator on /");
        long id = evaluated(List.of(acl));
        assertThat(history.findings().of(id)).singleElement().satisfies(f -> assertThat(f.finding()).isEqualTo(acl));
    }

    @Test
    void anEvaluationStoresOutcomesAndFindingsAndMarksTheClusterEvaluated() {
        long id = evaluated(List.of(LOW, CRITICAL, HIGH), 0);
        assertThat(history.findings().outcomes(id)).containsExactly(outcome("prod", "R1", RuleOutcome.Status.FAILED, 1),
                outcome("prod", "R2", RuleOutcome.Status.FAILED, 1),
                new RuleOutcome("prod", "R9", Severity.MEDIUM, "t9", RuleOutcome.Status.ERROR, 0, "boom"));
        List<StoredFinding> stored = history.findings().of(id);
        assertThat(stored).extracting(StoredFinding::finding).containsExactly(CRITICAL, HIGH, LOW);
        assertThat(stored).extracting(StoredFinding::waiver).containsExactly(null, null, 0);
        assertThat(history.clusters().of(id).get(0).status()).isEqualTo(ClusterRun.Status.EVALUATED);
    }

    @Test
    void aRepeatedEvaluationReplacesTheEarlierAttempt() {
        long id = evaluated(List.of(LOW, CRITICAL));
        history.findings().saveEvaluation(id, "prod", evaluation("prod", List.of("R3"), HIGH));
        assertThat(history.findings().of(id)).extracting(StoredFinding::finding).containsExactly(HIGH);
        assertThat(history.findings().outcomes(id)).extracting(RuleOutcome::ruleId).containsExactly("R3");
        assertThat(history.findings().digests(id, "prod").rowsNotIn(DigestSet.EMPTY)).hasSize(1);
    }

    @Test
    void freshFindingsAreTheNewAndRegressedOnesMostSevereFirst() {
        long first = evaluated(List.of(LOW, CRITICAL));
        history.comparison().compareWithPrevious(first);
        history.runs().complete(first, null, 1, Retention.FOREVER);
        long second = evaluated(List.of(LOW, HIGH, CRITICAL));
        history.comparison().compareWithPrevious(second);
        assertThat(history.findings().fresh(first)).extracting(StoredFinding::finding).containsExactly(CRITICAL, LOW);
        assertThat(history.findings().fresh(second)).extracting(StoredFinding::finding).containsExactly(HIGH);
        assertThat(history.findings().of(second)).extracting(StoredFinding::state).containsExactly(
                StoredFinding.State.OPEN, StoredFinding.State.NEW, StoredFinding.State.OPEN);
    }

    @Test
    void keysAndFullFindingsById() {
        long id = evaluated(List.of(LOW, CRITICAL), 0);
        List<FindingStore.FindingKey> keys = history.findings().keys(id);
        assertThat(keys).extracting(FindingStore.FindingKey::fingerprint)
                .containsExactlyInAnyOrder(LOW.fingerprint(), CRITICAL.fingerprint());
        FindingStore.FindingKey low = keys.stream().filter(k -> k.severity().equals("low")).findFirst().orElseThrow();
        assertThat(low.waived()).isTrue();
        assertThat(low.cluster()).isEqualTo("prod");
        assertThat(keys).filteredOn(k -> k.severity().equals("critical")).singleElement()
                .satisfies(k -> assertThat(k.waived()).isFalse());
        Map<Long, StoredFinding> byId = history.findings().byId(keys.stream().map(FindingStore.FindingKey::id).toList());
        assertThat(byId.get(low.id()).finding()).isEqualTo(LOW);
        assertThat(byId).hasSize(2);
        assertThat(history.findings().byId(List.of())).isEmpty();
    }

    @Test
    void manyFindingsAreReadByIdInParts() {
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            many.add(new Finding("prod", "R1", Severity.INFO, "t", SubjectKind.USER, "u" + i + "@pve", null, null, "m"));
        }
        long id = evaluated(many);
        List<Long> ids = history.findings().keys(id).stream().map(FindingStore.FindingKey::id).toList();
        assertThat(history.findings().byId(ids)).hasSize(1203);
    }

    @Test
    void digestsChangeWithSeverityAndWaiverButNotTheMessage() {
        long a = evaluated(List.of(LOW, CRITICAL));
        long b = evaluated(List.of(new Finding(LOW.cluster(), LOW.ruleId(), LOW.severity(), LOW.title(), LOW.subject(),
                LOW.subjectKey(), LOW.principal(), LOW.path(), "reworded"), CRITICAL));
        long c = evaluated(List.of(LOW, CRITICAL), 1);
        DigestSet da = history.findings().digests(a, "prod");
        assertThat(da.rowsNotIn(history.findings().digests(b, "prod"))).isEmpty();
        assertThat(da.rowsNotIn(history.findings().digests(c, "prod"))).hasSize(1);
        assertThat(history.findings().digests(a, "elsewhere")).isNull();
    }

    @Test
    void waiversInForceAreStoredInOrderWithTheFindingsEachCovered() {
        long id = evaluated(List.of(LOW, CRITICAL, HIGH), 0, 2);
        history.findings().saveWaivers(id, List.of(waiver("R1", "first"), waiver("R2", "second")));
        history.findings().saveWaivers(id, List.of(waiver("R2", "accepted risk"), waiver("R3", "unused")));
        List<StoredWaiver> waivers = history.findings().waivers(id);
        assertThat(waivers).extracting(w -> w.waiver().reason()).containsExactly("accepted risk", "unused");
        assertThat(waivers.get(0).waiver()).isEqualTo(waiver("R2", "accepted risk"));
        assertThat(waivers).extracting(StoredWaiver::matched).containsExactly(2, 0);
    }

    @Test
    void ruleAliasesAreStoredLowerCaseAndReplacedByALaterAttempt() {
        long id = history.runs().start("v", "c", "p", "high");
        history.findings().saveRuleAliases(id, Map.of("OLD-1", "NEW-1", "old-2", "NEW-2"));
        assertThat(history.findings().ruleAliases(id).asMap()).isEqualTo(Map.of("old-1", "NEW-1", "old-2", "NEW-2"));
        assertThat(history.findings().ruleAliases(id).canonical("OLD-1")).isEqualTo("NEW-1");
        history.findings().saveRuleAliases(id, Map.of("old-3", "NEW-3"));
        assertThat(history.findings().ruleAliases(id).asMap()).isEqualTo(Map.of("old-3", "NEW-3"));
        assertThat(history.findings().ruleAliases(id + 1).asMap()).isEmpty();
    }
}
