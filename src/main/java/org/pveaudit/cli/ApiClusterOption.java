package org.pveaudit.cli;

import java.nio.file.Path;
import java.util.List;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigException;
import picocli.CommandLine.Option;

/** What {@code collect} and {@code check-access} share: the configuration and the api cluster to read. */
final class ApiClusterOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "pve-audit.yml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME", description = "The api cluster (default: the only one).")
    String name;

    /** The named cluster, or the only api cluster when no name is given; it must be an api source. */
    ClusterConfig cluster() {
        AuditConfig cfg = AuditConfigLoader.load(config);
        List<String> names = cfg.clusters().stream().map(ClusterConfig::name).toList();
        ClusterConfig c;
        if (name == null) {
            List<ClusterConfig> api = cfg.clusters().stream()
                    .filter(x -> x.source() == ClusterConfig.SourceKind.API).toList();
            if (api.size() != 1) {
                throw new ConfigException(config + ": name the cluster with --cluster (configured: "
                        + String.join(", ", names) + ")");
            }
            c = api.get(0);
        } else {
            c = cfg.cluster(name, config);
        }
        if (c.source() != ClusterConfig.SourceKind.API) {
            throw new ConfigException(config + ": cluster '" + c.name() + "' has " + (c.source() == null
                    ? "no source here (its site " + c.site() + " reads it)" : "source '"
                    + c.source().name().toLowerCase() + "'") + "; this command reads the live API (source: api)");
        }
        return c;
    }
}
