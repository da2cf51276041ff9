package org.pveaudit.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pveaudit.history.ReviewStore;
import org.pveaudit.job.ExitCode;
import org.pveaudit.report.TemplateModel;
import org.pveaudit.review.CampaignProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit review status}: per campaign and reviewer, the rows decided, open and overdue. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show each campaign: rows, decided, open and overdue, in all and per reviewer.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "2:no database, or a usage error"})
final class ReviewStatusCommand implements Callable<Integer> {

    private static final String UNASSIGNED = "(unassigned)";

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    HistoryDatabase db;

    @Override
    public Integer call() {
        LocalDate today = LocalDate.now();
        ReviewStore reviews = db.open().reviews();
        List<CampaignProgress> campaigns = reviews.campaigns().stream().map(c -> CampaignProgress.of(c,
                reviews.rows(c.id()), reviews.decisions(c.id()), today)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("schema", "pve-audit/review-status");
            m.put("today", today.toString());
            List<Map<String, Object>> list = new ArrayList<>();
            campaigns.forEach(s -> list.add(json(s)));
            m.put("campaigns", list);
            out.println(HistoryCommand.json(m));
        } else if (campaigns.isEmpty()) {
            out.println("no review campaigns yet: 'pve-audit review start' opens one");
        } else {
            out.printf("%-20s %5s  %-10s  %-6s  %6s %7s %6s %7s%n", "CAMPAIGN", "RUN", "DUE", "STATE", "ROWS",
                    "DECIDED", "OPEN", "OVERDUE");
            for (CampaignProgress s : campaigns) {
                CampaignProgress.Tally t = s.all();
                out.printf("%-20s %5d  %-10s  %-6s  %6d %7d %6d %7d%n", s.campaign().name(), s.campaign().runId(),
                        s.campaign().due(), s.campaign().closed() ? "closed" : "open", t.rows(), t.decided(), t.open(),
                        t.overdue());
                s.byReviewer().forEach((reviewer, c) -> out.printf("  %-44s  %6d %7d %6d %7d%n",
                        TerminalText.safe(reviewer == null ? UNASSIGNED : reviewer), c.rows(), c.decided(), c.open(),
                        c.overdue()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static Map<String, Object> json(CampaignProgress s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.campaign().name());
        m.put("run", s.campaign().runId());
        m.put("due", s.campaign().due().toString());
        m.put("startedAt", s.campaign().startedAt().toString());
        m.put("closedAt", s.campaign().closedAt() == null ? null : s.campaign().closedAt().toString());
        m.put("state", s.campaign().closed() ? "closed" : "open");
        m.putAll(TemplateModel.tally(s.all()));
        List<Map<String, Object>> reviewers = new ArrayList<>();
        s.byReviewer().forEach((reviewer, c) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("reviewer", reviewer);
            r.putAll(TemplateModel.tally(c));
            reviewers.add(r);
        });
        m.put("reviewers", reviewers);
        return m;
    }
}
