package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pveaudit.campaign.CampaignStart;
import org.pveaudit.campaign.ReviewInputException;
import org.pveaudit.campaign.ReviewerMap;
import org.pveaudit.campaign.ReviewerMapFile;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit review start}: opens a campaign on the latest completed run and writes its workbooks. */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Open an access review campaign on the latest completed audit run and write the workbook(s) "
                + "the reviewers fill in.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:campaign stored and workbooks written",
                "2:a usage or input error (name, date, reviewer map, cluster, no run); nothing stored",
                "3:the history or a workbook could not be written"})
final class ReviewStartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The campaign's name (letters, digits, '.', '_', '-'), e.g. 2027-Q1.")
    String name;

    @Option(names = "--due", required = true, paramLabel = "YYYY-MM-DD", description = "When the decisions are due.")
    String due;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Review only this cluster; repeatable; "
            + "default every cluster the run audited.")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--reviewer-map", paramLabel = "FILE", description = "YAML assigning reviewers by realm, "
            + "group, cluster or principal (first match wins).")
    Path reviewerMap;

    @Option(names = "--split-by", paramLabel = "reviewer", description = "'reviewer': one workbook per reviewer "
            + "(and one for the unassigned rows).")
    String splitBy;

    @Mixin
    HistoryDatabase db;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder for the workbooks (default: the current folder).")
    Path out;

    @Override
    public Integer call() {
        if (splitBy != null && !splitBy.equals("reviewer")) {
            throw new InputError("--split-by takes 'reviewer', not '" + splitBy + "'");
        }
        LocalDate dueOn;
        try {
            dueOn = LocalDate.parse(due);
        } catch (DateTimeParseException e) {
            throw new InputError("--due '" + due + "' is not a date like 2027-03-31");
        }
        PrintWriter o = spec.commandLine().getOut();
        try {
            ReviewerMap reviewers = reviewerMap == null ? ReviewerMap.NONE : ReviewerMapFile.read(reviewerMap);
            CampaignStart start = new CampaignStart(name, dueOn, clusters, reviewers, splitBy != null, out);
            AuditHistory history = db.openForWriting();
            CampaignStart.Started started = start.start(history, Instant.now());
            o.println("campaign " + name + ": " + started.rows() + " users and tokens of run "
                    + started.campaign().runId() + ", due " + dueOn);
            for (Map.Entry<Path, Integer> book : started.workbooks().entrySet()) {
                o.println("  " + book.getKey() + "  " + book.getValue() + (book.getValue() == 1 ? " row" : " rows"));
            }
            if (dueOn.isBefore(LocalDate.now())) {
                spec.commandLine().getErr().println("pve-audit: the due date " + dueOn + " has passed: every row is "
                        + "overdue until decided");
            }
            o.flush();
            return ExitCode.OK;
        } catch (ReviewInputException e) {
            throw new InputError(TerminalText.safe(e.getMessage()));
        } catch (IOException e) {
            spec.commandLine().getErr().println("pve-audit: campaign " + name + " is stored, but its workbook could "
                    + "not be written: " + Cause.of(e));
            return ExitCode.NOT_AUDITED;
        } catch (org.springframework.dao.DataAccessException e) {
            return ReviewImportCommand.storageFailure(spec, db, e);
        }
    }
}
