package org.pveaudit.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pveaudit.config.MailConfig;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.report.ReportData;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.SubjectKind;

/** Send policy, routing and subject, on hand-made run data. */
class MailSummaryTest {

    private static final AuditRun RUN = new AuditRun(7, Instant.parse("2026-01-02T03:04:05Z"), null, "RUNNING",
            "test", "hash", "baseline@1.0", "high", null, null);

    private static StoredFinding finding(String cluster, Severity severity, StoredFinding.State state, boolean waived) {
        return new StoredFinding(new Finding(cluster, "R-" + severity, severity, "t", SubjectKind.TOKEN,
                "a@pve!t" + severity + state, "a@pve", null, "m"), state, 1, "x", waived ? 0 : null);
    }

    private static ClusterRun cluster(String name, boolean audited) {
        return new ClusterRun(7, name, audited ? ClusterRun.Status.EVALUATED : ClusterRun.Status.NOT_AUDITED,
                audited ? "9.1" : null, audited ? null : "connection refused", null);
    }

    private static MailSummary summary(List<ClusterRun> clusters, List<StoredFinding> findings, int exit) {
        return new MailSummary(new ReportData(RUN, clusters, List.of(), findings, List.of(), LocalDate.of(2026, 1, 2),
                List.of(), List.of()), exit, null, OptionalInt.empty());
    }

    private static MailConfig mail(MailConfig.Send send, List<MailConfig.Route> routes) {
        return new MailConfig("smtp.example.com", null, null, null, null, null, null, "audit@example.com",
                List.of("sec@example.com"), List.of("cc@example.com"), send, null, routes, null, null, null, null,
                null, null);
    }

    @Test
    void subjectCountsNewBySeverityOpenAndClustersNotAudited() {
        MailSummary s = summary(List.of(cluster("prod", true), cluster("lab", true), cluster("dr", false)),
                List.of(finding("prod", Severity.CRITICAL, StoredFinding.State.NEW, false),
                        finding("lab", Severity.CRITICAL, StoredFinding.State.NEW, false),
                        finding("lab", Severity.HIGH, StoredFinding.State.OPEN, false),
                        finding("lab", Severity.HIGH, StoredFinding.State.NEW, true)), 3);
        assertThat(s.subject("[pve-audit]"))
                .isEqualTo("[pve-audit] prod, lab, dr: 2 new (2 critical), 1 open, 1 cluster not audited");
        MailSummary withResolved = new MailSummary(s.data(), 3, "boom", OptionalInt.of(5));
        assertThat(withResolved.subject("[pve-audit]"))
                .isEqualTo("[pve-audit] prod, lab, dr: 2 new (2 critical), 5 resolved, 1 open, 1 cluster not audited, "
                        + "run failed");
    }

    @Test
    void theMessageListsOnlyNewAndRegressedFindingsUpToItsCapAndCountsTheRest() {
        List<StoredFinding> findings = new java.util.ArrayList<>();
        for (int i = 0; i < MailTemplates.MAX_LISTED + 7; i++) {
            findings.add(new StoredFinding(new Finding("prod", "R-" + i, Severity.HIGH, "t", SubjectKind.TOKEN,
                    "a@pve!t" + i, "a@pve", null, "m"), i % 2 == 0 ? StoredFinding.State.NEW
                    : StoredFinding.State.REGRESSED, 1, "x", null));
        }
        findings.add(finding("prod", Severity.CRITICAL, StoredFinding.State.OPEN, false));
        Map<String, Object> model = MailTemplates.model(summary(List.of(cluster("prod", true)), findings, 1), "s",
                null, List.of(), null);
        List<?> listed = (List<?>) model.get("findings");
        assertThat(listed).hasSize(MailTemplates.MAX_LISTED);
        assertThat(listed).noneMatch(f -> "open".equalsIgnoreCase(String.valueOf(((Map<?, ?>) f).get("state"))));
        assertThat(model.get("notListed")).isEqualTo(7);
    }

    @Test
    void theMessageListsResolvedFindingsAndAccessChangesUpToTheirCapAndCountsTheRest() {
        List<EarlierFinding> resolved = new java.util.ArrayList<>();
        List<DriftEntry> drift = new java.util.ArrayList<>();
        for (int i = 0; i < MailTemplates.MAX_CHANGES + 3; i++) {
            resolved.add(new EarlierFinding(new Finding("prod", "R-" + i, Severity.HIGH, "t", SubjectKind.ACL,
                    "/|a@pve|R" + i, "a@pve", "/", "gone " + i), 1, "x", 6, null));
            drift.add(new DriftEntry("prod", DriftEntry.ObjectKind.ACL, DriftEntry.Change.CHANGED, "/vms/" + i
                    + "|a@pve", "roles PVEAuditor", "roles PVEAdmin"));
        }
        ReportData data = new ReportData(RUN, List.of(cluster("prod", true)), List.of(), List.of(), List.of(),
                LocalDate.of(2026, 1, 2), List.of(), List.of(), resolved, drift, Map.of(), List.of(),
                Map.of());
        Map<String, Object> model = MailTemplates.model(new MailSummary(data, 0, null, OptionalInt.of(23)), "s",
                null, List.of(), null);
        assertThat((List<?>) model.get("resolvedList")).hasSize(MailTemplates.MAX_CHANGES)
                .first().extracting(f -> ((Map<?, ?>) f).get("role")).isEqualTo("R0");
        assertThat(model.get("resolvedNotListed")).isEqualTo(3);
        assertThat((List<?>) model.get("drift")).hasSize(MailTemplates.MAX_CHANGES).first()
                .extracting(d -> ((Map<?, ?>) d).get("after")).isEqualTo("roles PVEAdmin");
        assertThat(model.get("driftNotListed")).isEqualTo(3);
    }

    @Test
    void eachSendPolicy() {
        var quiet = summary(List.of(cluster("prod", true)), List.of(), 0);
        var openOnly = summary(List.of(cluster("prod", true)),
                List.of(finding("prod", Severity.HIGH, StoredFinding.State.OPEN, false)), 1);
        var lowNew = summary(List.of(cluster("prod", true)),
                List.of(finding("prod", Severity.LOW, StoredFinding.State.NEW, false)), 0);
        var waivedNew = summary(List.of(cluster("prod", true)),
                List.of(finding("prod", Severity.CRITICAL, StoredFinding.State.NEW, true)), 0);
        var down = summary(List.of(cluster("prod", false)), List.of(), 3);
        Severity low = Severity.LOW;
        Severity high = Severity.HIGH;
        for (var s : List.of(quiet, openOnly, lowNew, waivedNew, down)) {
            assertThat(s.shouldSend(MailConfig.Send.ALWAYS, low)).isTrue();
            assertThat(s.shouldSend(MailConfig.Send.NEVER, low)).isFalse();
        }
        assertThat(List.of(quiet, openOnly, lowNew, waivedNew, down))
                .extracting(s -> s.shouldSend(MailConfig.Send.ON_FAILURE, low))
                .containsExactly(false, false, false, false, true);
        assertThat(List.of(quiet, openOnly, lowNew, waivedNew, down))
                .extracting(s -> s.shouldSend(MailConfig.Send.ON_FINDINGS, low))
                .containsExactly(false, true, true, false, true);
        assertThat(List.of(quiet, openOnly, lowNew, waivedNew, down))
                .extracting(s -> s.shouldSend(MailConfig.Send.ON_NEW_FINDINGS, low))
                .containsExactly(false, false, true, false, true);
        assertThat(lowNew.shouldSend(MailConfig.Send.ON_NEW_FINDINGS, high)).isFalse();
        assertThat(openOnly.shouldSend(MailConfig.Send.ON_FINDINGS, high)).isTrue();
    }

    @Test
    void routesAddRecipientsBySeverityAndNewness() {
        var routes = List.of(new MailConfig.Route("critical", List.of("oncall@example.com"), List.of(), false),
                new MailConfig.Route("high", List.of(), List.of("lead@example.com", "sec@example.com"), true));
        MailConfig mail = mail(MailConfig.Send.ALWAYS, routes);
        var critical = summary(List.of(cluster("prod", true)),
                List.of(finding("prod", Severity.CRITICAL, StoredFinding.State.OPEN, false)), 1);
        assertThat(critical.recipients(mail).to()).containsExactly("sec@example.com", "oncall@example.com");
        assertThat(critical.recipients(mail).cc()).containsExactly("cc@example.com");
        var newHigh = summary(List.of(cluster("prod", true)),
                List.of(finding("prod", Severity.HIGH, StoredFinding.State.NEW, false)), 1);
        assertThat(newHigh.recipients(mail).to()).containsExactly("sec@example.com");
        // sec@ is already in To, so it is not repeated in Cc
        assertThat(newHigh.recipients(mail).cc()).containsExactly("cc@example.com", "lead@example.com");
        var waivedCritical = summary(List.of(cluster("prod", true)),
                List.of(finding("prod", Severity.CRITICAL, StoredFinding.State.NEW, true)), 0);
        assertThat(waivedCritical.recipients(mail).to()).containsExactly("sec@example.com");
    }

    @Test
    void backoffGrowsAndIsBounded() {
        assertThat(MailNotifier.backoff(java.time.Duration.ofMillis(100), 1)).hasMillis(100);
        assertThat(MailNotifier.backoff(java.time.Duration.ofMillis(100), 3)).hasMillis(400);
        assertThat(MailNotifier.backoff(java.time.Duration.ofSeconds(30), 5)).hasSeconds(60);
    }
}
