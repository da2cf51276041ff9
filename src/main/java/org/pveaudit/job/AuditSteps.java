package org.pveaudit.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.pveaudit.config.ConfigFolder;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.failure.Cause;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.Checkpoint;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.CoverageGap;
import org.pveaudit.report.ClusterAccess;
import org.pveaudit.work.ClusterWork;
import org.pveaudit.report.CsvReport;
import org.pveaudit.report.HtmlReport;
import org.pveaudit.report.JunitReport;
import org.pveaudit.report.SarifReport;
import org.pveaudit.report.JsonReport;
import org.pveaudit.report.MatrixReport;
import org.pveaudit.report.ReportData;
import org.pveaudit.report.ReportFolders;
import org.pveaudit.report.XlsxReport;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.SourceUnavailableException;
import org.pveaudit.model.Count;
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
     * Evaluates every collected cluster, {@link AuditRequest#parallelism()} at once ({@link RunEvaluation}); what it
     * works out of each cluster's access is kept for the report step.
     */
    public void evaluate(long runId) {
        new RunEvaluation(request, history, rules, checkpoint, access).evaluate(runId);
    }

    public void compare(long runId) {
        history.comparison().compareWithPrevious(runId);
    }

    /**
     * Writes the configured formats into {@code <out>/<run timestamp>-r<run id>/}, side by side (each its own file
     * from the same read-only data; {@link AuditRequest#parallelism()} at once). A file that cannot be written
     * fails the step with one line naming it and the cause (a full disk, a read-only folder); every file of the step
     * is deleted then, so no cut-off report is left looking complete and a failed run leaves no half set.
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
        try {
            writeFormats(data, dir, templates, json);
        } catch (RuntimeException e) {
            request.formats().forEach(f -> deletePartial(dir.resolve(fileOf(f))));
            throw e;
        }
        checkpoint.reached("report");
        history.runs().setReportDir(runId, dir.toString());
        return dir;
    }

    private void writeFormats(ReportData data, Path dir, Path templates, boolean json) {
        ClusterWork.map(List.copyOf(request.formats()), request.parallelism(), format -> {
            Path file = dir.resolve(fileOf(format));
            try {
                switch (format) {
                    case HTML -> new HtmlReport(templates).withRules(request.packs()).write(data, dir);
                    case XLSX -> new XlsxReport(json).withRules(request.packs()).withThreads(request.parallelism())
                            .write(data, dir);
                    case JSON -> new JsonReport().write(data, dir);
                    case CSV -> new CsvReport(json).write(data, dir);
                    case SARIF -> new SarifReport(request.packs()).write(data, dir);
                    case JUNIT -> new JunitReport().write(data, dir);
                    case MATRIX -> new MatrixReport().write(data, dir);
                }
            } catch (IOException | RuntimeException e) { // its file is deleted with the others (report)
                log.debug("cannot write {}", file, e);
                throw new ReportFailure("cannot write " + file + ": " + Cause.of(e), e);
            }
            return file;
        });
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
