package org.pveaudit.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One cluster to audit and where its data comes from: a snapshot folder ({@code path}), a copy
 * of {@code user.cfg} (+ optional {@code domains.cfg}), or later the live API.
 * {@code pveVersion} is needed for {@code usercfg} sources, which do not say which release wrote them.
 */
public record ClusterConfig(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}",
                message = "must be letters, digits, '.', '_' or '-' (at most 63)") String name,
        @NotNull(message = "must be one of snapshot, usercfg") SourceKind source,
        String path,
        String userCfg,
        String domainsCfg,
        String pveVersion,
        PolicyConfig policy) {

    public ClusterConfig {
        policy = policy == null ? new PolicyConfig(null, null) : policy;
    }

    ClusterConfig resolvedAgainst(java.nio.file.Path dir) {
        return new ClusterConfig(name, source, AuditConfig.resolve(dir, path), AuditConfig.resolve(dir, userCfg),
                AuditConfig.resolve(dir, domainsCfg), pveVersion, policy);
    }

    /** The kinds of cluster source. */
    public enum SourceKind { SNAPSHOT, USERCFG }
}
