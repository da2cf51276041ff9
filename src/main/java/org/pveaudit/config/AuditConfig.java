package org.pveaudit.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit configuration ({@code pve-audit.yml}): clusters, rule packs, report, history, e-mail
 * ({@code mail} is null when the file has no {@code mail:} section) and how many clusters to work on at once.
 * Relative paths in the file are resolved against the file's folder by {@link AuditConfigLoader}.
 */
@ConfigurationProperties
@Validated
public record AuditConfig(
        @NotEmpty(message = "at least one cluster must be configured") List<@Valid ClusterConfig> clusters,
        List<String> rules,
        String waivers,
        @DefaultValue PolicyConfig policy,
        @Valid @DefaultValue ReportConfig report,
        @Valid @DefaultValue HistoryConfig history,
        MailConfig mail,
        @Valid @DefaultValue ParallelConfig parallel,
        PeopleConfig people,
        ScaleOutConfig scaleOut) {

    /** A configuration without a {@code scale-out:} section (every cluster read by the process that audits). */
    public AuditConfig(List<ClusterConfig> clusters, List<String> rules, String waivers, PolicyConfig policy,
                       ReportConfig report, HistoryConfig history, MailConfig mail, ParallelConfig parallel,
                       PeopleConfig people) {
        this(clusters, rules, waivers, policy, report, history, mail, parallel, people, null);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public AuditConfig {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        rules = rules == null ? List.of() : List.copyOf(rules);
        policy = policy == null ? new PolicyConfig(null, null, null) : policy;
        parallel = parallel == null ? new ParallelConfig(null, null) : parallel;
        people = people == null ? new PeopleConfig(null, null) : people;
    }

    /** The cluster of that name, or a {@link ConfigException} naming {@code file} and the configured clusters. */
    public ClusterConfig cluster(String name, Path file) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException(file + ": no cluster named '" + name + "' (configured: "
                        + String.join(", ", clusters.stream().map(ClusterConfig::name).toList()) + ")"));
    }

    /**
     * The same configuration with the input paths (cluster data, rules, waivers, templates) resolved against
     * {@code dir}. Output paths ({@code report.out}, {@code history.database}) stay relative to the
     * working directory, where cron or systemd runs the audit.
     */
    public AuditConfig resolvedAgainst(Path dir) {
        return new AuditConfig(clusters.stream().map(c -> c.resolvedAgainst(dir)).toList(),
                rules.stream().map(r -> resolve(dir, r)).toList(), resolve(dir, waivers), policy,
                report.resolvedAgainst(dir), history.resolvedAgainst(dir), mail == null ? null : mail.resolvedAgainst(dir),
                parallel, people.resolvedAgainst(dir), scaleOut == null ? null : scaleOut.resolvedAgainst(dir));
    }

    static String resolve(Path dir, String path) {
        if (path == null || path.startsWith("classpath:") || path.startsWith("jdbc:")) {
            return path;
        }
        Path p = Path.of(path);
        return p.isAbsolute() ? path : dir.resolve(p).normalize().toString();
    }
}
