package org.pveaudit.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One cluster to audit and where its data comes from: a snapshot folder ({@code path}), a copy
 * of {@code user.cfg} (+ optional {@code domains.cfg}), or the live API ({@code endpoints} with an
 * API token or a user name and password, and how to verify TLS).
 * {@code pveVersion} is needed for {@code usercfg} sources, which do not say which release wrote them.
 *
 * <p>Secrets ({@code token-secret}, {@code password}) come from an environment placeholder such as
 * {@code ${PVE_TOKEN_SECRET}} or from a file ({@code token-secret-file}, {@code password-file});
 * {@link #toString()} never shows them.
 */
public record ClusterConfig(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}",
                message = "must be letters, digits, '.', '_' or '-' (at most 63)") String name,
        // required, but for a cluster of a remote site, whose source settings live on its workers (AuditConfigLoader)
        SourceKind source,
        String path,
        String userCfg,
        String domainsCfg,
        String pveVersion,
        List<String> endpoints,
        String tokenId,
        String tokenSecret,
        String tokenSecretFile,
        String username,
        String password,
        String passwordFile,
        String caFile,
        String fingerprint,
        Boolean insecure,
        Duration connectTimeout,
        Duration requestTimeout,
        Integer retries,
        Duration retryBackoff,
        Integer maxParallelRequests,
        PolicyConfig policy,
        DeclaredConfig declared,
        @Pattern(regexp = SITE_NAME,
                message = "must be lower-case letters, digits, '_' or '-' (at most 63)") String site) {

    /** The site of clusters that name none: collected by the process that runs the audit. */
    public static final String LOCAL_SITE = "local";
    /** What a site's name may be: it names a queue of the broker. */
    public static final String SITE_NAME = "[a-z0-9][a-z0-9_-]{0,62}";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the 3 s Proxmox waits before every 401. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 2;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_PARALLEL_REQUESTS = 4;

    @ConstructorBinding
    public ClusterConfig {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        insecure = insecure != null && insecure;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        retries = retries == null ? DEFAULT_RETRIES : retries;
        retryBackoff = retryBackoff == null ? DEFAULT_RETRY_BACKOFF : retryBackoff;
        maxParallelRequests = maxParallelRequests == null ? DEFAULT_MAX_PARALLEL_REQUESTS : maxParallelRequests;
        policy = policy == null ? new PolicyConfig(null, null, null) : policy;
        site = site == null ? LOCAL_SITE : site;
    }

    /** An offline cluster (snapshot folder or user.cfg), as before the api source existed. */
    public ClusterConfig(String name, SourceKind source, String path, String userCfg, String domainsCfg,
                         String pveVersion) {
        this(name, source, path, userCfg, domainsCfg, pveVersion, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    ClusterConfig resolvedAgainst(java.nio.file.Path dir) {
        return new ClusterConfig(name, source, AuditConfig.resolve(dir, path), AuditConfig.resolve(dir, userCfg),
                AuditConfig.resolve(dir, domainsCfg), pveVersion, endpoints, tokenId, tokenSecret,
                AuditConfig.resolve(dir, tokenSecretFile), username, password, AuditConfig.resolve(dir, passwordFile),
                AuditConfig.resolve(dir, caFile), fingerprint, insecure, connectTimeout, requestTimeout, retries,
                retryBackoff, maxParallelRequests, policy, declared == null ? null : declared.resolvedAgainst(dir), site);
    }

    /** Secrets are shown as {@code <redacted>} when set, so a configuration can be logged or printed. */
    @Override
    public String toString() {
        return "ClusterConfig[name=" + name + ", source=" + source + ", path=" + path + ", userCfg=" + userCfg
                + ", domainsCfg=" + domainsCfg + ", pveVersion=" + pveVersion + ", endpoints=" + endpoints
                + ", tokenId=" + tokenId + ", tokenSecret=" + redacted(tokenSecret)
                + ", tokenSecretFile=" + tokenSecretFile + ", username=" + username
                + ", password=" + redacted(password) + ", passwordFile=" + passwordFile + ", caFile=" + caFile
                + ", fingerprint=" + fingerprint + ", insecure=" + insecure + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", retries=" + retries + ", retryBackoff=" + retryBackoff
                + ", maxParallelRequests=" + maxParallelRequests + ", policy=" + policy + ", declared=" + declared + ", site=" + site + "]";
    }

    private static String redacted(String secret) {
        return secret == null ? null : "<redacted>";
    }

    /** The kinds of cluster source. */
    public enum SourceKind { SNAPSHOT, USERCFG, API }
}
