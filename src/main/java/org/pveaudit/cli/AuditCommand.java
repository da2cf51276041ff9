package org.pveaudit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.pveaudit.config.ConfigException;
import org.pveaudit.history.HistoryException;
import org.pveaudit.history.HistoryStorageException;
import org.pveaudit.job.RunLock;
import org.pveaudit.job.RunOptions;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRequestLoader;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.job.AuditResult;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ExitCode;
import org.pveaudit.logging.LogSetup;
import org.pveaudit.rules.RuleFileException;
import org.pveaudit.rules.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit audit}: collect, evaluate, record and report every configured cluster. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Audit the configured clusters and write reports.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodeHelp.AUDIT_OK, ExitCodeHelp.AUDIT_FINDINGS, ExitCodeHelp.AUDIT_USAGE,
                ExitCodeHelp.AUDIT_NOT_AUDITED, ExitCodeHelp.AUDIT_STOPPED})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AuditTarget target = new AuditTarget();

    @Option(names = "--format", paramLabel = "FORMATS", split = ",",
            description = "Report formats, comma-separated: html, xlsx, json, csv, sarif, junit, "
                    + "matrix (every principal on every path, gzip-compressed JSON lines) "
                    + "(default: report.formats of the configuration).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--fail-on-new", description = "Only findings that are new or regressed since the cluster's "
            + "previous completed run count for --fail-on.")
    boolean failOnNew;

    @Option(names = "--replay", paramLabel = "RUN_ID", description = "Evaluate the current rules against the data "
            + "stored by that run instead of reading the clusters (a new run; --cluster narrows it).")
    Long replay;

    @Option(names = "--restart", paramLabel = "RUN_ID", description = "Restart a failed, interrupted or abandoned "
            + "run; it resumes after its last completed step.")
    Long restart;

    @Option(names = "--wait", description = "If another audit is running on the same database, wait for it instead "
            + "of exiting 2.")
    boolean waitForLock;

    @Mixin
    LogOptions logging = new LogOptions();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String problem = logging.check();
        if (problem != null) {
            err.println("pve-audit: " + problem);
            return ExitCode.INPUT_ERROR;
        }
        logging.apply(false);
        FailurePolicy policy;
        try {
            policy = target.policy(failOnNew);
        } catch (IllegalArgumentException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        }
        AuditRequest request;
        try {
            request = AuditRequestLoader.load(target.config, replay != null ? List.of() : target.clusters, target.out,
                    policy, formats);
        } catch (ConfigException | RuleFileException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        }
        if (replay != null && restart != null) {
            err.println("pve-audit: --replay and --restart cannot be combined");
            return ExitCode.INPUT_ERROR;
        }
        AuditResult result;
        try {
            result = AuditRunner.run(request, Main.version(), logging.verbose, new RunOptions(replay, restart,
                    waitForLock, replay != null ? target.clusters : List.of(), m -> {
                        err.println("pve-audit: " + m);
                        err.flush();
                    }).withMetricsFile(target.metricsFile), logging.progress());
        } catch (HistoryStorageException e) {
            // nothing on stdout: no summary of a run that could not be recorded
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.NOT_AUDITED;
        } catch (RunLock.RunLockedException | HistoryException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        } catch (RuntimeException e) {
            err.println("pve-audit: cannot run the audit: " + AuditRunner.message(e));
            return ExitCode.INPUT_ERROR;
        }
        if (!logging.quiet) {
            summarize(result, out);
        }
        notices(result, err, logging.json());
        return result.exitCode();
    }

    /**
     * What the operator must see, on stderr after everything else and also with --quiet (which drops only
     * the informational summary): clusters not audited, coverage gaps, waivers to review, mail, failure.
     */
    static void notices(AuditResult result, PrintWriter err, boolean json) {
        if (json) {
            // every stderr line stays one JSON object for the log collector
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LogSetup.NOTICES);
            result.notices().lines().forEach(line -> log.warn("{}", line));
            return;
        }
        result.notices().lines().forEach(line -> err.println("pve-audit: " + TerminalText.safe(line)));
        err.flush();
    }

    /**
     * The informational summary on stdout. For a run that failed nothing in it may read as a clean result: a
     * cluster whose rules were not evaluated says so (never "no findings"), counts of an evaluated one are
     * what was stored before the failure, without the comparison, and no report folder is claimed.
     */
    static void summarize(AuditResult result, PrintWriter out) {
        out.println("pve-audit run " + result.runId() + (result.failure() == null ? "" : ": FAILED"));
        for (ClusterRun c : result.clusters()) {
            if (!c.audited()) {
                out.println("  " + c.cluster() + ": NOT AUDITED: " + TerminalText.safe(c.error()));
                continue;
            }
            if (result.failure() != null) {
                out.println("  " + c.cluster() + " (PVE " + c.pveVersion() + "): " + failedRun(result, c));
                continue;
            }
            Map<Severity, Integer> counts = new TreeMap<>(java.util.Comparator.reverseOrder());
            long fresh = 0;
            long regressed = 0;
            long waived = 0;
            for (StoredFinding f : result.findings()) {
                if (f.finding().cluster().equals(c.cluster())) {
                    if (f.waived()) {
                        waived++;
                        continue;
                    }
                    counts.merge(f.finding().severity(), 1, Integer::sum);
                    fresh += f.state() == StoredFinding.State.NEW ? 1 : 0;
                    regressed += f.state() == StoredFinding.State.REGRESSED ? 1 : 0;
                }
            }
            int resolved = result.resolved().getOrDefault(c.cluster(), 0);
            long failedRules = result.ruleErrors().stream().filter(o -> o.cluster().equals(c.cluster())).count();
            List<String> parts = new ArrayList<>();
            counts.forEach((s, n) -> parts.add(n + " " + s.key()));
            out.println("  " + c.cluster() + " (PVE " + c.pveVersion() + "): "
                    + (parts.isEmpty() ? "no findings" : String.join(", ", parts)) + "; " + fresh + " new"
                    + (regressed > 0 ? "; " + regressed + " regressed" : "")
                    + (resolved > 0 ? "; " + resolved + " resolved" : "")
                    + (waived > 0 ? "; " + waived + " waived" : "")
                    + (failedRules > 0 ? "; " + failedRules + (failedRules == 1 ? " rule" : " rules") + " FAILED" : ""));
        }
        if (result.reportDir() != null) {
            out.println("reports: " + result.reportDir());
        } else if (result.failure() != null) {
            out.println("reports: not written (the run failed)");
        }
        if (result.mail() != null) {
            out.println("mail: " + result.mail().describe());
        }
        out.println("exit code " + result.exitCode());
        out.flush();
    }

    /** A cluster's line in a failed run: what its evaluation stored, if it got that far. */
    private static String failedRun(AuditResult result, ClusterRun c) {
        if (c.status() != ClusterRun.Status.EVALUATED) {
            return "not evaluated (the run failed before its rules were)";
        }
        Map<Severity, Integer> counts = new TreeMap<>(java.util.Comparator.reverseOrder());
        long waived = 0;
        for (StoredFinding f : result.findings()) {
            if (f.finding().cluster().equals(c.cluster())) {
                if (f.waived()) {
                    waived++;
                } else {
                    counts.merge(f.finding().severity(), 1, Integer::sum);
                }
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((sev, n) -> parts.add(n + " " + sev.key()));
        return (parts.isEmpty() ? "0 findings" : String.join(", ", parts)) + (waived > 0 ? "; " + waived + " waived"
                : "") + " as evaluated before the run failed";
    }
}
