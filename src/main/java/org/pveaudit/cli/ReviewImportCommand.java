package org.pveaudit.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.pveaudit.campaign.ReviewImport;
import org.pveaudit.campaign.ReviewInputException;
import org.pveaudit.history.HistoryStorage;
import org.pveaudit.history.HistoryStorageException;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pve-audit review import FILE.xlsx}: a filled workbook's decisions into the history, or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Import the decisions of a filled review workbook; a workbook with any problem stores nothing.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:decisions stored", "2:the workbook has a problem (named by sheet and cell); nothing stored",
                "3:the history could not be written"})
final class ReviewImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.xlsx", description = "The filled workbook.")
    Path file;

    @Mixin
    HistoryDatabase db;

    @Override
    public Integer call() {
        try {
            ReviewImport.Imported imported = new ReviewImport(file, System.getProperty("user.name"),
                    Clock.systemDefaultZone()).run(db.openForWriting());
            spec.commandLine().getOut().println(TerminalText.safe("imported " + imported.decisions() + " decision"
                    + (imported.decisions() == 1 ? "" : "s") + " of " + String.join(", ", imported.reviewers())
                    + " into " + imported.campaign().name()));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        } catch (ReviewInputException e) {
            throw new InputError(TerminalText.safe(e.getMessage()));
        } catch (org.springframework.dao.DataAccessException e) {
            return storageFailure(spec, db, e);
        }
    }

    /** A write the history refused: a storage failure (disk full, read-only) is exit 3, anything else is raised. */
    static int storageFailure(CommandSpec spec, HistoryDatabase db, RuntimeException e) {
        HistoryStorageException failure = HistoryStorage.failure(db.name(), e);
        if (failure == null) {
            throw e;
        }
        spec.commandLine().getErr().println("pve-audit: " + failure.getMessage());
        return ExitCode.NOT_AUDITED;
    }
}
