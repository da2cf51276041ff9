package org.pveaudit.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.pveaudit.access.AccessModel;
import org.pveaudit.access.PrivilegeHolder;
import org.pveaudit.job.ExitCode;
import org.pveaudit.json.JsonText;
import org.pveaudit.model.AclPath;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.people.PeopleIndex;
import org.pveaudit.people.Person;
import org.pveaudit.rules.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists every user and token holding a privilege, at one path or at every relevant path. */
@Command(name = "who-can", mixinStandardHelpOptions = true,
        description = {"Lists the users and tokens that hold a privilege.",
                "Without --path: every relevant path where someone holds it (JSON: one object per line).",
                "With --all-clusters and -c FILE: every configured cluster, each holder with the person it is "
                        + "(accounts linked across clusters, docs/people.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:a usage or input error",
                "3:with --all-clusters, a cluster could not be read (named on stderr; the others are listed)"})
public final class WhoCanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--privilege", required = true, paramLabel = "PRIV", description = "Privilege name, e.g. Sys.Modify.")
    String privilege;

    @Option(names = "--path", paramLabel = "PATH", description = "ACL path.")
    String path;

    @Option(names = "--json", description = "JSON instead of text.")
    boolean json;

    @Option(names = "--all-clusters", description = "Every cluster of the -c configuration, with the person each "
            + "holder is.")
    boolean allClusters;

    @Option(names = "--timings", hidden = true, description = "Print load and query times to stderr.")
    boolean timings;

    @Override
    public Integer call() {
        if (allClusters) {
            return everyCluster();
        }
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        long t0 = System.nanoTime();
        AccessModel model = AccessModel.of(input.snapshot(spec.commandLine().getErr()));
        long t1 = System.nanoTime();
        if (!model.isPrivilege(privilege)) {
            throw new InputError("unknown privilege '" + privilege + "' for Proxmox VE "
                    + model.snapshot().identity().release().label());
        }
        long now = System.currentTimeMillis() / 1000;
        if (path != null) {
            String p = AclPath.tryNormalize(path);
            if (p == null || path.isEmpty()) {
                throw new InputError("malformed ACL path '" + path + "'");
            }
            List<PrivilegeHolder> holders = model.whoCan(privilege, p, now);
            if (json) {
                StringBuilder b = new StringBuilder("{\"privilege\":");
                JsonText.append(b, privilege).append(",\"path\":");
                JsonText.append(b, p).append(",\"holders\":[");
                for (int i = 0; i < holders.size(); i++) {
                    b.append(i == 0 ? "" : ",").append("{\"principal\":");
                    JsonText.append(b, holders.get(i).principal()).append(",\"latent\":")
                            .append(holders.get(i).latent()).append('}');
                }
                out.println(b.append("]}"));
            } else {
                holders.forEach(h -> out.println(h.principal() + (h.latent() ? "  (latent)" : "")));
            }
        } else {
            model.whoCanEverywhere(privilege, now, h -> {
                if (json) {
                    StringBuilder b = new StringBuilder("{\"principal\":");
                    JsonText.append(b, h.principal()).append(",\"path\":");
                    JsonText.append(b, h.path()).append(",\"latent\":").append(h.latent()).append('}');
                    out.println(b);
                } else {
                    out.println(h.principal() + "  " + h.path() + (h.latent() ? "  (latent)" : ""));
                }
            });
        }
        out.flush();
        if (timings) {
            long t2 = System.nanoTime();
            spec.commandLine().getErr().printf("load %.1f ms, query %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            spec.commandLine().getErr().flush();
        }
        return ExitCode.OK;
    }

    /** {@code --all-clusters}: each configured cluster in turn, every line with its cluster and person. */
    private int everyCluster() {
        PrintWriter out = new PrintWriter(new java.io.BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        List<String> notRead = new java.util.ArrayList<>();
        List<ClusterSnapshot> snapshots = input.allClusters(spec.commandLine().getErr(), notRead);
        long now = System.currentTimeMillis() / 1000;
        // one engine per cluster, for the people index's administrator-equivalence and the query alike
        java.util.Map<String, ClusterView> views = new java.util.HashMap<>();
        snapshots.forEach(s -> views.put(s.cluster(), new ClusterView(s, now)));
        PeopleIndex people = PeopleIndex.of(snapshots, input.identities(), now,
                (cluster, user) -> views.get(cluster).adminEquivalent(user));
        String p = path == null ? null : AclPath.tryNormalize(path);
        if (path != null && (p == null || path.isEmpty())) {
            throw new InputError("malformed ACL path '" + path + "'");
        }
        for (ClusterSnapshot s : snapshots) {
            AccessModel model = views.get(s.cluster()).access();
            if (!model.isPrivilege(privilege)) {
                spec.commandLine().getErr().println("pve-audit: " + s.cluster() + ": no privilege '" + privilege
                        + "' in Proxmox VE " + s.identity().release().label());
                continue;
            }
            java.util.function.Consumer<PrivilegeHolder> line = h -> holder(out, s.cluster(), h,
                    people.of(s.cluster(), h.principal()));
            if (p != null) {
                model.whoCan(privilege, p, now).forEach(line);
            } else {
                model.whoCanEverywhere(privilege, now, line);
            }
        }
        out.flush();
        spec.commandLine().getErr().flush();
        return notRead.isEmpty() ? ExitCode.OK : ExitCode.NOT_AUDITED;
    }

    private void holder(PrintWriter out, String cluster, PrivilegeHolder h, Person person) {
        String where = h.path() == null ? path : h.path();
        if (json) {
            StringBuilder b = new StringBuilder("{\"cluster\":");
            JsonText.append(b, cluster).append(",\"principal\":");
            JsonText.append(b, h.principal()).append(",\"path\":");
            JsonText.append(b, where).append(",\"latent\":").append(h.latent()).append(",\"person\":");
            if (person == null) {
                b.append("null");
            } else {
                JsonText.append(b, person.key());
            }
            out.println(b.append('}'));
        } else {
            out.println(cluster + "  " + h.principal() + "  " + where + (h.latent() ? "  (latent)" : "")
                    + (person == null ? "" : "  [" + TerminalText.safe(person.name()) + "]"));
        }
    }
}
