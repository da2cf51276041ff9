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

    private long unwaived(StoredFinding.State state) {
        return data.findings().stream().filter(f -> !f.waived() && f.state() == state).count();
    }

    /** Waivers that need an owner's attention: expiring soon, expired, or matching nothing. */
    public List<StoredWaiver> waiversToReview() {
        return data.waivers().stream().filter(w -> w.status(data.today()) != Waiver.Status.ACTIVE).toList();
    }

    /** The run did not audit everything: a job failure, a cluster not audited, invalid input or a rule that failed. */
    public boolean failed() {
        return failure != null || !notAudited().isEmpty() || exitCode >= 2;
    }

    /**
     * {@code [pve-audit] prod, lab: 3 new (2 critical, 1 high), 5 resolved, 1 regressed, 3 not evaluated, 8 open,
     * 1 rule failed, 1 cluster not audited}. New, regressed and open add up to the unwaived findings: "open" are
     * those seen before and still there.
     */
    public String subject(String prefix) {
        List<String> parts = new ArrayList<>();
        Map<Severity, Integer> fresh = newBySeverity();
        List<String> bySeverity = new ArrayList<>();
        int fresher = 0;
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)) {
            int n = fresh.getOrDefault(s, 0);
            if (n > 0) {
                bySeverity.add(n + " " + s.key());
                fresher += n;
            }
        }
        parts.add(fresher == 0 ? "no new findings" : fresher + " new (" + String.join(", ", bySeverity) + ")");
        resolved.ifPresent(n -> {
            if (n > 0) {
                parts.add(n + " resolved");
            }
        });
        long regressed = unwaived(StoredFinding.State.REGRESSED);
        if (regressed > 0) {
            parts.add(regressed + " regressed");
        }
        if (!data.unevaluated().isEmpty()) {
            // a coverage gap: earlier findings neither resolved nor open (docs/history.md)
            parts.add(data.unevaluated().size() + " not evaluated");
        }
        parts.add(unwaived(StoredFinding.State.OPEN) + " open");
        int ruleErrors = data.ruleErrors().size();
        if (ruleErrors > 0) {
            parts.add(ruleErrors + (ruleErrors == 1 ? " rule" : " rules") + " failed");
        }
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
