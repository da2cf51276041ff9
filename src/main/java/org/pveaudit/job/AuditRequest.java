package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigFolder;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.DeclaredConfig;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.declared.DeclaredAccess;
import org.pveaudit.declared.DeclaredAccessException;
import org.pveaudit.declared.DeclaredAccessFile;
import org.pveaudit.declared.TerraformState;
import org.pveaudit.people.Identities;
import org.pveaudit.people.IdentitiesException;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.SubjectKind;
import org.pveaudit.rules.RuleSettings;
import org.pveaudit.rules.Waiver;

/**
 * One audit to run: the validated configuration, the chosen clusters, loaded rule packs and outputs;
 * {@code configFolder} is the configuration file's folder, relative to which the run records file names.
 */
public record AuditRequest(AuditConfig config, List<ClusterConfig> clusters, List<RulePack> packs,
                           List<Waiver> waivers, Map<String, RuleSettings> settings, FailurePolicy failOn, Path outDir,
                           List<ReportConfig.ReportFormat> formats, String configHash, ConfigFolder configFolder,
                           Map<String, DeclaredAccess> declared, Identities identities) {

    public AuditRequest {
        declared = Map.copyOf(declared);
        clusters = List.copyOf(clusters);
        packs = List.copyOf(packs);
        waivers = List.copyOf(waivers);
        settings = Map.copyOf(settings);
        formats = List.copyOf(formats);
    }

    /**
     * Whether a format shows what principals effectively hold (the HTML report and the workbook: the access
     * review, privileged access and evidence); the others need no permission engine after the rules.
     */
    public boolean showsAccess() {
        return formats.contains(ReportConfig.ReportFormat.HTML) || formats.contains(ReportConfig.ReportFormat.XLSX);
    }

    /** Whether a rule looks at people across clusters, so the run links every cluster's accounts first. */
    public boolean linksPeople() {
        return packs.stream().flatMap(p -> p.rules().stream()).anyMatch(r -> r.subject() == SubjectKind.PERSON);
    }

    /** How many clusters are evaluated, and analysed for the reports, at once. */
    public int parallelism() {
        return config.parallel().evaluate();
    }

    /**
     * Validates the policy settings against the packs and builds the request; the rule settings of
     * each cluster are the global ones with the cluster's on top.
     *
     * @throws org.pveaudit.config.ConfigException for an unknown rule, tag, param or severity
     */
    public static AuditRequest of(AuditConfig config, String configFile, List<ClusterConfig> clusters,
                                  List<RulePack> packs, List<Waiver> waivers, FailurePolicy failOn, Path outDir,
                                  String configHash, List<ReportConfig.ReportFormat> formats) {
        RuleSettings global = RulePolicy.settings(config.policy(), packs, configFile, "policy");
        Map<String, RuleSettings> settings = new java.util.HashMap<>();
        for (int i = 0; i < config.clusters().size(); i++) {
            ClusterConfig c = config.clusters().get(i);
            settings.put(c.name(), global.with(RulePolicy.settings(c.policy(), packs, configFile,
                    "clusters[" + i + "].policy")));
        }
        return new AuditRequest(config, clusters, packs, waivers, settings, failOn, outDir, formats, configHash,
                ConfigFolder.of(Path.of(configFile)), declared(clusters), identities(config));
    }

    /** The access declared for each chosen cluster that has a declaration, read now: a mistake in it stops the run. */
    private static Map<String, DeclaredAccess> declared(List<ClusterConfig> clusters) {
        Map<String, DeclaredAccess> declared = new java.util.HashMap<>();
        for (ClusterConfig c : clusters) {
            DeclaredConfig d = c.declared();
            try {
                if (d != null) {
                    declared.put(c.name(), d.terraformState() != null ? TerraformState.read(Path.of(d.terraformState()))
                            : DeclaredAccessFile.read(Path.of(d.file())));
                }
            } catch (DeclaredAccessException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return declared;
    }

    private static Identities identities(AuditConfig config) {
        try {
            return config.people().linking();
        } catch (IdentitiesException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public RuleSettings settings(String cluster) {
        return settings.getOrDefault(cluster, RuleSettings.DEFAULTS);
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
