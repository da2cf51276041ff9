package org.pveaudit.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pveaudit.access.AccessModel;
import org.pveaudit.access.ExplainedEntry;
import org.pveaudit.access.Explanation;
import org.pveaudit.job.ExitCode;
import org.pveaudit.json.JsonText;
import org.pveaudit.model.AclPath;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Shows which ACL entries decided a principal's privileges at a path, and which were overridden. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explains the effective privileges of one principal at one path.")
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--principal", required = true, paramLabel = "P", description = "User or token id.")
    String principal;

    @Option(names = "--path", required = true, paramLabel = "PATH", description = "ACL path.")
    String path;

    @Option(names = "--json", description = "JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AccessModel model = AccessModel.of(input.snapshot(spec.commandLine().getErr()));
        if (!model.knows(principal)) {
            throw new InputError("unknown principal '" + principal + "' (not a user or token of the config)");
        }
        String p = AclPath.tryNormalize(path);
        if (p == null || path.isEmpty()) {
            throw new InputError("malformed ACL path '" + path + "'");
        }
        Explanation e = model.explain(principal, p);
        long now = System.currentTimeMillis() / 1000;
        if (json) {
            StringBuilder b = new StringBuilder();
            json(b, e, model, now);
            out.println(b);
        } else {
            text(out, e, model, now, "");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void text(PrintWriter out, Explanation e, AccessModel model, long now, String indent) {
        out.println(indent + e.principal() + " at " + e.path()
                + (model.latent(e.principal(), now) ? "  [latent: account disabled or expired]" : ""));
        out.println(indent + "  roles:      " + flags(e.roles()));
        out.println(indent + "  privileges: " + flags(e.privileges()));
        for (ExplainedEntry x : e.entries()) {
            out.println(indent + "  " + (x.decisive() ? "DECIDES   " : "overridden") + "  acl:"
                    + (x.entry().propagate() ? 1 : 0) + ":" + x.entry().path() + ":" + x.entry().principal().spelling()
                    + ":" + x.entry().role() + "  " + x.reason() + ": " + x.reason().text()
                    + (x.detail().isEmpty() ? "" : " (" + x.detail() + ")"));
        }
        for (String n : e.notes()) {
            out.println(indent + "  note: " + n);
        }
        if (e.owner() != null) {
            out.println(indent + "  owner:");
            text(out, e.owner(), model, now, indent + "    ");
        }
    }

    private static String flags(Map<String, Boolean> m) {
        if (m.isEmpty()) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(v ? "" : " (not propagated)"));
        return b.toString();
    }

    static void json(StringBuilder b, Explanation e, AccessModel model, long now) {
        b.append("{\"principal\":");
        JsonText.append(b, e.principal()).append(",\"path\":");
        JsonText.append(b, e.path()).append(",\"latent\":").append(model.latent(e.principal(), now));
        b.append(",\"roles\":");
        map(b, e.roles());
        b.append(",\"privileges\":");
        map(b, e.privileges());
        b.append(",\"entries\":[");
        boolean first = true;
        for (ExplainedEntry x : e.entries()) {
            b.append(first ? "" : ",").append("{\"path\":");
            first = false;
            JsonText.append(b, x.entry().path()).append(",\"type\":");
            JsonText.append(b, x.entry().principal().kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(",\"ugid\":");
            JsonText.append(b, x.entry().principal().id()).append(",\"roleid\":");
            JsonText.append(b, x.entry().role()).append(",\"propagate\":").append(x.entry().propagate() ? 1 : 0)
                    .append(",\"decisive\":").append(x.decisive()).append(",\"reason\":");
            JsonText.append(b, x.reason().name()).append(",\"detail\":");
            JsonText.append(b, x.detail()).append('}');
        }
        b.append("],\"notes\":[");
        for (int i = 0; i < e.notes().size(); i++) {
            JsonText.append(b.append(i == 0 ? "" : ","), e.notes().get(i));
        }
        b.append(']');
        if (e.owner() != null) {
            b.append(",\"owner\":");
            json(b, e.owner(), model, now);
        }
        b.append('}');
    }

    private static void map(StringBuilder b, Map<String, Boolean> m) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Boolean> x : m.entrySet()) {
            JsonText.append(b.append(first ? "" : ","), x.getKey()).append(':').append(x.getValue() ? 1 : 0);
            first = false;
        }
        b.append('}');
    }
}
