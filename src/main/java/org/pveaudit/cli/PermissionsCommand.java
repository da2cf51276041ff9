package org.pveaudit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pveaudit.access.AccessModel;
import org.pveaudit.json.JsonText;
import org.pveaudit.access.MatrixExport;
import org.pveaudit.job.ExitCode;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Count;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints effective privileges: the full matrix as JSON lines, or a filtered view. */
@Command(name = "permissions", mixinStandardHelpOptions = true,
        description = {"Prints the effective privileges of principals at paths, computed as Proxmox VE does.",
                "With --format jsonl and no filter: the full matrix, one JSON object per line."})
public final class PermissionsCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { jsonl, table }

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--principal", paramLabel = "P", description = "Only this user or token (repeatable).")
    List<String> principals = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH", description = "Only this ACL path (repeatable).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "jsonl or table (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--timings", hidden = true, description = "Print a parse/compute/write breakdown to stderr.")
    boolean timings;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ClusterSnapshot snapshot = input.snapshot(err);
        long b0 = System.nanoTime();
        AccessModel model = AccessModel.of(snapshot);
        long build = System.nanoTime() - b0;
        for (String p : principals) {
            if (!model.knows(p)) {
                throw new InputError("unknown principal '" + p + "' (not a user or token of the config)");
            }
        }
        List<String> normalized = normalizedPaths();
        if (format == Format.jsonl && principals.isEmpty() && paths.isEmpty()) {
            fullMatrix(model, build, err);
            return ExitCode.OK;
        }
        List<String> who = principals.isEmpty() ? model.principals() : principals;
        List<String> where = normalized.isEmpty() ? model.matrixPaths() : normalized;
        if (format == Format.jsonl) {
            jsonLines(model, who, where);
        } else {
            table(model, who, where, normalized.isEmpty());
        }
        return ExitCode.OK;
    }

    private List<String> normalizedPaths() {
        List<String> normalized = new ArrayList<>();
        for (String p : paths) {
            String n = AclPath.tryNormalize(p);
            if (n == null || p.isEmpty()) {
                throw new InputError("malformed ACL path '" + p + "'");
            }
            normalized.add(n);
        }
        return normalized;
    }

    /** Every principal on every path, streamed by {@link MatrixExport}. */
    private void fullMatrix(AccessModel model, long build, PrintWriter err) throws IOException {
        PrintStream out = System.out;
        MatrixExport.Timings t = new MatrixExport(model).writeTo(out);
        out.flush();
        if (timings) {
            err.printf("parse %d ms, model %d ms, compute %d ms (cpu, %s), encode %d ms (cpu), "
                            + "write %d ms, matrix wall %d ms, %s, %s%n",
                    ms(input.loadNanos()), ms(build), ms(t.computeNanos()),
                    Count.of(Runtime.getRuntime().availableProcessors(), "thread"), ms(t.encodeNanos()),
                    ms(t.writeNanos()), ms(t.wallNanos()), Count.of(t.lines(), "line"), Count.of(t.bytes(), "byte"));
            err.flush();
        }
    }

    private static void jsonLines(AccessModel model, List<String> who, List<String> where) throws IOException {
        OutputStream out = System.out;
        StringBuilder b = new StringBuilder();
        for (String p : who) {
            for (String path : where) {
                b.setLength(0);
                b.append("{\"principal\":");
                JsonText.append(b, p).append(",\"path\":");
                JsonText.append(b, path).append(",\"privs\":[");
                boolean first = true;
                for (String priv : model.privileges(p, path).keySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    JsonText.append(b, priv);
                }
                b.append("]}\n");
                out.write(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        out.flush();
    }

    /** @param everyPath no {@code --path}: rows without privileges are left out */
    private void table(AccessModel model, List<String> who, List<String> where, boolean everyPath) {
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        long now = System.currentTimeMillis() / 1000;
        out.printf("%-30s %-30s %s%n", "PRINCIPAL", "PATH", "PRIVILEGES");
        for (String p : who) {
            String latent = model.latent(p, now) ? " (latent: account disabled or expired)" : "";
            for (String path : where) {
                Map<String, Boolean> privs = model.privileges(p, path);
                if (privs.isEmpty() && everyPath) {
                    continue;
                }
                out.printf("%-30s %-30s %s%s%n", p, path, privs.isEmpty() ? "-" : String.join(",", privs.keySet()),
                        latent);
            }
        }
        out.flush();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
