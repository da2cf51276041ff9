package org.pveaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.pveaudit.model.ClusterIdentity;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.PrivilegeCatalog;
import org.pveaudit.model.PveRelease;
import org.pveaudit.model.Realm;
import org.pveaudit.source.usercfg.DomainsCfgParser;
import org.pveaudit.source.usercfg.ParseWarning;
import org.pveaudit.source.usercfg.UserCfg;
import org.pveaudit.source.usercfg.UserCfgParser;

import picocli.CommandLine.Option;

/** Where the access data comes from; {@link #snapshot} is the one place that loads input. */
public final class InputOptions {

    private static final int SHOWN_WARNINGS = 20;

    @Option(names = "--user-cfg", paramLabel = "FILE", required = true,
            description = "A copy of /etc/pve/user.cfg.")
    Path userCfg;

    @Option(names = "--domains-cfg", paramLabel = "FILE", description = "A copy of /etc/pve/domains.cfg (realms).")
    Path domainsCfg;

    @Option(names = "--pve-version", paramLabel = "VERSION", defaultValue = "9",
            description = "Proxmox VE version of the cluster (decides the privileges and built-in roles; default ${DEFAULT-VALUE}).")
    String pveVersion;

    @Option(names = "--lenient", description = "Skip malformed user.cfg lines with a warning, as Proxmox does, instead of failing.")
    boolean lenient;

    private long loadNanos;

    /** Reads the input into a snapshot; problems become one-line {@link InputError}s. */
    public ClusterSnapshot snapshot(PrintWriter err) {
        long t0 = System.nanoTime();
        PveRelease release;
        try {
            release = PveRelease.ofVersion(pveVersion);
        } catch (IllegalArgumentException e) {
            throw new InputError(e.getMessage());
        }
        UserCfgParser parser = new UserCfgParser(PrivilegeCatalog.of(release),
                lenient ? UserCfgParser.Mode.WARN : UserCfgParser.Mode.FAIL);
        UserCfg cfg;
        try {
            cfg = parser.parse(userCfg);
        } catch (NoSuchFileException e) {
            throw new InputError("cannot read " + userCfg + ": no such file");
        } catch (IOException e) {
            throw new InputError("cannot read " + userCfg + ": " + e.getMessage());
        }
        List<Realm> realms = List.of();
        if (domainsCfg != null) {
            if (!Files.isReadable(domainsCfg)) {
                throw new InputError("cannot read " + domainsCfg + ": no such file");
            }
            try {
                List<ParseWarning> warnings = new java.util.ArrayList<>();
                realms = new DomainsCfgParser().parse(domainsCfg.getFileName().toString(),
                        Files.readString(domainsCfg), warnings);
                warnings.forEach(w -> err.println("pve-audit: warning: " + w));
            } catch (IOException e) {
                throw new InputError("cannot read " + domainsCfg + ": " + e.getMessage());
            }
        }
        List<ParseWarning> warnings = cfg.warnings();
        warnings.stream().limit(SHOWN_WARNINGS).forEach(w -> err.println("pve-audit: warning: " + w));
        if (warnings.size() > SHOWN_WARNINGS) {
            err.println("pve-audit: warning: " + (warnings.size() - SHOWN_WARNINGS) + " more warnings not shown");
        }
        err.flush();
        ClusterSnapshot snapshot = cfg.toSnapshot(new ClusterIdentity(clusterName(), pveVersion, List.of()),
                realms, Instant.now());
        loadNanos = System.nanoTime() - t0;
        return snapshot;
    }

    private String clusterName() {
        Path parent = userCfg.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? "local" : parent.getFileName().toString();
    }

    /** How long {@link #snapshot} took. */
    long loadNanos() {
        return loadNanos;
    }
}
