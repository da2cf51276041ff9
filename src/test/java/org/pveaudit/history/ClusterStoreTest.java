package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;

/** The clusters of each run: how far each got, its counts, and the trend of counts over runs. */
class ClusterStoreTest extends HistoryDatabaseTest {

    @Test
    void clustersAreListedByNameWithHowFarTheyGot() {
        long id = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(id, snapshot("zeta", List.of("a@pve")));
        history.clusters().saveFailed(id, "alpha", ClusterRun.Status.INVALID_INPUT, "bad user.cfg line 3");
        history.clusters().saveFailed(id, "mid", ClusterRun.Status.NOT_AUDITED, "connection refused");
        List<ClusterRun> clusters = history.clusters().of(id);
        assertThat(clusters).extracting(ClusterRun::cluster).containsExactly("alpha", "mid", "zeta");
        assertThat(clusters).extracting(ClusterRun::status).containsExactly(ClusterRun.Status.INVALID_INPUT,
                ClusterRun.Status.NOT_AUDITED, ClusterRun.Status.COLLECTED);
        assertThat(clusters.get(0).error()).isEqualTo("bad user.cfg line 3");
        assertThat(clusters.get(0).collectedAt()).isNull();
        assertThat(clusters.get(0).runId()).isEqualTo(id);
        assertThat(history.clusters().counts(id)).allSatisfy(c -> assertThat(c.counted()).isFalse());
        assertThat(history.clusters().counts(id).get(0).gaps()).isEmpty();
    }

    @Test
    void aFailedCollectionReplacesAnEarlierAttempt() {
        long id = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(id, snapshot("prod", List.of("a@pve")));
        history.clusters().saveFailed(id, "prod", ClusterRun.Status.NOT_AUDITED, "timeout");
        assertThat(history.clusters().of(id)).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ClusterRun.Status.NOT_AUDITED);
            assertThat(c.pveVersion()).isNull();
        });
        assertThat(history.snapshots().snapshot(id, "prod")).isNull();
    }

    @Test
    void countsOfSeveralRunsComeByRunAndEveryRunAsked() {
        long a = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1"),
                finding("prod", "R1", Severity.HIGH, "a@pve"), finding("prod", "R1", Severity.LOW, "b@pve")));
        long b = history.runs().start("v", "c", "p", "high");
        long none = history.runs().start("v", "c", "p", "high");
        history.clusters().saveFailed(b, "prod", ClusterRun.Status.NOT_AUDITED, "x");
        history.clusters().saveFailed(b, "lab", ClusterRun.Status.NOT_AUDITED, "y");
        Map<Long, List<ClusterCounts>> counts = history.clusters().counts(List.of(a, b, none));
        assertThat(counts.keySet()).containsExactly(a, b, none);
        assertThat(counts.get(a)).singleElement().satisfies(c -> {
            assertThat(c.high()).isEqualTo(1);
            assertThat(c.low()).isEqualTo(1);
            assertThat(c.newFindings()).isEqualTo(2);
        });
        assertThat(counts.get(b)).extracting(ClusterCounts::cluster).containsExactly("lab", "prod");
        assertThat(counts.get(none)).isEmpty();
        assertThat(history.clusters().counts(List.of())).isEmpty();
    }

    @Test
    void theTrendHasTheLastRunsOfEachClusterOldestFirst() {
        long[] prod = new long[3];
        for (int i = 0; i < 3; i++) {
            Finding[] f = new Finding[i + 1];
            for (int j = 0; j <= i; j++) {
                f[j] = finding("prod", "R1", Severity.CRITICAL, "u" + j + "@pve");
            }
            prod[i] = audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1"), f));
        }
        long lab = audit(snapshot("lab", List.of("a@pve")), evaluation("lab", List.of("R1"),
                finding("lab", "R1", Severity.LOW, "x@pve")));
        // neither a run still running nor a replay is part of the trend
        long running = history.runs().start("v", "c", "p", "high");
        history.snapshots().save(running, snapshot("prod", List.of("a@pve")));
        history.findings().saveEvaluation(running, "prod", evaluation("prod", List.of("R1")));
        history.comparison().compareWithPrevious(running);
        long replay = history.runs().start("v", "c", "p", FailurePolicy.DEFAULT, prod[0]);
        history.snapshots().save(replay, snapshot("prod", List.of("a@pve")));
        history.findings().saveEvaluation(replay, "prod", evaluation("prod", List.of("R1")));
        history.comparison().compareWithPrevious(replay);
        history.runs().complete(replay, null, 0, Retention.FOREVER);

        List<TrendPoint> two = history.clusters().trend("prod", 2);
        assertThat(two).extracting(TrendPoint::runId).containsExactly(prod[1], prod[2]);
        assertThat(two).extracting(p -> p.counts().get(Severity.CRITICAL)).containsExactly(2, 3);
        assertThat(two).extracting(TrendPoint::newFindings).containsExactly(1, 1);
        assertThat(two.get(0).startedAt()).isBefore(Instant.now().plusSeconds(1));
        List<TrendPoint> all = history.clusters().trend(null, 10);
        assertThat(all).extracting(TrendPoint::cluster).containsExactly("lab", "prod", "prod", "prod");
        assertThat(all.get(0).runId()).isEqualTo(lab);
        assertThat(all.get(0).counts().get(Severity.LOW)).isEqualTo(1);
    }
}
