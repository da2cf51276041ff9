package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.pveaudit.campaign.BundleSignature;
import org.pveaudit.campaign.EvidenceBundle;
import org.pveaudit.campaign.EvidenceException;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.HistoryStorage;
import org.pveaudit.history.HistoryStorageException;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit review close --name NAME}: freezes a campaign and writes its evidence bundle (and a zip of it). */
@Command(name = "close", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Close an access review campaign (no import is taken after this) and write its evidence "
                + "bundle review-NAME-evidence/ and review-NAME-evidence.zip: summary.html, the imported workbooks, "
                + "the run's report, manifest.json and manifest.sha256, and with --sign-key manifest.json.asc.",
                "Closing a closed campaign writes its bundle again; an existing bundle is never overwritten."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:closed, and the bundle written",
                "2:usage or input error (no such campaign, a workbook missing or changed after its import, a wrong "
                        + "passphrase, the bundle exists); the campaign stays open",
                "3:the bundle could not be written (disk full, read-only folder)"})
final class ReviewCloseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryDatabase db;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The campaign to close.")
    String name;

    @Option(names = "--imports", paramLabel = "DIR", defaultValue = ".",
            description = "Folder of the imported workbooks, searched by file name, also one folder down "
                    + "(default: the current folder).")
    Path imports;

    @Option(names = "--report", paramLabel = "DIR",
            description = "The run's report folder (default: the one the run recorded, when it still exists).")
    Path report;

    @Option(names = "--sign-key", paramLabel = "KEY.asc",
            description = "Armoured OpenPGP secret key to sign manifest.json with.")
    Path signKey;

    @Option(names = "--sign-passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the key's passphrase (never give it on the command line).")
    Path passphraseFile;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where to write the bundle (default: the current folder).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (passphraseFile != null && signKey == null) {
                throw new InputError("--sign-passphrase-file needs --sign-key KEY.asc");
            }
            // the key and its passphrase are checked before anything changes
            try (BundleSignature.SigningKey key = signKey == null ? null
                    : BundleSignature.load(signKey, passphraseFile)) {
                AuditHistory history = db.openForWriting();
                EvidenceBundle.Written w = new EvidenceBundle(history).close(new EvidenceBundle.Request(name,
                        imports, report, out, Main.version(), key), Instant.now());
                print(w);
                return ExitCode.OK;
            }
        } catch (InputError | EvidenceException e) {
            err.println("pve-audit: " + oneLine(e.getMessage()));
            err.flush();
            return ExitCode.INPUT_ERROR;
        } catch (IOException e) {
            err.println("pve-audit: " + oneLine(e instanceof FileSystemException fs && fs.getFile() != null
                    ? fs.getFile() + ": " + Cause.of(e) : e.getMessage() == null ? Cause.of(e) : e.getMessage()));
            err.flush();
            return ExitCode.NOT_AUDITED;
        } catch (RuntimeException e) {
            // the history could not be written (read-only, full, damaged): exit 3 as for the audit; anything else
            // is a bug and goes to picocli's handler
            HistoryStorageException storage = HistoryStorage.failure(db.name(), e);
            if (storage == null) {
                throw e;
            }
            err.println("pve-audit: " + oneLine(storage.getMessage()) + "; the campaign was not closed");
            err.flush();
            return ExitCode.NOT_AUDITED;
        }
    }

    private void print(EvidenceBundle.Written w) {
        PrintWriter out = spec.commandLine().getOut();
        String closedAt = HistoryCommand.time(w.campaign().closedAt());
        String name = TerminalText.safe(w.campaign().name());
        out.println(w.alreadyClosed() ? "campaign " + name + " was already closed at " + closedAt
                + "; its bundle is written again" : "campaign " + name + " closed at " + closedAt);
        out.println("evidence bundle: " + TerminalText.safe(w.folder().toString()) + " (" + w.files() + " files"
                + (w.signed() ? ", manifest.json signed" : ", not signed") + ")");
        out.println("                 " + TerminalText.safe(w.zip().toString()));
        out.println("run's report:    " + TerminalText.safe(w.report()));
        out.flush();
    }

    /** A message as one line, its names (a campaign's, a file's, from a zip) unable to drive the terminal. */
    static String oneLine(String message) {
        return TerminalText.safe(String.valueOf(message).strip());
    }
}
