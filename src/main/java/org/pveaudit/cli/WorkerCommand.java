package org.pveaudit.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigException;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.job.AuditRequest;
import org.pveaudit.job.AuditRequestLoader;
import org.pveaudit.job.AuditRunner;
import org.pveaudit.job.ExitCode;
import org.pveaudit.job.scaleout.SiteQueue;
import org.pveaudit.job.scaleout.SiteWorker;
import org.pveaudit.job.scaleout.WorkerIdentity;
import org.pveaudit.rules.RuleFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit worker}: collect the clusters of one site for the audits of a manager, until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Collect the clusters of one site for audits run elsewhere (docs/scale-out.md): consume the "
                + "site's queue on the scale-out broker, read each cluster with the source settings of this "
                + "configuration (its credentials stay here) and store the snapshot in the shared history. Runs "
                + "until stopped (SIGTERM, Ctrl-C)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped",
                "2:usage or configuration error (no scale-out.broker, no cluster of the site)",
                "3:the history database could not be used (a broker that cannot be reached is tried again every 5 s)"})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "pve-audit.yml",
            description = "The worker's configuration: its site's clusters, the shared history, scale-out.broker "
                    + "(default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--site", paramLabel = "SITE", required = true,
            description = "The site whose clusters this worker collects (the clusters' site: setting).")
    String site;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The name recorded on every cluster this worker collects (default: SITE@host name).")
    String name;

    @Mixin
    LogOptions logging = new LogOptions();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String problem = logging.check();
        if (problem != null) {
            err.println("pve-audit: " + problem);
            return ExitCode.INPUT_ERROR;
        }
        logging.apply(true);
        if (!site.matches(ClusterConfig.SITE_NAME) || ClusterConfig.LOCAL_SITE.equals(site)) {
            err.println("pve-audit: --site " + TerminalText.safe(site) + ": must be lower-case letters, digits, "
                    + "'_' or '-', and not 'local' (the manager collects those clusters itself)");
            return ExitCode.INPUT_ERROR;
        }
        AuditRequest request;
        try {
            request = AuditRequestLoader.load(config, List.of(), null, FailurePolicy.DEFAULT, List.of());
        } catch (ConfigException | RuleFileException e) {
            err.println("pve-audit: " + TerminalText.safe(e.getMessage()));
            return ExitCode.INPUT_ERROR;
        }
        if (request.config().scaleOut() == null) {
            err.println("pve-audit: " + config + ": scale-out.broker: required for a worker (the broker the "
                    + "manager sends the site's clusters to)");
            return ExitCode.INPUT_ERROR;
        }
        if (request.clusters().stream().noneMatch(c -> c.site().equals(site))) {
            err.println("pve-audit: " + config + ": no cluster of site " + site + " (give the clusters this worker "
                    + "reads site: " + site + ")");
            return ExitCode.INPUT_ERROR;
        }
        for (ClusterConfig c : request.clusters()) {
            if (c.site().equals(site) && c.source() == null) {
                err.println("pve-audit: " + config + ": cluster '" + c.name() + "' of site " + site + " has no "
                        + "source: this worker reads it (source: snapshot, usercfg or api, with its settings)");
                return ExitCode.INPUT_ERROR;
            }
        }
        WorkerIdentity me = new WorkerIdentity(site, name != null ? name : site + "@" + host());
        SiteWorker worker;
        try {
            worker = SiteWorker.start(request, me, logging.verbose);
        } catch (RuntimeException e) {
            err.println("pve-audit: cannot start the worker: " + TerminalText.safe(AuditRunner.message(e)));
            return ExitCode.NOT_AUDITED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "worker-stop"));
        // the broker URL carries no password (the configuration refuses one)
        err.println("pve-audit: worker " + me.name() + " consuming " + new SiteQueue(site).name() + " from "
                + request.config().scaleOut().broker() + " (a broker that cannot be reached is tried every 5 s)");
        err.flush();
        try {
            worker.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
