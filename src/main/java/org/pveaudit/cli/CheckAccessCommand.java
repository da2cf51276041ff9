package org.pveaudit.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigException;
import org.pveaudit.job.ApiSources;
import org.pveaudit.job.ExitCode;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.SourceInfo;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.SourceUnavailableException;
import org.pveaudit.source.api.ApiCollection;
import org.pveaudit.source.api.ApiOptions;
import org.pveaudit.source.api.Credential;
import org.pveaudit.source.api.ReadResult;
import org.pveaudit.source.api.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pve-audit check-access}: can the configured credential read everything the audit needs? */
@Command(name = "check-access", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Authenticate to a cluster, show who pve-audit is there, and whether every read the audit "
                + "needs is allowed (with the missing privilege when not).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every read is allowed",
                "2:usage or configuration error",
                "3:a read is refused or incomplete, or the cluster cannot be reached or refuses the credential"})
final class CheckAccessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiClusterOption target;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ClusterConfig c;
        ApiOptions options;
        try {
            c = target.cluster();
            options = ApiSources.options(c);
        } catch (ConfigException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        }
        out.println("cluster " + c.name() + " (" + String.join(", ", c.endpoints()) + ")");
        out.println("equivalent request (secret masked):");
        out.println("  " + curl(options));
        out.flush();
        ApiCollection result;
        try {
            result = ApiSources.source(c).collectAll();
        } catch (SourceUnavailableException e) {
            out.println("FAILED: " + e.getMessage());
            out.flush();
            return ExitCode.NOT_AUDITED;
        } catch (SourceException e) {
            err.println("pve-audit: " + e.getMessage());
            return ExitCode.INPUT_ERROR;
        }
        ClusterSnapshot s = result.snapshot();
        SourceInfo info = s.source();
        out.println("authenticated as " + describe(info) + " at " + result.endpoint());
        out.println("TLS: " + info.tls() + (info.tlsVerified() ? " (verified)" : " (NOT verified)"));
        out.println("Proxmox VE " + s.identity().version() + ", cluster "
                + (result.clusterName() == null ? "(stand-alone node)" : result.clusterName())
                + (s.identity().nodes().isEmpty() ? "" : ", nodes " + String.join(", ", s.identity().nodes())));
        out.println("reads the audit needs:");
        for (ReadResult r : result.reads()) {
            String state = switch (r.status()) {
                case OK -> "allowed ";
                case FORBIDDEN -> "DENIED  ";
                case PARTIAL -> "PARTIAL ";
                case FAILED -> "FAILED  ";
            };
            out.printf("  %s GET %-28s %s%n", state, r.path(), r.allowed() ? ""
                    : r.missing() != null ? "missing " + r.missing() : r.detail());
        }
        if (info.permissions() != null) {
            List<String> beyond = info.beyondRead();
            out.println("privileges beyond reading: " + (beyond.isEmpty() ? "none" : String.join(", ", beyond)));
        }
        s.warnings().forEach(w -> out.println("warning: " + w));
        boolean ok = result.allReadsAllowed();
        out.println(ok ? "all reads allowed (" + result.requests() + " requests)"
                : "some reads are not allowed: the audit reports the rules needing them as not evaluated");
        out.flush();
        return ok ? ExitCode.OK : ExitCode.NOT_AUDITED;
    }

    private static String describe(SourceInfo info) {
        StringBuilder sb = new StringBuilder(info.credential()).append(" (").append(info.credentialType());
        if (info.privsep() != null) {
            sb.append(info.privsep() ? ", privilege-separated" : ", NOT privilege-separated");
        }
        if (info.expire() != null) {
            sb.append(info.expire() == 0 ? ", never expires"
                    : ", expires " + Instant.ofEpochSecond(info.expire()).atZone(ZoneOffset.UTC).toLocalDate());
        }
        return sb.append(')').toString();
    }

    /** The curl command that makes the first read, with the secret masked. */
    static String curl(ApiOptions o) {
        String base = o.endpoints().get(0).toString().replaceAll("/$", "");
        String tls = switch (o.tls().mode()) {
            case SYSTEM -> "";
            case CA_FILE -> "--cacert '" + o.tls().caFile() + "' ";
            case INSECURE -> "--insecure ";
            case FINGERPRINT -> "--insecure ";   // curl pins public keys, not certificate fingerprints
        };
        String pinNote = o.tls().mode() == org.pveaudit.source.api.TlsPolicy.Mode.FINGERPRINT
                ? "   # check the fingerprint first: openssl s_client -connect " + o.endpoints().get(0).getHost() + ":"
                + port(o) + " </dev/null | openssl x509 -noout -fingerprint -sha256" : "";
        if (o.credential() instanceof Credential.Token t) {
            return "curl -sS " + tls + "-H 'Authorization: PVEAPIToken=" + t.id() + "=" + Secret.MASK + "' '"
                    + base + "/api2/json/version'" + pinNote;
        }
        Credential.UserPassword u = (Credential.UserPassword) o.credential();
        String password = u.password().file() != null ? "--data-urlencode 'password@" + u.password().file() + "'"
                : "--data-urlencode 'password=" + Secret.MASK + "'";
        return "curl -sS " + tls + "--data-urlencode 'username=" + u.id() + "' " + password + " '" + base
                + "/api2/json/access/ticket'" + pinNote;
    }

    private static int port(ApiOptions o) {
        int p = o.endpoints().get(0).getPort();
        return p < 0 ? 443 : p;
    }
}
