package org.pveaudit.notify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.pveaudit.config.MailConfig;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.report.ReportData;
import org.pveaudit.rules.Severity;
import org.pveaudit.rules.Waiver;

/**
 * The outcome of a run as the e-mail tells it: which clusters, what is new (or regressed), what was
 * resolved, what could not be audited, and whether the run failed; decides the send policy and the
 * recipients.
 */
public record MailSummary(ReportData data, int exitCode, String failure, OptionalInt resolved) {

    /** Whether a finding is listed first: new or regressed (as {@code --fail-on-new} sees it). */
    public static boolean attention(StoredFinding f) {
        return f.fresh();
    }

    public List<String> clusterNames() {
        return data.clusters().stream().map(ClusterRun::cluster).toList();
    }

    public List<ClusterRun> notAudited() {
        return data.clusters().stream().filter(c -> !c.audited()).toList();
    }

    /** Unwaived findings, new or regressed first, then by severity (the history's order). */
    public List<StoredFinding> unwaived() {
        List<StoredFinding> list = new ArrayList<>(data.findings().stream().filter(f -> !f.waived()).toList());
        list.sort((a, b) -> Boolean.compare(attention(b), attention(a)));
        return list;
    }

    public Map<Severity, Integer> newBySeverity() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        data.findings().stream().filter(f -> !f.waived() && attention(f))
                .forEach(f -> counts.merge(f.finding().severity(), 1, Integer::sum));
        return counts;
    }

    public long open() {
        return data.findings().stream().filter(f -> !f.waived()).count();
    }

    /** Waivers that need an owner's attention: expiring soon, expired, or matching nothing. */
    public List<StoredWaiver> waiversToReview() {
        return data.waivers().stream().filter(w -> w.status(data.today()) != Waiver.Status.ACTIVE).toList();
    }

    /** The run did not audit everything: a job failure, a cluster not audited or invalid input. */
    public boolean failed() {
        return failure != null || !notAudited().isEmpty() || exitCode >= 2;
    }

    /** {@code [pve-audit] prod, lab: 2 new critical, 1 new high, 5 resolved, 3 not evaluated, 9 open, 1 cluster not audited}. */
    public String subject(String prefix) {
        List<String> parts = new ArrayList<>();
        Map<Severity, Integer> fresh = newBySeverity();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            if (fresh.getOrDefault(s, 0) > 0) {
                parts.add(fresh.get(s) + " new " + s.key());
            }
        }
        if (parts.isEmpty()) {
            parts.add("no new findings");
        }
        resolved.ifPresent(n -> {
            if (n > 0) {
                parts.add(n + " resolved");
            }
        });
        if (!data.unevaluated().isEmpty()) {
            // a coverage gap: earlier findings neither resolved nor open (docs/history.md)
            parts.add(data.unevaluated().size() + " not evaluated");
        }
        long open = open();
        parts.add(open + " open");
        int missing = notAudited().size();
        if (missing > 0) {
            parts.add(missing + (missing == 1 ? " cluster" : " clusters") + " not audited");
        }
        if (failure != null) {
            parts.add("run failed");
        }
        String clusters = String.join(", ", clusterNames());
        String text = (prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ")
                + (clusters.isEmpty() ? "" : clusters + ": ") + String.join(", ", parts);
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }

    /** Whether the policy sends a message for this run. */
    public boolean shouldSend(MailConfig.Send policy, Severity minSeverity) {
        return switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ON_FAILURE -> failed();
            case ON_FINDINGS -> failed() || data.findings().stream()
                    .anyMatch(f -> !f.waived() && f.finding().severity().atLeast(minSeverity));
            case ON_NEW_FINDINGS -> failed() || data.findings().stream()
                    .anyMatch(f -> !f.waived() && attention(f) && f.finding().severity().atLeast(minSeverity));
        };
    }

    /** To and Cc: the configured ones plus every route whose severity (and newness) the run reaches. */
    public Recipients recipients(MailConfig mail) {
        Set<String> to = new LinkedHashSet<>(mail.to());
        Set<String> cc = new LinkedHashSet<>(mail.cc());
        for (MailConfig.Route r : mail.routes()) {
            Severity min = Severity.parse(r.minSeverity());
            boolean hit = data.findings().stream().anyMatch(f -> !f.waived() && f.finding().severity().atLeast(min)
                    && (!r.newOnly() || attention(f)));
            if (hit) {
                to.addAll(r.to());
                cc.addAll(r.cc());
            }
        }
        cc.removeAll(to);
        return new Recipients(List.copyOf(to), List.copyOf(cc));
    }

    /** The addresses a message goes to. */
    public record Recipients(List<String> to, List<String> cc) {

        public boolean isEmpty() {
            return to.isEmpty() && cc.isEmpty();
        }

        @Override
        public String toString() {
            List<String> all = new ArrayList<>(to);
            cc.forEach(c -> all.add("cc:" + c));
            return String.join(", ", all);
        }
    }
}
