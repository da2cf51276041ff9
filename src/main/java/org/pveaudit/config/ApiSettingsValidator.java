package org.pveaudit.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The checks of an {@code api} cluster's settings: endpoints, exactly one credential, secrets from an
 * environment placeholder or a file (never written into the file), and one way of verifying TLS.
 * Messages name the key and never a secret value.
 */
final class ApiSettingsValidator {

    private static final java.util.regex.Pattern TOKEN_ID =
            java.util.regex.Pattern.compile("[^\\s@!]+@[A-Za-z][A-Za-z0-9.\\-_]+![A-Za-z][A-Za-z0-9.\\-_]+");
    private static final java.util.regex.Pattern USER_ID =
            java.util.regex.Pattern.compile("[^\\s@!:]+@[A-Za-z][A-Za-z0-9.\\-_]+");
    private static final java.util.regex.Pattern FINGERPRINT =
            java.util.regex.Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}");
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}:]+)");

    private ApiSettingsValidator() {
    }

    static void check(Path file, String prefix, ClusterConfig c, UnaryOperator<String> where,
                      UnaryOperator<String> raw) {
        for (int i = 0; i < c.endpoints().size(); i++) {
            String key = prefix + ".endpoints[" + i + "]";
            String problem = endpointProblem(c.endpoints().get(i));
            if (problem != null) {
                throw fail(where, key, problem);
            }
        }
        boolean token = c.tokenId() != null;
        boolean user = c.username() != null;
        if (token == user) {
            throw fail(where, prefix + (token ? ".username" : ".token-id"), token
                    ? "set either token-id or username, not both"
                    : "required for source 'api' (or username with password-file)");
        }
        if (token) {
            if (!TOKEN_ID.matcher(c.tokenId()).matches()) {
                throw fail(where, prefix + ".token-id", "'" + c.tokenId() + "' is not a token id such as svc-audit@pve!audit");
            }
            secret(where, raw, prefix, "token-secret", c.tokenSecret(), "token-secret-file", c.tokenSecretFile(),
                    "PVE_TOKEN_SECRET");
            forbid(where, prefix, "password", c.password(), "token-id");
            forbid(where, prefix, "password-file", c.passwordFile(), "token-id");
        } else {
            if (!USER_ID.matcher(c.username()).matches()) {
                throw fail(where, prefix + ".username", "'" + c.username() + "' is not a user id such as svc-audit@pve");
            }
            secret(where, raw, prefix, "password", c.password(), "password-file", c.passwordFile(), "PVE_PASSWORD");
            forbid(where, prefix, "token-secret", c.tokenSecret(), "username");
            forbid(where, prefix, "token-secret-file", c.tokenSecretFile(), "username");
        }
        if (c.insecure() && (c.caFile() != null || c.fingerprint() != null)) {
            throw fail(where, prefix + ".insecure", "cannot be combined with ca-file or fingerprint");
        }
        if (c.caFile() != null && c.fingerprint() != null) {
            throw fail(where, prefix + ".fingerprint", "set either ca-file or fingerprint, not both");
        }
        if (c.fingerprint() != null && !FINGERPRINT.matcher(c.fingerprint().strip()).matches()) {
            throw fail(where, prefix + ".fingerprint", "not a SHA-256 fingerprint such as "
                    + "AB:CD:...:EF (32 colon-separated hex bytes, as Proxmox shows it)");
        }
        positive(where, prefix + ".connect-timeout", c.connectTimeout());
        positive(where, prefix + ".request-timeout", c.requestTimeout());
        if (c.retryBackoff().isNegative()) {
            throw fail(where, prefix + ".retry-backoff", "must not be negative");
        }
        if (c.retries() < 0 || c.retries() > 10) {
            throw fail(where, prefix + ".retries", "must be between 0 and 10");
        }
        if (c.maxParallelRequests() < 1 || c.maxParallelRequests() > 64) {
            throw fail(where, prefix + ".max-parallel-requests", "must be between 1 and 64");
        }
    }

    /** After paths are resolved: the files the api source reads must exist. */
    static void checkFiles(Path file, AuditConfig config, UnaryOperator<String> where) {
        for (int i = 0; i < config.clusters().size(); i++) {
            ClusterConfig c = config.clusters().get(i);
            if (c.source() != ClusterConfig.SourceKind.API) {
                continue;
            }
            String prefix = "clusters[" + i + "]";
            exists(where, prefix + ".token-secret-file", c.tokenSecretFile());
            exists(where, prefix + ".password-file", c.passwordFile());
            exists(where, prefix + ".ca-file", c.caFile());
        }
    }

    static String endpointProblem(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            return "'" + endpoint + "' is not a URL such as https://pve1.example.com:8006";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return "'" + endpoint + "' must be an https URL such as https://pve1.example.com:8006";
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getUserInfo() != null) {
            return "'" + endpoint + "' must name only scheme, host and port (https://host:8006)";
        }
        return null;
    }

    static void secret(UnaryOperator<String> where, UnaryOperator<String> raw, String prefix, String valueKey,
                               String value, String fileKey, String fileValue, String exampleVariable) {
        if (value == null && fileValue == null) {
            throw fail(where, prefix + "." + valueKey, "required: " + valueKey + ": ${" + exampleVariable
                    + "} (an environment variable) or " + fileKey);
        }
        if (value != null && fileValue != null) {
            throw fail(where, prefix + "." + fileKey, "set either " + valueKey + " or " + fileKey + ", not both");
        }
        if (value != null) {
            String written = raw.apply(prefix + "." + valueKey);
            if (written != null && !written.contains("${")) {
                throw fail(where, prefix + "." + valueKey, "write an environment placeholder such as ${"
                        + exampleVariable + "} or use " + fileKey + "; a secret is not kept in the configuration file");
            }
            Matcher m = PLACEHOLDER.matcher(value);
            if (m.find()) {
                throw fail(where, prefix + "." + valueKey, "environment variable " + m.group(1) + " is not set");
            }
            if (value.isBlank()) {
                throw fail(where, prefix + "." + valueKey, "the environment variable is empty");
            }
        }
    }

    private static void forbid(UnaryOperator<String> where, String prefix, String key, String value, String because) {
        if (value != null) {
            throw fail(where, prefix + "." + key, "not used with " + because);
        }
    }

    private static void positive(UnaryOperator<String> where, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw fail(where, key, "must be longer than 0");
        }
    }

    private static void exists(UnaryOperator<String> where, String key, String path) {
        if (path != null && !Files.isRegularFile(Path.of(path))) {
            throw fail(where, key, "file not found: " + path);
        }
    }

    static ConfigException fail(UnaryOperator<String> where, String key, String problem) {
        return new ConfigException(where.apply(key) + key + ": " + problem);
    }
}
