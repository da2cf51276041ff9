package org.pveaudit.job;

import java.nio.file.Path;
import java.util.List;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.Severity;

/** One audit to run: the validated configuration, the chosen clusters, loaded rule packs and outputs. */
public record AuditRequest(AuditConfig config, List<ClusterConfig> clusters, List<RulePack> packs,
                           Severity failOn, Path outDir, List<ReportConfig.ReportFormat> formats,
                           String configHash) {

    public AuditRequest {
        clusters = List.copyOf(clusters);
        packs = List.copyOf(packs);
        formats = List.copyOf(formats);
    }

    public ClusterConfig cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown cluster " + name));
    }

    /** "name@version" of every pack, for the run record. */
    public String packNames() {
        return String.join(", ", packs.stream().map(p -> p.name() + "@" + p.version()).toList());
    }
}
