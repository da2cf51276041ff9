package org.pveaudit.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterCounts;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.job.ExitCode;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code pve-audit history [show RUN_ID]}: the recorded runs, read with plain JDBC (no Spring context). */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the recorded audit runs, newest first.",
        subcommands = {HistoryCommand.Show.class, HistoryMigrateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:no database, no runs, or a usage error"})
final class HistoryCommand implements Callable<Integer> {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Pretty JSON for {@code --json}, built on first use: the text output of a short command needs no Jackson. */
    static String json(Object value) {
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(value);
    }

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryDatabase db;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new InputError("--limit must be at least 1");
        }
        AuditHistory history = db.open();
        PrintWriter out = spec.commandLine().getOut();
        List<AuditRun> runs = history.runs().latest(limit);
        Map<Long, List<ClusterCounts>> counts = history.clusters().counts(runs.stream().map(AuditRun::id).toList());
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            runs.forEach(r -> list.add(runJson(r, counts.get(r.id()))));
            Map<String, Object> m = new LinkedHashMap<>(); // schema first, as in every other document, every time
            m.put("schema", "pve-audit/history");
            m.put("runs", list);
            out.println(json(m));
            out.flush();
            return ExitCode.OK;
        }
        out.printf("%5s  %-20s  %-9s  %4s  %-8s  %5s %5s %5s %5s  %6s  %4s %4s %8s %7s %5s  %s%n", "RUN", "STARTED",
                "STATUS", "EXIT", "CLUSTERS", "CRIT", "HIGH", "MED", "LOW", "WAIVED", "NEW", "REGR", "RESOLVED",
                "NOTEVAL", "DRIFT", "NOTE");
        for (AuditRun r : runs) {
            List<ClusterCounts> cs = counts.get(r.id());
            long audited = cs.stream().filter(c -> c.status().name().equals("EVALUATED")).count();
            out.printf("%5d  %-20s  %-9s  %4s  %-8s  %5d %5d %5d %5d  %6d  %4d %4d %8d %7d %5d  %s%n", r.id(),
                    time(r.startedAt()), r.status(), r.exitCode() == null ? "-" : r.exitCode(),
                    audited + "/" + cs.size(), sum(cs, ClusterCounts::critical), sum(cs, ClusterCounts::high),
                    sum(cs, ClusterCounts::medium), sum(cs, ClusterCounts::low), sum(cs, ClusterCounts::waived),
                    sum(cs, ClusterCounts::newFindings), sum(cs, ClusterCounts::regressed),
                    sum(cs, ClusterCounts::resolved), sum(cs, ClusterCounts::unevaluated),
                    sum(cs, ClusterCounts::drift), note(r));
        }
        out.flush();
        return ExitCode.OK;
    }

    static String note(AuditRun r) {
        List<String> notes = new ArrayList<>();
        if (r.replayOf() != null) {
            notes.add("replay of run " + r.replayOf());
        }
        if (r.restarts() > 0) {
            notes.add("restarted " + r.restarts() + "x");
        }
        if (r.failOnNew()) {
            notes.add("fail-on-new");
        }
        return String.join(", ", notes);
    }

    static int sum(List<ClusterCounts> cs, java.util.function.Function<ClusterCounts, Integer> f) {
        return cs.stream().mapToInt(c -> f.apply(c) == null ? 0 : f.apply(c)).sum();
    }

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    static Map<String, Object> runJson(AuditRun r, List<ClusterCounts> clusters) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("status", r.status());
        m.put("exitCode", r.exitCode());
        m.put("toolVersion", r.toolVersion());
        m.put("configHash", r.configHash());
        m.put("rulePacks", r.rulePacks());
        m.put("failOn", r.failOn());
        m.put("failOnNew", r.failOnNew());
        m.put("replayOf", r.replayOf());
        m.put("restarts", r.restarts());
        m.put("pid", r.pid());
        m.put("host", r.host());
        m.put("reportDir", r.reportDir());
        List<Map<String, Object>> cs = new ArrayList<>();
        for (ClusterCounts c : clusters) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cluster", c.cluster());
            x.put("status", c.status().name());
            x.put("pveVersion", c.pveVersion());
            x.put("error", c.error());
            x.put("coverageGaps", c.gaps());
            x.put("baselineRun", c.baselineRun());
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("critical", c.critical());
            n.put("high", c.high());
            n.put("medium", c.medium());
            n.put("low", c.low());
            n.put("info", c.info());
            n.put("waived", c.waived());
            n.put("new", c.newFindings());
            n.put("open", c.open());
            n.put("regressed", c.regressed());
            n.put("resolved", c.resolved());
            n.put("drift", c.drift());
            n.put("notEvaluated", c.unevaluated());
            x.put("counts", n);
            x.put("accessNotCompared", c.notCompared() == null ? List.of() : List.of(c.notCompared().split(",")));
            cs.add(x);
        }
        m.put("clusters", cs);
        return m;
    }

    static Map<String, Object> findingJson(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", f.cluster());
        m.put("ruleId", f.ruleId());
        m.put("severity", f.severity().key());
        m.put("subjectKind", f.subject().key());
        m.put("subject", f.subjectKey());
        m.put("message", f.message());
        m.put("fingerprint", f.fingerprint());
        return m;
    }

    static Map<String, Object> driftJson(DriftEntry d) {
        return d.fields();
    }

    static String line(Finding f) {
        return f.severity().key() + " " + f.ruleId() + " " + f.subjectKey() + ": " + f.message();
    }

    /**
     * {@code pve-audit history show RUN_ID}: one run, its clusters and counts, rules that failed, new and
     * resolved findings, drift.
     */
    @Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Show one run: clusters, counts, rules that failed, new, regressed and resolved findings, "
                    + "access drift.")
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        HistoryCommand parent;

        @Mixin
        HistoryDatabase db;

        @Parameters(paramLabel = "RUN_ID", description = "The run.")
        long runId;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        /** What {@code show} prints of a run; {@code findings} only for JSON, which lists every finding. */
        private record Shown(AuditRun run, List<ClusterCounts> clusters, List<StoredFinding> findings,
                             List<StoredFinding> fresh, List<EarlierFinding> resolved, List<EarlierFinding> unevaluated,
                             List<DriftEntry> drift, List<RuleOutcome> ruleErrors) {
        }

        @Override
        public Integer call() {
            AuditHistory history = (db.given() || !parent.db.given() ? db : parent.db).open();
            AuditRun run = history.runs().run(runId).orElseThrow(() -> new InputError("no run " + runId + " in the history"));
            boolean asJson = json || parent.json;
            List<StoredFinding> findings = asJson ? history.findings().of(runId) : List.of();
            List<StoredFinding> fresh = asJson ? findings.stream().filter(StoredFinding::fresh).toList()
                    : history.findings().fresh(runId);
            List<RuleOutcome> ruleErrors = history.findings().outcomes(runId).stream()
                    .filter(o -> o.status() == RuleOutcome.Status.ERROR).toList();
            Shown shown = new Shown(run, history.clusters().counts(runId), findings, fresh,
                    history.comparison().resolved(runId), history.comparison().unevaluated(runId),
                    history.comparison().drift(runId), ruleErrors);
            PrintWriter out = spec.commandLine().getOut();
            if (asJson) {
                out.println(json(runJson(shown)));
            } else {
                printRun(out, run);
                printClusters(out, shown.clusters());
                printFindings(out, shown);
            }
            out.flush();
            return ExitCode.OK;
        }

        private static Map<String, Object> runJson(Shown shown) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("schema", "pve-audit/run");
            m.put("run", HistoryCommand.runJson(shown.run(), shown.clusters()));
            m.put("ruleErrors", shown.ruleErrors().stream().map(o -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("cluster", o.cluster());
                x.put("ruleId", o.ruleId());
                x.put("severity", o.severity().key());
                x.put("reason", o.reason());
                return x;
            }).toList());
            m.put("findings", shown.findings().stream().map(f -> {
                Map<String, Object> x = findingJson(f.finding());
                x.put("state", f.state().name());
                x.put("firstSeenRun", f.firstSeenRun());
                x.put("firstSeenAt", f.firstSeenAt());
                x.put("ageDays", f.ageDays(shown.run().startedAt()));
                x.put("waived", f.waived());
                return x;
            }).toList());
            m.put("resolved", shown.resolved().stream().map(Show::earlierJson).toList());
            m.put("notEvaluated", shown.unevaluated().stream().map(Show::earlierJson).toList());
            m.put("drift", shown.drift().stream().map(HistoryCommand::driftJson).toList());
            return m;
        }

        private static Map<String, Object> earlierJson(EarlierFinding f) {
            Map<String, Object> x = findingJson(f.finding());
            x.put("firstSeenRun", f.firstSeenRun());
            x.put("lastSeenRun", f.lastSeenRun());
            return x;
        }

        private static void printRun(PrintWriter out, AuditRun run) {
            out.println("run " + run.id() + ": " + run.status() + (run.exitCode() == null ? "" : ", exit code "
                    + run.exitCode()) + (note(run).isEmpty() ? "" : " (" + note(run) + ")"));
            out.println("  started   " + time(run.startedAt()) + ", finished " + time(run.finishedAt()));
            out.println("  tool      pve-audit " + run.toolVersion() + (run.pid() == null ? "" : ", pid " + run.pid()
                    + (run.host() == null ? "" : " on " + run.host())));
            out.println("  config    sha256 " + run.configHash());
            out.println("  rules     " + run.rulePacks() + "; fail on " + run.failOn()
                    + (run.failOnNew() ? " (new and regressed only)" : ""));
            if (run.reportDir() != null) {
                out.println("  reports   " + run.reportDir());
            }
            out.println();
        }

        private static void printClusters(PrintWriter out, List<ClusterCounts> clusters) {
            out.printf("  %-16s %-13s %-10s %4s  %5s %5s %5s %5s  %6s  %4s %4s %4s %8s %7s %5s  %s%n", "CLUSTER",
                    "STATUS", "PVE", "GAPS", "CRIT", "HIGH", "MED", "LOW", "WAIVED", "NEW", "OPEN", "REGR", "RESOLVED",
                    "NOTEVAL", "DRIFT", "BASELINE");
            for (ClusterCounts c : clusters) {
                out.printf("  %-16s %-13s %-10s %4d  %5s %5s %5s %5s  %6s  %4s %4s %4s %8s %7s %5s  %s%n", c.cluster(),
                        c.status(), c.pveVersion() == null ? "-" : c.pveVersion(), c.gaps().size(), n(c.critical()),
                        n(c.high()), n(c.medium()), n(c.low()), n(c.waived()), n(c.newFindings()), n(c.open()),
                        n(c.regressed()), n(c.resolved()), n(c.unevaluated()), n(c.drift()),
                        c.baselineRun() == null ? "-" : "run " + c.baselineRun());
                if (c.error() != null) {
                    out.println("      not audited: " + c.error());
                }
                if (c.notCompared() != null) {
                    out.println("      access not compared (not read): " + c.notCompared().replace(",", ", "));
                }
            }
            out.println();
        }

        private static void printFindings(PrintWriter out, Shown shown) {
            if (!shown.ruleErrors().isEmpty()) {
                out.println("rules that failed (ERROR; no findings from them, earlier ones keep their state): "
                        + shown.ruleErrors().size());
                for (RuleOutcome o : shown.ruleErrors()) {
                    out.println("  ! [" + o.cluster() + "] " + o.ruleId() + ": " + o.reason());
                }
            }
            out.println("new and regressed findings: " + shown.fresh().size());
            for (StoredFinding f : shown.fresh()) {
                out.println("  + [" + f.finding().cluster() + "] " + line(f.finding())
                        + (f.state() == StoredFinding.State.REGRESSED ? " (regressed; first seen run "
                        + f.firstSeenRun() + ")" : "") + (f.waived() ? " (waived)" : ""));
            }
            out.println("resolved findings: " + shown.resolved().size());
            for (EarlierFinding f : shown.resolved()) {
                out.println("  - [" + f.finding().cluster() + "] " + line(f.finding()) + " (last seen run "
                        + f.lastSeenRun() + ")");
            }
            if (!shown.unevaluated().isEmpty()) {
                out.println("not evaluated in this run (rule lacked data or failed; state unknown, neither open nor "
                        + "resolved): "
                        + shown.unevaluated().size());
                for (EarlierFinding f : shown.unevaluated()) {
                    out.println("  ? [" + f.finding().cluster() + "] " + line(f.finding()) + " (last seen run "
                            + f.lastSeenRun() + ")");
                }
            }
            out.println("access drift: " + shown.drift().size());
            for (DriftEntry d : shown.drift()) {
                out.println("  [" + d.cluster() + "] " + d.describe());
            }
        }

        private static String n(Integer i) {
            return i == null ? "-" : i.toString();
        }
    }
}
