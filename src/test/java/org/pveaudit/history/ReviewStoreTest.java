package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;

class ReviewStoreTest extends HistoryDatabaseTest {

    private static final Instant START = Instant.parse("2027-01-02T09:00:00Z");

    private static ReviewRow row(String cluster, String principal, String reviewer) {
        return new ReviewRow(cluster, principal, principal.contains("!") ? "token" : "user", reviewer, false, "d",
                Map.of("Realm", "pve"));
    }

    private static Decision decision(String principal, Decision.Verdict v, String reviewer) {
        return new Decision("prod", principal, v, "because", reviewer, LocalDate.of(2027, 1, 5));
    }

    @Test
    void aCampaignKeepsItsRowsAndAnImportReplacesOnlyItsReviewersEarlierAnswers() {
        Campaign c = history.reviews().open("2027-Q1", 3, LocalDate.of(2027, 1, 31), START,
                List.of(row("prod", "alice@pve", "ann"), row("prod", "bob@pve", "ben"), row("lab", "eve@pve", "ann")));
        assertThat(c.token()).hasSize(32);
        assertThat(history.reviews().rows(c.id())).extracting(ReviewRow::principal)
                .containsExactly("alice@pve", "bob@pve", "eve@pve");
        assertThat(history.reviews().rows(c.id()).get(0).facts()).containsEntry("Realm", "pve");

        history.reviews().recordImport(c.id(), "ops", "ann.xlsx", "aa", Set.of("ann"),
                List.of(decision("alice@pve", Decision.Verdict.REVOKE, "ann")));
        history.reviews().recordImport(c.id(), "ops", "ben.xlsx", "bb", Set.of("ben"),
                List.of(decision("bob@pve", Decision.Verdict.KEEP, "ben")));
        // ann imports again: her revoke becomes a keep, ben's answer stays
        history.reviews().recordImport(c.id(), "ops", "ann-2.xlsx", "cc", Set.of("ann"),
                List.of(decision("alice@pve", Decision.Verdict.KEEP, "ann")));

        assertThat(history.reviews().decisions(c.id())).extracting(Decision::principal, Decision::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice@pve", Decision.Verdict.KEEP),
                        org.assertj.core.groups.Tuple.tuple("bob@pve", Decision.Verdict.KEEP));
        assertThat(history.reviews().imports(c.id())).extracting(ReviewStore.Import::sha256)
                .containsExactly("aa", "bb", "cc");
    }

    @Test
    void theStateOfAClusterIsItsLatestCampaignStartedByThenAndNoneWithout() {
        Campaign first = history.reviews().open("Q1", 1, LocalDate.of(2027, 1, 31), START,
                List.of(row("prod", "alice@pve", null)));
        Campaign second = history.reviews().open("Q2", 2, LocalDate.of(2027, 4, 30), START.plusSeconds(86_400 * 90),
                List.of(row("prod", "alice@pve", null), row("lab", "eve@pve", null)));
        assertThat(history.reviews().stateOf("prod", START.plusSeconds(60)).orElseThrow().campaign().id())
                .isEqualTo(first.id());
        assertThat(history.reviews().stateOf("prod", START.plusSeconds(86_400 * 100)).orElseThrow().campaign().id())
                .isEqualTo(second.id());
        assertThat(history.reviews().stateOf("lab", START.plusSeconds(60))).isEmpty();
        assertThat(history.reviews().stateOf("edge", START.plusSeconds(86_400 * 100))).isEmpty();
        assertThat(history.reviews().stateOf("lab", START.plusSeconds(86_400 * 100)).orElseThrow().rows())
                .extracting(ReviewRow::principal).containsExactly("eve@pve");
    }

    @Test
    void campaignsOutliveTheRetentionOfRuns() {
        long run = history.runs().start("test", "hash", "baseline@1", "high");
        history.reviews().open("Q1", run, LocalDate.of(2027, 1, 31), START, List.of(row("prod", "alice@pve", null)));
        jdbc.update("DELETE FROM audit_run WHERE id = ?", run);
        assertThat(history.reviews().campaigns()).extracting(Campaign::name).containsExactly("Q1");
    }
}
