package org.pveaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigException;
import org.pveaudit.job.ClusterSources;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.source.ClusterSource;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.SourceException;
import org.pveaudit.source.usercfg.UserCfgParser;
import org.pveaudit.source.usercfg.UserCfgSource;
import org.pveaudit.people.Identities;
import org.pveaudit.people.IdentitiesException;
import picocli.CommandLine.Option;

/**
 * Where the access data of {@code permissions}, {@code explain} and {@code who-can} comes from:
 * a {@code user.cfg}, a snapshot folder, or a cluster of the configuration. {@link #snapshot} is the
 * one place that loads it.
 */
public final class InputOptions {

    private static final int SHOWN_WARNINGS = 20;

    @Option(names = "--user-cfg", paramLabel = "FILE", description = "A copy of /etc/pve/user.cfg.")
    Path userCfg;

    @Option(names = "--domains-cfg", paramLabel = "FILE", description = "A copy of /etc/pve/domains.cfg (realms).")
    Path domainsCfg;

    @Option(names = "--snapshot", paramLabel = "DIR", description = "A snapshot folder (layout in docs/snapshots.md).")
    Path snapshotDir;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Read the cluster from this configuration.")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME", description = "With -c: the cluster (needed when there are several).")
    String cluster;

    @Option(names = "--pve-version", paramLabel = "VERSION",
            description = "Proxmox VE version when the input does not say (decides the privileges and built-in roles; "
                    + "default 9 for user.cfg).")
    String pveVersion;

    @Option(names = "--lenient", description = "Skip malformed user.cfg lines with a warning, as Proxmox does, instead of failing.")
    boolean lenient;

    private long loadNanos;

    /** Reads the input into a snapshot; problems become one-line {@link InputError}s. */
    public ClusterSnapshot snapshot(PrintWriter err) {
        long t0 = System.nanoTime();
        ClusterSource source = source();
        ClusterSnapshot snapshot;
        try {
            snapshot = source.collect();
        } catch (SourceException e) {
            throw new InputError(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InputError(e.getMessage());
        }
        List<String> warnings = snapshot.warnings();
        warnings.stream().limit(SHOWN_WARNINGS).forEach(w -> err.println("pve-audit: warning: " + w));
        if (warnings.size() > SHOWN_WARNINGS) {
            err.println("pve-audit: warning: " + (warnings.size() - SHOWN_WARNINGS) + " more warnings not shown");
        }
        err.flush();
        loadNanos = System.nanoTime() - t0;
        return snapshot;
    }

    private ClusterSource source() {
        int given = (userCfg != null ? 1 : 0) + (snapshotDir != null ? 1 : 0) + (config != null ? 1 : 0);
        if (given != 1) {
            throw new InputError("give exactly one of --user-cfg FILE, --snapshot DIR or -c FILE [--cluster NAME]");
        }
        if (userCfg != null) {
            return new UserCfgSource(nameOf(userCfg), userCfg, domainsCfg, pveVersion == null ? "9" : pveVersion,
                    lenient ? UserCfgParser.Mode.WARN : UserCfgParser.Mode.FAIL);
        }
        if (snapshotDir != null) {
            return new SnapshotFolderSource(nameOf(snapshotDir.resolve("x")), snapshotDir, pveVersion);
        }
        try {
            AuditConfig cfg = AuditConfigLoader.load(config);
            List<String> names = cfg.clusters().stream().map(ClusterConfig::name).toList();
            ClusterConfig c;
            if (cluster == null) {
                if (names.size() != 1) {
                    throw new InputError("name the cluster with --cluster (configured: " + String.join(", ", names) + ")");
                }
                c = cfg.clusters().get(0);
            } else {
                c = cfg.cluster(cluster, config);
            }
            return ClusterSources.of(c);
        } catch (ConfigException e) {
            throw new InputError(e.getMessage());
        }
    }

    /**
     * Every cluster of the {@code -c} configuration, read as {@link #snapshot} reads one; a cluster that cannot be
     * read is named in {@code notRead} with the reason and left out, so the others still answer.
     */
    public List<ClusterSnapshot> allClusters(PrintWriter err, List<String> notRead) {
        if (config == null || userCfg != null || snapshotDir != null || cluster != null) {
            throw new InputError("--all-clusters reads every cluster of -c FILE (without --user-cfg, --snapshot or "
                    + "--cluster)");
        }
        AuditConfig cfg;
        try {
            cfg = AuditConfigLoader.load(config);
        } catch (ConfigException e) {
            throw new InputError(e.getMessage());
        }
        List<ClusterSnapshot> out = new java.util.ArrayList<>();
        for (ClusterConfig c : cfg.clusters()) {
            try {
                out.add(ClusterSources.of(c).collect());
            } catch (SourceException | IllegalArgumentException e) {
                notRead.add(c.name() + ": " + e.getMessage());
                err.println("pve-audit: " + c.name() + ": not read: " + e.getMessage());
            }
        }
        err.flush();
        return out;
    }

    /** How the configuration links people ({@code people.identities}, {@code match-keys}), for {@code --all-clusters}. */
    public Identities identities() {
        try {
            return config == null ? Identities.NONE : AuditConfigLoader.load(config).people().linking();
        } catch (ConfigException | IdentitiesException e) {
            throw new InputError(e.getMessage());
        }
    }

    /** The folder a file lies in names the cluster in messages. */
    private static String nameOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? "local" : parent.getFileName().toString();
    }

    /** How long {@link #snapshot} took. */
    long loadNanos() {
        return loadNanos;
    }
}
