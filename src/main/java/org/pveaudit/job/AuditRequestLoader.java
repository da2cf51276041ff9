package org.pveaudit.job;

import org.pveaudit.history.FailurePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.config.ConfigException;
import org.pveaudit.config.ReportConfig;
import org.pveaudit.failure.Cause;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.rules.Waiver;
import org.pveaudit.rules.WaiverLoader;

/**
 * Prepares an audit from its configuration file: the validated configuration, its rule packs (the bundled
 * baseline when it names none) and waivers, into an {@link AuditRequest}. {@code schedule} prepares again
 * before every run, so edits to the files take effect.
 */
public final class AuditRequestLoader {

    /** The rule pack of a configuration that names none. */
    public static final String DEFAULT_RULES = "classpath:rules/baseline.yml";

    private AuditRequestLoader() {
    }

    /**
     * @param clusters the clusters to audit (empty: all the configuration names)
     * @param out      the report folder, or null for {@code report.out}
     * @param formats  the report formats asked for by name ({@code --format}; empty: {@code report.formats})
     * @throws ConfigException                           for a configuration the audit cannot run with
     * @throws org.pveaudit.rules.RuleFileException      for a rule pack or waiver file that cannot be loaded
     */
    public static AuditRequest load(Path config, List<String> clusters, Path out, FailurePolicy policy,
                                    List<String> formats) {
        AuditConfig cfg = AuditConfigLoader.load(config);
        List<ClusterConfig> selected = select(config, cfg, clusters);
        List<String> ruleFiles = cfg.rules().isEmpty() ? List.of(DEFAULT_RULES) : cfg.rules();
        List<RulePack> packs = new RulePackLoader(new RuleExpressions()).load(ruleFiles);
        List<Waiver> waivers = cfg.waivers() == null ? List.of() : new WaiverLoader().load(Path.of(cfg.waivers()),
                packs.stream().flatMap(p -> p.rules().stream()).toList(), LocalDate.now(ZoneOffset.UTC));
        Path outDir = out != null ? out : Path.of(cfg.report().out());
        return AuditRequest.of(cfg, config.toString(), selected, packs, waivers, policy, outDir, hash(config),
                formats(cfg, formats));
    }

    private static List<ReportConfig.ReportFormat> formats(AuditConfig cfg, List<String> formats) {
        if (formats.isEmpty()) {
            return cfg.report().formats();
        }
        List<ReportConfig.ReportFormat> list = new ArrayList<>();
        for (String f : formats) {
            try {
                list.add(ReportConfig.ReportFormat.valueOf(f.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--format: '" + f + "' is not one of html, xlsx, json, csv, sarif, junit, matrix");
            }
        }
        return list;
    }

    private static List<ClusterConfig> select(Path config, AuditConfig cfg, List<String> clusters) {
        if (clusters.isEmpty()) {
            return cfg.clusters();
        }
        List<ClusterConfig> selected = new ArrayList<>();
        for (String name : clusters) {
            selected.add(cfg.cluster(name, config));
        }
        return selected;
    }

    private static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ConfigException(file + ": cannot read: " + Cause.of(e));
        }
    }
}
