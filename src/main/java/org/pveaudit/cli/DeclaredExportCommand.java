package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.declared.DeclaredAccessException;
import org.pveaudit.declared.DeclaredAccessFile;
import org.pveaudit.declared.DeclaredAccessYaml;
import org.pveaudit.declared.DeclaredExport;
import org.pveaudit.declared.ExportOrigin;
import org.pveaudit.declared.TerraformExport;
import org.pveaudit.failure.Cause;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.AuditRun;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.HistoryException;
import org.pveaudit.job.ExitCode;
import org.pveaudit.model.ClusterSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pve-audit declared export --cluster NAME}: the access a cluster held in an audit run (the latest
 * completed one by default), as a declared-access.yml or as Terraform for the bpg/proxmox provider.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the access a cluster held in an audit run as a declaration to adopt as the baseline: "
                + "users (but root@pam), groups, custom roles, ACL entries and tokens (never a secret).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:no database, no such run or cluster, the cluster not collected in the run, "
                + "or a usage error"})
final class DeclaredExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryDatabase db;

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "The cluster to export.")
    String cluster;

    @Option(names = "--run", paramLabel = "N", description = "The audit run (default: the latest completed one).")
    Long run;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "yaml",
            description = "yaml (a declared-access.yml, default) or hcl (Terraform, bpg/proxmox provider).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        if (!format.equals("yaml") && !format.equals("hcl")) {
            throw new ParameterException(spec.commandLine(), "--format is yaml or hcl, not '"
                    + TerminalText.safe(format) + "'");
        }
        AuditHistory history = db.open();
        AuditRun from = run(history);
        ClusterSnapshot held = snapshot(history, from);
        ExportOrigin origin = ExportOrigin.of(from.id(), held);
        String text = format.equals("hcl") ? TerraformExport.write(held, origin) : yaml(held, origin);
        PrintWriter err = spec.commandLine().getErr();
        if (!origin.notRead().isEmpty()) {
            err.println("pve-audit: " + TerminalText.safe(cluster) + ": run " + from.id() + " could not read "
                    + String.join(", ", origin.notRead().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT))
                    .toList()) + "; exported empty");
            err.flush();
        }
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return ExitCode.OK;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputError(output + ": cannot write: " + Cause.of(e));
        }
        DeclaredAccess d = DeclaredExport.of(held);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + output + ": " + count(d.users(), "user") + ", " + count(d.groups(), "group") + ", "
                + count(d.roles(), "custom role") + ", " + count(d.acl(), "ACL entry", "ACL entries") + ", "
                + count(d.tokens(), "token") + " of " + TerminalText.safe(cluster) + " in run " + from.id());
        out.flush();
        return ExitCode.OK;
    }

    private AuditRun run(AuditHistory history) {
        if (run == null) {
            return history.runs().latestCompleted().orElseThrow(() -> new InputError(
                    "no completed audit run in the history; run 'pve-audit audit' first"));
        }
        return history.runs().run(run).orElseThrow(() -> new InputError("no audit run " + run + " in the history"));
    }

    private ClusterSnapshot snapshot(AuditHistory history, AuditRun from) {
        try {
            List<ClusterRun> clusters = history.clusters().of(from.id());
            ClusterRun c = clusters.stream().filter(x -> x.cluster().equals(cluster)).findFirst()
                    .orElseThrow(() -> new InputError("no cluster '" + TerminalText.safe(cluster) + "' in run "
                            + from.id() + " (clusters: " + String.join(", ", clusters.stream()
                            .map(x -> TerminalText.safe(x.cluster())).toList()) + ")"));
            ClusterSnapshot s = c.audited() ? history.snapshots().snapshot(from.id(), cluster) : null;
            if (s == null) {
                throw new InputError(TerminalText.safe(cluster) + " was not collected in run " + from.id()
                        + (c.error() == null ? "" : ": " + TerminalText.safe(c.error())));
            }
            return s;
        } catch (HistoryException e) {
            throw new InputError(e.getMessage());
        }
    }

    /**
     * The file, read back before anyone gets it: an id the cluster holds but the reader refuses (a user.cfg
     * edited by hand) fails here, not when the team adopts the file.
     */
    private String yaml(ClusterSnapshot held, ExportOrigin origin) {
        DeclaredAccess exported = DeclaredExport.of(held);
        String text = DeclaredAccessYaml.write(exported, origin);
        try {
            DeclaredAccess read = DeclaredAccessFile.parse("the export", text.getBytes(StandardCharsets.UTF_8));
            if (!read.equals(exported)) {
                throw new InputError(TerminalText.safe(cluster) + ": the export does not read back as written");
            }
        } catch (DeclaredAccessException e) {
            throw new InputError(TerminalText.safe(cluster) + ": cannot be written as declared access: "
                    + TerminalText.safe(e.getMessage()));
        }
        return text;
    }

    private static String count(List<?> items, String one) {
        return count(items, one, one + "s");
    }

    private static String count(List<?> items, String one, String many) {
        return items.size() + " " + (items.size() == 1 ? one : many);
    }
}
