package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.Dataset;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** The history's values: counts, stored findings, drift entries, digests, rule aliases and stored gaps. */
class HistoryValuesTest {

    private static final Finding F = new Finding("prod", "R1", Severity.HIGH, "t", SubjectKind.USER, "a@pve", "a@pve",
            null, "m");

    private static ClusterCounts counts(Integer critical, Integer high, Integer medium, Integer low, Integer info) {
        return new ClusterCounts(1, "prod", ClusterRun.Status.EVALUATED, "9.1", null, List.of(), null, critical, high,
                medium, low, info, 0, 0, 0, 0, 0, 0, 0, null);
    }

    @Test
    void clusterCountsAddUpBySeverityAndAreCountedOnceStored() {
        ClusterCounts c = counts(1, 2, 4, 8, 16);
        assertThat(c.counted()).isTrue();
        assertThat(c.total()).isEqualTo(31);
        assertThat(c.bySeverity()).isEqualTo(Map.of(Severity.CRITICAL, 1, Severity.HIGH, 2, Severity.MEDIUM, 4,
                Severity.LOW, 8, Severity.INFO, 16));
        ClusterCounts before = counts(null, null, null, null, null);
        assertThat(before.counted()).isFalse();
        assertThat(before.total()).isZero();
        assertThat(before.bySeverity()).containsValues(0, 0, 0, 0, 0);
        assertThat(ClusterCounts.n(null)).isZero();
        assertThat(ClusterCounts.n(7)).isEqualTo(7);
    }

    @Test
    void aStoredFindingKnowsItsAgeWhetherItIsFreshAndWaived() {
        Instant start = Instant.parse("2026-03-10T12:00:00Z");
        StoredFinding open = new StoredFinding(F, StoredFinding.State.OPEN, 1, "2026-03-01T13:00:00Z", null);
        assertThat(open.ageDays(start)).isEqualTo(8);
        assertThat(open.ageDays(null)).isZero();
        assertThat(open.ageDays(Instant.parse("2026-02-01T00:00:00Z"))).isZero();
        assertThat(new StoredFinding(F, StoredFinding.State.NEW, 1, null, null).ageDays(start)).isZero();
        assertThat(open.fresh()).isFalse();
        assertThat(open.waived()).isFalse();
        assertThat(new StoredFinding(F, StoredFinding.State.NEW, 1, null, 0).fresh()).isTrue();
        assertThat(new StoredFinding(F, StoredFinding.State.REGRESSED, 1, null, 0).fresh()).isTrue();
        assertThat(new StoredFinding(F, StoredFinding.State.NEW, 1, null, 0).waived()).isTrue();
    }

    @Test
    void aDriftEntryPrintsItsFieldsInOrder() {
        DriftEntry d = new DriftEntry("prod", DriftEntry.ObjectKind.TOKEN, DriftEntry.Change.CHANGED, "a@pve!t",
                "expire never", "expire 2027-01-01");
        assertThat(d.fields()).containsExactly(Map.entry("cluster", "prod"), Map.entry("object", "token"),
                Map.entry("change", "CHANGED"), Map.entry("key", "a@pve!t"), Map.entry("before", "expire never"),
                Map.entry("after", "expire 2027-01-01"));
        assertThat(d.describe()).isEqualTo("~ token a@pve!t: expire never -> expire 2027-01-01");
    }

    @Test
    void aDriftEntryIsOneLineForTheCommandLineWithItsDescriptionWhenThereIsOne() {
        assertThat(new DriftEntry("prod", DriftEntry.ObjectKind.TOKEN, DriftEntry.Change.ADDED, "root@pam!new", null,
                "expire never, privsep 0").describe()).isEqualTo("+ token root@pam!new (expire never, privsep 0)");
        assertThat(new DriftEntry("prod", DriftEntry.ObjectKind.USER, DriftEntry.Change.ADDED, "a@pve", null, null)
                .describe()).isEqualTo("+ user a@pve");
        assertThat(new DriftEntry("prod", DriftEntry.ObjectKind.USER, DriftEntry.Change.ADDED, "a@pve", null, "")
                .describe()).isEqualTo("+ user a@pve");
        assertThat(new DriftEntry("prod", DriftEntry.ObjectKind.GROUP, DriftEntry.Change.REMOVED, "ops", "a@pve", null)
                .describe()).isEqualTo("- group ops (a@pve)");
        assertThat(new DriftEntry("prod", DriftEntry.ObjectKind.ROLE, DriftEntry.Change.REMOVED, "Audit", null, null)
                .describe()).isEqualTo("- role Audit");
        assertThat(new DriftEntry("prod", DriftEntry.ObjectKind.REALM, DriftEntry.Change.REMOVED, "ad", "", null)
                .describe()).isEqualTo("- realm ad");
    }

    @Test
    void eachKindOfAccessObjectIsReadFromItsOwnDataset() {
        assertThat(DriftEntry.ObjectKind.USER.dataset()).isEqualTo(Dataset.USERS);
        assertThat(DriftEntry.ObjectKind.GROUP.dataset()).isEqualTo(Dataset.GROUPS);
        assertThat(DriftEntry.ObjectKind.TOKEN.dataset()).isEqualTo(Dataset.TOKENS);
        assertThat(DriftEntry.ObjectKind.ACL.dataset()).isEqualTo(Dataset.ACL);
        assertThat(DriftEntry.ObjectKind.ROLE.dataset()).isEqualTo(Dataset.ROLES);
        assertThat(DriftEntry.ObjectKind.REALM.dataset()).isEqualTo(Dataset.REALMS);
        assertThat(DriftEntry.ObjectKind.ACL.key()).isEqualTo("acl");
    }

    @Test
    void digestSetsRoundTripAndTellTheRowsTheOtherLacks() {
        DigestSet a = DigestSet.of(new long[] {30, 10, 20}, new long[] {3, 1, 2});
        DigestSet b = DigestSet.of(new long[] {20, 40}, new long[] {7, 8});
        assertThat(a.rowsNotIn(b)).containsExactly(1L, 3L);
        assertThat(b.rowsNotIn(a)).containsExactly(8L);
        assertThat(DigestSet.decode(a.encode(), false).rowsNotIn(b)).containsExactly(1L, 3L);
        assertThat(a.encode()).hasSize(48);
        DigestSet ids = DigestSet.ofIds(new long[] {5, -2, 9});
        assertThat(ids.encode()).hasSize(24);
        assertThat(DigestSet.decode(ids.encode(), true).rowsNotIn(DigestSet.ofIds(new long[] {9})))
                .containsExactly(-2L, 5L);
        assertThat(DigestSet.EMPTY.rowsNotIn(a)).isEmpty();
        assertThat(a.rowsNotIn(DigestSet.EMPTY)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aDigestDependsOnEveryPartAndWhereItEnds() {
        long d = DigestSet.digest("prod|R1|user|a@pve", "high", "");
        assertThat(DigestSet.digest("prod|R1|user|a@pve", "high", "")).isEqualTo(d);
        assertThat(DigestSet.digest("prod|R1|user|a@pve", "low", "")).isNotEqualTo(d);
        assertThat(DigestSet.digest("prod|R1|user|a@pve", "high", "waived")).isNotEqualTo(d);
        assertThat(DigestSet.digest("ab", "c")).isNotEqualTo(DigestSet.digest("a", "bc"));
        assertThat(DigestSet.digest("a")).isNotEqualTo(DigestSet.digest("a", ""));
    }

    @Test
    void ruleAliasesMapFormerIdsToTheCurrentOneInEveryIdentity() {
        RuleAliases aliases = new RuleAliases(Map.of("OLD-1", "NEW-1"));
        assertThat(aliases.canonical("old-1")).isEqualTo("NEW-1");
        assertThat(aliases.canonical("Old-1")).isEqualTo("NEW-1");
        assertThat(aliases.canonical("OTHER")).isEqualTo("OTHER");
        assertThat(aliases.key("prod", "OLD-1", "user", "a@pve")).isEqualTo("prod|NEW-1|user|a@pve");
        assertThat(aliases.key("prod|OLD-1|user|a@pve")).isEqualTo("prod|NEW-1|user|a@pve");
        assertThat(aliases.key("prod|X|user|a|b")).isEqualTo("prod|X|user|a|b");
        assertThat(aliases.fingerprints("prod", "NEW-1", "user", "a@pve"))
                .containsExactly("prod|NEW-1|user|a@pve", "prod|OLD-1|user|a@pve");
        assertThat(aliases.fingerprints("prod", "R2", "user", "a@pve")).containsExactly("prod|R2|user|a@pve");
        assertThat(aliases.asMap()).isEqualTo(Map.of("old-1", "NEW-1"));
        assertThat(RuleAliases.NONE.key("prod|OLD-1|user|a@pve")).isEqualTo("prod|OLD-1|user|a@pve");
        assertThat(RuleAliases.NONE.asMap()).isEmpty();
    }

    @Test
    void storedGapsNameTheirDatasets() {
        assertThat(LastKnown.datasets("tfa: GET /access/tfa (403)\nusers: GET /access/users (timeout)"))
                .containsExactlyInAnyOrder(Dataset.TFA, Dataset.USERS);
        assertThat(LastKnown.datasets("future: something new\nno colon here\n: empty name")).isEmpty();
        assertThat(LastKnown.datasets(null)).isEmpty();
        assertThat(LastKnown.datasets("  ")).isEmpty();
        assertThat(LastKnown.datasets("acl: x")).containsExactly(Dataset.ACL);
    }
}
