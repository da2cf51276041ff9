package org.pveaudit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.HistoryException;
import org.pveaudit.history.RunDiff;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pve-audit diff RUN_A RUN_B}: findings and access drift between any two runs (plain JDBC, no Spring). */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare two recorded runs: findings added, removed or changed, and access drift from RUN_A to RUN_B.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared (differences or not)", "2:no database, no such run, or a usage error"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryDatabase db;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The earlier run (from).")
    long a;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The later run (to).")
    long b;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        AuditHistory history = db.open();
        RunDiff diff;
        try {
            diff = RunDiff.between(history, a, b);
        } catch (HistoryException e) {
            throw new InputError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(HistoryCommand.json(diffJson(diff)));
        } else {
            text(diff, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static Map<String, Object> diffJson(RunDiff diff) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "pve-audit/diff");
        m.put("from", HistoryCommand.runJson(diff.from(), List.of()));
        m.put("to", HistoryCommand.runJson(diff.to(), List.of()));
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (RunDiff.ClusterDiff c : diff.clusters()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cluster", c.cluster());
            x.put("fromStatus", c.fromStatus());
            x.put("toStatus", c.toStatus());
            x.put("note", c.note());
            x.put("added", c.added().stream().map(f -> HistoryCommand.findingJson(f.finding())).toList());
            x.put("removed", c.removed().stream().map(f -> HistoryCommand.findingJson(f.finding())).toList());
            x.put("changed", c.changed().stream().map(p -> {
                Map<String, Object> ch = HistoryCommand.findingJson(p[1].finding());
                ch.put("severityBefore", p[0].finding().severity().key());
                ch.put("waivedBefore", p[0].waived());
                ch.put("waived", p[1].waived());
                return ch;
            }).toList());
            x.put("drift", c.drift().stream().map(HistoryCommand::driftJson).toList());
            clusters.add(x);
        }
        m.put("clusters", clusters);
        return m;
    }

    private void text(RunDiff diff, PrintWriter out) {
        out.println("diff run " + a + " (" + HistoryCommand.time(diff.from().startedAt()) + ", " + diff.from().status()
                + ") -> run " + b + " (" + HistoryCommand.time(diff.to().startedAt()) + ", " + diff.to().status() + ")");
        for (RunDiff.ClusterDiff c : diff.clusters()) {
            out.println();
            out.println(c.cluster() + (c.note() == null ? "" : " (" + c.note() + ")") + ": findings +"
                    + c.added().size() + " -" + c.removed().size() + " ~" + c.changed().size() + ", access drift "
                    + c.drift().size());
            for (StoredFinding f : c.added()) {
                out.println("  + " + HistoryCommand.line(f.finding()) + (f.waived() ? " (waived)" : ""));
            }
            for (StoredFinding f : c.removed()) {
                out.println("  - " + HistoryCommand.line(f.finding()) + (f.waived() ? " (waived)" : ""));
            }
            for (StoredFinding[] p : c.changed()) {
                out.println("  ~ " + HistoryCommand.line(p[1].finding()) + " (was " + p[0].finding().severity().key()
                        + (p[0].waived() ? ", waived" : "") + "; now " + p[1].finding().severity().key()
                        + (p[1].waived() ? ", waived" : "") + ")");
            }
            for (DriftEntry d : c.drift()) {
                out.println("  " + d.describe());
            }
        }
    }
}
