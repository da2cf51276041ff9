package org.pveaudit.job;

import java.net.URI;
import java.nio.file.Path;
import org.pveaudit.config.ClusterConfig;
import org.pveaudit.source.api.ApiClusterSource;
import org.pveaudit.source.api.ApiOptions;
import org.pveaudit.source.api.Credential;
import org.pveaudit.source.api.Secret;
import org.pveaudit.source.api.TlsPolicy;

/** Turns an {@code api} cluster's configuration into the options of the api source. */
public final class ApiSources {

    private ApiSources() {
    }

    public static ApiClusterSource source(ClusterConfig c) {
        return new ApiClusterSource(options(c));
    }

    public static ApiOptions options(ClusterConfig c) {
        Credential credential = c.tokenId() != null
                ? new Credential.Token(c.tokenId(), secret(c.tokenSecret(), c.tokenSecretFile()))
                : new Credential.UserPassword(c.username(), secret(c.password(), c.passwordFile()));
        TlsPolicy tls = c.insecure() ? TlsPolicy.insecure()
                : c.caFile() != null ? TlsPolicy.caFile(Path.of(c.caFile()))
                : c.fingerprint() != null ? TlsPolicy.fingerprint(c.fingerprint())
                : TlsPolicy.system();
        return new ApiOptions(c.name(), c.endpoints().stream().map(e -> URI.create(e.strip())).toList(), credential,
                tls, c.connectTimeout(), c.requestTimeout(), c.retries(), c.retryBackoff(), c.maxParallelRequests(),
                null, c.pveVersion());
    }

    private static Secret secret(String value, String file) {
        return value != null ? Secret.of(value) : Secret.fromFile(Path.of(file));
    }
}
