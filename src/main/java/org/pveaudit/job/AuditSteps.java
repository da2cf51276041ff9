package org.pveaudit.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.pveaudit.config.ConfigFolder;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.failure.Cause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.Checkpoint;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.report.ClusterAccess;
import org.pveaudit.report.CsvReport;
import org.pveaudit.report.HtmlReport;
import org.pveaudit.report.JunitReport;
import org.pveaudit.report.SarifReport;
import org.pveaudit.report.JsonReport;
import org.pveaudit.report.MatrixReport;
import org.pveaudit.report.ReportData;
import org.pveaudit.report.ReportFolders;
import org.pveaudit.report.XlsxReport;
import org.pveaudit.rules.ClusterContext;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.model.Dataset;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.model.User;
import java.util.Set;
import java.util.stream.Collectors;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.SourceUnavailableException;
import org.pveaudit.model.Count;
import org.pveaudit.work.ClusterWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of each step of the {@code audit} job. Steps share nothing in memory: each reads what
 * the previous one stored for the run id, so any step can be restarted on its own.
 */
public class AuditSteps {

    private static final Logger log = LoggerFactory.getLogger(AuditSteps.class);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final AuditRequest request;
    private final AuditHistory history;
    private final RuleEngine rules;
    private final Checkpoint checkpoint;
    /**
     * What the evaluate step worked out of each cluster's access, for the report step of the same run; a report
     * step that runs without it (a restart, a rewritten report) works it out again from the stored snapshot.
     */
    private final Map<String, ClusterAccess> access = new ConcurrentHashMap<>();

    public AuditSteps(AuditRequest request, AuditHistory history, RuleEngine rules) {
        this(request, history, rules, Checkpoint.NONE);
    }

    /** @param checkpoint reached at {@code collect}, {@code evaluate} and {@code report} (the crash tests stop there) */
    public AuditSteps(AuditRequest request, AuditHistory history, RuleEngine rules, Checkpoint checkpoint) {
        this.request = request;
        this.history = history;
        this.rules = rules;
        this.checkpoint = checkpoint;
    }

    /**
     * Reads one cluster; a cluster that cannot be read is recorded as not audited, not thrown. For a
     * replay, the cluster's snapshot comes from the replayed run instead of its source.
     *
     * @return what was collected ({@link #contents}), or null when the cluster was not audited
     */
    public String collect(long runId, String cluster) {
        return collect(runId, cluster, () -> true);
    }

    /**
     * Reads one cluster as {@link #collect(long, String)}, storing it only if {@code stillWanted} says so once it
     * is read: a worker whose manager stopped waiting for the cluster drops what it read rather than store it
     * into a run that has moved on.
     */
    public String collect(long runId, String cluster, java.util.function.BooleanSupplier stillWanted) {
        long start = System.nanoTime();
        Long replayOf = history.runs().run(runId).map(AuditRun::replayOf).orElse(null);
        try {
            ClusterSnapshot snapshot;
            if (replayOf != null) {
                ClusterRun stored = history.clusters().of(replayOf).stream().filter(c -> c.cluster().equals(cluster))
                        .findFirst().orElse(null);
                if (stored == null || !stored.audited()) {
                    history.clusters().saveFailed(runId, cluster, stored == null ? ClusterRun.Status.NOT_AUDITED
                            : stored.status(), "not audited in run " + replayOf
                            + (stored == null || stored.error() == null ? "" : ": " + stored.error()));
                    return null;
                }
                snapshot = history.snapshots().snapshot(replayOf, cluster);
            } else {
                snapshot = read(cluster);
            }
            if (!stillWanted.getAsBoolean()) {
                log.warn("{}: read, but the run stopped waiting for it: not stored", cluster);
                return null;
            }
            history.snapshots().save(runId, recorded(snapshot));
            checkpoint.reached("collect");
            String contents = contents(snapshot);
            log.info("{}: collected {} in {} ms", cluster, contents, (System.nanoTime() - start) / 1_000_000);
            return contents;
        } catch (SourceException e) {
            log.warn("{}: not audited: {}", cluster, e.getMessage());
            history.clusters().saveFailed(runId, cluster, ClusterRun.Status.INVALID_INPUT,
                    request.configFolder().relative(e.getMessage()));
        } catch (SourceUnavailableException e) {
            log.warn("{}: not audited: {}", cluster, e.getMessage());
            history.clusters().saveFailed(runId, cluster, ClusterRun.Status.NOT_AUDITED,
                    request.configFolder().relative(e.getMessage()));
        }
        return null;
    }

    /** What a snapshot holds, as the log and the progress line say it: "48 users, 12 tokens, …, 5 pools". */
    static String contents(ClusterSnapshot snapshot) {
        return Count.of(snapshot.users().size(), "user") + ", " + Count.of(snapshot.tokens().size(), "token") + ", "
                + Count.of(snapshot.groups().size(), "group") + ", "
                + Count.of(snapshot.acl().size(), "ACL entry", "ACL entries") + ", "
                + Count.of(snapshot.pools().size(), "pool");
    }

    /** Reads a cluster from its source; a defect in reading costs that cluster, never the run. */
    private ClusterSnapshot read(String cluster) {
        try {
            return ClusterSources.of(request.cluster(cluster)).collect();
        } catch (SourceException | SourceUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.debug("{}: internal error while reading", cluster, e);
            throw new SourceUnavailableException("internal error while reading: " + e, e);
        }
    }

    /**
     * The snapshot as the run records it: file names in its gaps and warnings relative to the configuration's
     * folder, since reports (and the rule outcomes that cite gaps) go out by mail.
     */
    private ClusterSnapshot recorded(ClusterSnapshot s) {
        ConfigFolder folder = request.configFolder();
        return s.withGapsAndWarnings(s.gaps().stream().map(g -> new CoverageGap(g.dataset(),
                        folder.relative(g.source()), folder.relative(g.reason()))).toList(),
                s.warnings().stream().map(folder::relative).toList());
    }

    /**
     * Evaluates every collected cluster, {@link AuditRequest#parallelism()} at once. A replay evaluates as of the replayed run's start (expiry
     * rules and waivers see the same day), so the current rules meet the data as it was then.
     */
    public void evaluate(long runId) {
        AuditRun run = history.runs().run(runId).orElseThrow();
        // as of the run's start, the instant its reports say it is as of (and hand over to: see #access)
        Instant at = run.replayOf() == null ? run.startedAt()
                : history.runs().run(run.replayOf()).map(AuditRun::startedAt).orElse(run.startedAt());
        long now = at.getEpochSecond();
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // the same waivers at the same positions (findings refer to them by position), named relative to the folder
        history.findings().saveWaivers(runId, request.waivers().stream()
                .map(w -> w.withSource(request.configFolder().relative(w.source()))).toList());
        Map<String, String> aliases = new HashMap<>();
        request.packs().forEach(p -> p.rules().forEach(r -> r.aliases().forEach(a -> aliases.put(a, r.id()))));
        history.findings().saveRuleAliases(runId, aliases);
        List<String> collected = history.clusters().of(runId).stream()
                .filter(c -> c.status() == ClusterRun.Status.COLLECTED).map(ClusterRun::cluster).toList();
        boolean handOver = run.replayOf() == null && request.showsAccess();
        String peopleGap = peopleGap(runId);
        boolean linking = peopleGap == null && request.linksPeople();
        // the rules about people wait until every cluster's accounts are known; the others run now
        List<RulePack> packs = linking ? request.packs().stream().map(p -> p.with(r -> r.subject() != SubjectKind.PERSON))
                .toList() : request.packs();
        Map<String, Pending> pending = new ConcurrentHashMap<>();
        AtomicBoolean first = new AtomicBoolean(true);
        ClusterWork.map(collected, request.parallelism(), c -> {
            long start = System.nanoTime();
            ClusterView view = view(runId, c, now, peopleGap);
            RuleEngine.Evaluation result = rules.evaluate(packs, view, request.settings(c), request.waivers(), today);
            if (handOver) { // a replay's rules see the replayed day, its reports the run's own: worked out again there
                access.put(c, ClusterAccess.of(view));
            }
            if (linking) { // the engine is dropped here: what linking needs of it is which users are administrators
                pending.put(c, new Pending(result, administrators(view), System.nanoTime() - start));
            } else {
                store(runId, c, result, System.nanoTime() - start, first);
            }
            return c;
        });
        if (linking) {
            judgePeople(runId, now, today, pending, first);
        }
    }

    /**
     * The rules about people, once every cluster's other rules have run: the accounts of every audited cluster
     * linked into people, then each pending cluster's evaluation completed and stored.
     */
    private void judgePeople(long runId, long now, LocalDate today, Map<String, Pending> pending, AtomicBoolean first) {
        List<RulePack> packs = request.packs().stream().map(p -> p.with(r -> r.subject() == SubjectKind.PERSON))
                .toList();
        List<ClusterSnapshot> snapshots = new ArrayList<>();
        Map<String, Set<String>> admins = new HashMap<>();
        for (ClusterRun c : history.clusters().of(runId)) {
            if (c.audited()) {
                ClusterSnapshot s = history.snapshots().snapshot(runId, c.cluster());
                snapshots.add(s);
                Pending p = pending.get(c.cluster());
                // a cluster evaluated before a restart is asked again
                admins.put(c.cluster(), p != null ? p.admins() : administrators(new ClusterView(s, now)));
            }
        }
        PeopleIndex people = PeopleIndex.of(snapshots, request.identities(), now,
                (c, user) -> admins.get(c).contains(user));
        people.unknown().forEach(u -> log.warn("identities: no such account in this run: {}", u));
        ClusterWork.map(List.copyOf(pending.keySet()), request.parallelism(), c -> {
            long start = System.nanoTime();
            Pending p = pending.get(c);
            RuleEngine.Evaluation about = rules.evaluate(packs, view(runId, c, now, null).withPeople(people),
                    request.settings(c), request.waivers(), today);
            store(runId, c, p.result().plus(about), p.nanos() + System.nanoTime() - start, first);
            return c;
        });
    }

    private static Set<String> administrators(ClusterView view) {
        return view.snapshot().users().stream().map(User::id).filter(view::adminEquivalent).collect(Collectors.toSet());
    }

    /** A cluster's evaluation without the rules about people, and which of its users are administrator-equivalent. */
    private record Pending(RuleEngine.Evaluation result, Set<String> admins, long nanos) {
    }

    private void store(long runId, String cluster, RuleEngine.Evaluation result, long nanos, AtomicBoolean first) {
        history.findings().saveEvaluation(runId, cluster, result);
        log.info("{}: {} evaluated, {} in {} ms", cluster, Count.of(result.outcomes().size(), "rule"),
                Count.of(result.findings().size(), "finding"), nanos / 1_000_000);
        if (first.getAndSet(false)) {
            checkpoint.reached("evaluate");
        }
    }

    /**
     * A cluster's view as of {@code now}: its snapshot, the review campaign in force then (a replay's: the replayed
     * run's), its declared access; the people unknown for {@code peopleGap}, or until linked.
     */
    private ClusterView view(long runId, String cluster, long now, String peopleGap) {
        ClusterSnapshot snapshot = history.snapshots().snapshot(runId, cluster);
        return new ClusterView(snapshot, now, new ClusterContext(
                history.reviews().stateOf(cluster, Instant.ofEpochSecond(now)).orElse(null),
                request.declared().get(cluster), null,
                peopleGap != null ? peopleGap : "people are linked across the run's clusters before their rules run"));
    }

    /**
     * Why the people across clusters are not known in this run, or null when they are: every configured cluster
     * audited, collected, and its users read.
     */
    private String peopleGap(long runId) {
        int configured = request.config().clusters().size();
        if (request.clusters().size() < configured) {
            return "this run audits " + request.clusters().size() + " of the " + configured
                    + " configured clusters; accounts on the others are not known";
        }
        List<String> unknown = new ArrayList<>();
        for (ClusterRun c : history.clusters().of(runId)) {
            if (!c.audited()) {
                unknown.add(c.cluster() + " (not read)");
            } else if (history.snapshots().snapshot(runId, c.cluster()).missing().contains(Dataset.USERS)) {
                unknown.add(c.cluster() + " (users not read)");
            }
        }
        return unknown.isEmpty() ? null : "accounts on other clusters are not known: " + String.join(", ", unknown);
    }

    public void compare(long runId) {
        history.comparison().compareWithPrevious(runId);
    }

    /**
     * Writes the configured formats into {@code <out>/<run timestamp>-r<run id>/}. A file that cannot be written
     * fails the step with one line naming it and the cause (a full disk, a read-only folder); what it wrote of
     * itself is deleted, so no cut-off report is left looking complete.
     */
    public Path report(long runId) {
        ReportData data = ReportData.of(history, runId).withIdentities(request.identities());
        if (request.showsAccess()) {
            data = data.withAccess(request.parallelism(), Map.copyOf(access));
        }
        access.clear(); // held for this step only
        Path dir = request.outDir().resolve(FOLDER.format(data.run().startedAt()) + "-r" + runId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ReportFailure("cannot write reports to " + dir + ": " + Cause.of(e), e);
        }
        Path templates = request.config().report().templates() == null ? null
                : Path.of(request.config().report().templates());
        boolean json = request.formats().contains(ReportConfig.ReportFormat.JSON);
        for (ReportConfig.ReportFormat format : request.formats()) {
            Path file = dir.resolve(fileOf(format));
            try {
                switch (format) {
                    case HTML -> new HtmlReport(templates).withRules(request.packs()).write(data, dir);
                    case XLSX -> new XlsxReport(json).withRules(request.packs()).write(data, dir);
                    case JSON -> new JsonReport().write(data, dir);
                    case CSV -> new CsvReport(json).write(data, dir);
                    case SARIF -> new SarifReport(request.packs()).write(data, dir);
                    case JUNIT -> new JunitReport().write(data, dir);
                    case MATRIX -> new MatrixReport().write(data, dir);
                }
            } catch (IOException | RuntimeException e) {
                deletePartial(file);
                log.debug("cannot write {}", file, e);
                throw new ReportFailure("cannot write " + file + ": " + Cause.of(e), e);
            }
            checkpoint.reached("report");
        }
        history.runs().setReportDir(runId, dir.toString());
        return dir;
    }

    /**
     * The report folder across runs, once the run completed (so after the history's retention): old run folders
     * pruned ({@code report.keep-runs}, {@code keep-days}; without them, the folders of the runs the history
     * pruned, when {@code history.keep-*} is set), {@code latest} and {@code index.html} brought up to date. A
     * failure here costs these conveniences, not the run: the reports are written and recorded.
     *
     * @param dir the folder of the run's reports, the newest
     */
    void tidy(Path dir) {
        ReportConfig config = request.config().report();
        ReportFolders folders = new ReportFolders(request.outDir());
        try {
            if (config.followsHistory(request.config().history())) {
                Long oldest = history.runs().oldest();
                for (Path p : oldest == null ? List.<Path>of() : folders.pruneBefore(oldest)) {
                    log.info("reports: removed {} (history.keep-runs / keep-days pruned its run)", p.getFileName());
                }
            } else {
                folders.prune(config.keepRuns(), config.keepDays(), Instant.now()).forEach(p ->
                        log.info("reports: removed {} (report.keep-runs / keep-days)", p.getFileName()));
            }
            folders.linkLatest(dir);
            folders.writeIndex(this::counts);
        } catch (IOException | RuntimeException e) {
            log.warn("reports: cannot tidy {}: {}", request.outDir(), Cause.of(e));
        }
    }

    /** A run's unwaived findings by severity and its new ones, or null when the history no longer has it. */
    private Map<String, Long> counts(long runId) {
        List<org.pveaudit.history.ClusterCounts> clusters = history.clusters().counts(runId);
        if (clusters.isEmpty()) {
            return null;
        }
        Map<String, Long> n = new HashMap<>();
        for (org.pveaudit.history.ClusterCounts c : clusters) {
            n.merge("critical", nz(c.critical()), Long::sum);
            n.merge("high", nz(c.high()), Long::sum);
            n.merge("medium", nz(c.medium()), Long::sum);
            n.merge("low", nz(c.low()), Long::sum);
            n.merge("new", nz(c.newFindings()), Long::sum);
        }
        return n;
    }

    private static long nz(Integer n) {
        return n == null ? 0 : n;
    }

    private static String fileOf(ReportConfig.ReportFormat format) {
        return switch (format) {
            case HTML -> HtmlReport.FILE;
            case XLSX -> XlsxReport.FILE;
            case JSON -> JsonReport.FILE;
            case CSV -> CsvReport.FILE;
            case SARIF -> SarifReport.FILE;
            case JUNIT -> JunitReport.FILE;
            case MATRIX -> MatrixReport.FILE;
        };
    }

    private static void deletePartial(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // the write failure is the one to report; a file that cannot be deleted is named by it
        }
    }

    /** A report file that could not be written: its message is the one line the operator sees. */
    static final class ReportFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ReportFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
