package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigException;
import org.pveaudit.job.ApiSources;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.SourceUnavailableException;
import org.pveaudit.source.api.ApiCollection;
import org.pveaudit.source.api.SnapshotWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.pveaudit.failure.Cause;
import org.pveaudit.job.ExitCode;
import org.pveaudit.model.Count;

/** {@code pve-audit collect}: read a cluster over the API and write it as a snapshot folder. */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read a cluster over the API and write a snapshot folder that the 'snapshot' source can "
                + "audit offline. Secrets the API hands out (OpenID client-key, Yubico key, legacy TOTP keys) "
                + "are written as <redacted>."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:snapshot written (reads refused with 403 are listed as warnings)",
                "2:usage, configuration or input error",
                "3:the cluster could not be reached or refused the credential, or the snapshot folder could not "
                        + "be written (a full disk, a read-only folder)"})
final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiClusterOption target;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The snapshot folder to write.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            ClusterConfig c = target.cluster();
            ApiCollection result = ApiSources.source(c).collectAll();
            int files = new SnapshotWriter().writeFolder(result.bodies(), result.snapshot().source(), this.out);
            result.snapshot().gaps().forEach(g -> err.println("pve-audit: warning: " + c.name() + ": "
                    + TerminalText.safe(g.dataset().key() + " not read: " + g.source() + ": " + g.reason())));
            result.snapshot().warnings().forEach(w -> err.println("pve-audit: warning: " + c.name() + ": "
                    + TerminalText.safe(w)));
            out.println(c.name() + ": wrote " + Count.of(files, "file") + " to " + this.out + " ("
                    + Count.of(result.requests(), "request") + " to " + result.endpoint() + " in "
                    + result.elapsed().toMillis() + " ms)");
            out.println("audit it offline with a cluster entry: source: snapshot, path: " + this.out);
            out.flush();
            return ExitCode.OK;
        } catch (ConfigException | SourceException e) {
            err.println("pve-audit: " + TerminalText.safe(e.getMessage()));
            return ExitCode.INPUT_ERROR;
        } catch (SourceUnavailableException e) {
            err.println("pve-audit: not collected: " + TerminalText.safe(e.getMessage()));
            return ExitCode.NOT_AUDITED;
        } catch (IOException e) {
            // storage, as for the audit's reports and history: exit 3; an earlier snapshot there is left as it was
            err.println("pve-audit: cannot write " + this.out + ": " + Cause.of(e));
            return ExitCode.NOT_AUDITED;
        }
    }
}
