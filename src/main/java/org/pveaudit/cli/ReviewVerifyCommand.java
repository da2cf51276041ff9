package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pveaudit.campaign.BundleContents;
import org.pveaudit.campaign.BundleManifest;
import org.pveaudit.campaign.BundleVerification;
import org.pveaudit.campaign.EvidenceException;
import org.pveaudit.failure.Cause;
import org.pveaudit.job.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pve-audit review verify BUNDLE}: checks an evidence bundle against its manifest and, with a key, its
 * signature. Needs no history: an auditor runs it on the bundle alone.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check an evidence bundle (its folder or its .zip): every file's SHA-256 against manifest.json, "
                + "files missing or not listed, manifest.sha256, and with --key the signature manifest.json.asc.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file matches the manifest (and the signature is good, with --key)",
                "1:the bundle does not verify: a file missing, changed or not listed, or a bad signature",
                "2:usage error: no such bundle, no readable manifest, an unsafe zip, a key file that is not a key"})
final class ReviewVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The review-NAME-evidence folder or its .zip.")
    Path bundle;

    @Option(names = "--key", paramLabel = "PUBLIC.asc",
            description = "Armoured OpenPGP public key the manifest must be signed with.")
    Path key;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BundleVerification v;
        try {
            v = BundleVerification.of(BundleContents.read(bundle), key);
        } catch (EvidenceException e) {
            err.println("pve-audit: " + ReviewCloseCommand.oneLine(e.getMessage()));
            err.flush();
            return ExitCode.INPUT_ERROR;
        } catch (IOException e) {
            err.println("pve-audit: " + ReviewCloseCommand.oneLine((e instanceof FileSystemException fs
                    && fs.getFile() != null ? fs.getFile() : bundle) + ": " + Cause.of(e)));
            err.flush();
            return ExitCode.INPUT_ERROR;
        }
        BundleManifest m = v.manifest();
        out.println("bundle " + bundle + ": campaign " + printable(m.campaign()) + " (id " + m.campaignId() + ", run "
                + m.runId() + "), closed " + HistoryCommand.time(m.closedAt()) + ", pve-audit " + printable(
                m.toolVersion()) + ", " + m.files().size() + " files listed");
        for (BundleVerification.Problem p : v.problems()) {
            out.println("  " + printable(p.path()) + ": " + p.what());
        }
        out.println("signature: " + printable(v.signature().detail()));
        List<String> why = new ArrayList<>();
        int n = v.problems().size();
        if (n > 0) {
            why.add(n + (n == 1 ? " file does" : " files do") + " not match " + BundleManifest.FILE);
        }
        if (v.signature().state() == BundleVerification.SignatureState.BAD) {
            why.add("the signature does not verify");
        }
        out.println(v.verified() ? "verified: every file matches " + BundleManifest.FILE
                : "NOT verified: " + String.join("; ", why));
        out.flush();
        return v.verified() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    /** Text from the bundle, which anyone may have written, without characters that drive the terminal. */
    private static String printable(String text) {
        return TerminalText.safe(text);
    }
}
