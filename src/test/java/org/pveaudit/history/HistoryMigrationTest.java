package org.pveaudit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pveaudit.review.Campaign;
import org.pveaudit.review.Decision;
import org.pveaudit.review.ReviewRow;
import org.pveaudit.rules.Severity;

/**
 * {@code history migrate}'s copy: every table of a SQLite history (runs, findings, drift, mail, a review campaign)
 * in PostgreSQL, read back the same through the stores, ids continuing, and the targets it must refuse.
 */
class HistoryMigrationTest extends HistoryDatabaseTest {

    private static final Instant START = Instant.parse("2027-01-02T09:00:00Z");

    private static ReviewRow row(String principal) {
        return new ReviewRow("prod", principal, "user", "ann", false, "d", Map.of("Realm", "pve"));
    }

    @Test
    void aHistoryIsCopiedTableByTableAndReadsTheSameOnPostgres() {
        long first = audit(snapshot("prod", List.of("a@pve", "b@pve")), evaluation("prod", List.of("R1", "R2"),
                finding("prod", "R1", Severity.HIGH, "a@pve"), finding("prod", "R2", Severity.LOW, "b@pve")));
        long second = audit(snapshot("prod", List.of("a@pve", "c@pve")), evaluation("prod", List.of("R1", "R2"),
                finding("prod", "R1", Severity.HIGH, "c@pve")));
        history.mail().record(second, new MailDelivery("SENT", "a@example.com", 1, null, "always", "subject",
                List.of("report.html")));
        // rows written out of alphabetical order: a campaign lists them as written, on either database
        Campaign campaign = history.reviews().open("Q1", second, LocalDate.of(2027, 1, 31), START,
                List.of(row("zed@pve"), row("alice@pve"), row("bob@pve")));
        history.reviews().recordImport(campaign.id(), "ops", "ann.xlsx", "aa", Set.of("ann"), List.of(
                new Decision("prod", "zed@pve", Decision.Verdict.REVOKE, "left", "ann", LocalDate.of(2027, 1, 5))));
        Path file = dir.resolve("history.db");

        HistoryConnection target = PostgresServer.newDatabase();
        List<TableCopy> copies = HistoryMigration.copy(file, target);

        assertThat(copies).extracting(TableCopy::table).containsExactlyElementsOf(HistoryMigration.TABLES);
        assertThat(copies).allMatch(TableCopy::matches);
        assertThat(copies).filteredOn(c -> List.of("audit_run", "review_row", "run_mail", "access_drift")
                .contains(c.table())).extracting(TableCopy::table, TableCopy::targetRows).containsExactly(
                org.assertj.core.groups.Tuple.tuple("audit_run", 2L),
                org.assertj.core.groups.Tuple.tuple("access_drift", (long) jdbc.queryForObject(
                        "SELECT COUNT(*) FROM access_drift", Long.class)),
                org.assertj.core.groups.Tuple.tuple("run_mail", 1L),
                org.assertj.core.groups.Tuple.tuple("review_row", 3L));

        AuditHistory pg = AuditHistory.open(target, true);
        assertThat(pg.runs().latest(10)).isEqualTo(history.runs().latest(10));
        assertThat(pg.findings().of(second)).isEqualTo(history.findings().of(second));
        assertThat(pg.comparison().resolved(second)).isEqualTo(history.comparison().resolved(second));
        assertThat(pg.comparison().drift(second)).isEqualTo(history.comparison().drift(second)).isNotEmpty();
        assertThat(pg.snapshots().snapshot(first, "prod")).isEqualTo(history.snapshots().snapshot(first, "prod"));
        assertThat(pg.mail().find(second)).isEqualTo(history.mail().find(second));
        assertThat(pg.reviews().rows(campaign.id())).extracting(ReviewRow::principal)
                .containsExactly("zed@pve", "alice@pve", "bob@pve");
        assertThat(pg.reviews().decisions(campaign.id())).isEqualTo(history.reviews().decisions(campaign.id()));
        // the identities go on after the copied ids
        assertThat(pg.runs().start("v", "c", "p", "high")).isEqualTo(second + 1);
        assertThat(pg.reviews().open("Q2", second, LocalDate.of(2027, 4, 30), START, List.of(row("x@pve"))).id())
                .isEqualTo(campaign.id() + 1);
    }

    @Test
    void aTargetThatIsNotEmptyOrNotPostgresAndASourceThatIsNoHistoryAreRefused() throws Exception {
        audit(snapshot("prod", List.of("a@pve")), evaluation("prod", List.of("R1")));
        Path file = dir.resolve("history.db");
        HistoryConnection target = PostgresServer.newDatabase();
        HistoryMigration.copy(file, target);
        assertThatThrownBy(() -> HistoryMigration.copy(file, target)).isInstanceOf(HistoryException.class)
                .hasMessage(target.describe() + " is not empty (audit_run has 1 rows): migrate into a new database");
        assertThatThrownBy(() -> HistoryMigration.copy(file, HistoryConnection.file(dir.resolve("other.db"))))
                .hasMessage("--to must be a jdbc:postgresql:// URL");
        Path notHistory = Files.writeString(dir.resolve("notes.txt"), "not a database");
        assertThatThrownBy(() -> HistoryMigration.copy(notHistory, PostgresServer.newDatabase()))
                .isInstanceOf(HistoryException.class).hasMessageContaining("is not a pve-audit history database");
    }
}
