package org.pveaudit.source.api;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Everything the api source needs for one cluster. Built from the cluster's configuration by the
 * job; holds the credential only as a {@link Secret}, so {@link #toString()} never shows it.
 *
 * @param endpoints          node base URLs ({@code https://host:8006}), tried in order
 * @param retries            extra rounds over all endpoints after a connect error, timeout or 5xx
 * @param retryBackoff       the wait before the first extra round; doubled each round, with jitter
 * @param ticketRenewAfter   a ticket older than this is renewed before the next request (tickets live 2 h)
 * @param fallbackVersion    the PVE version to assume when {@code /version} cannot be read (may be null)
 */
public record ApiOptions(String cluster, List<URI> endpoints, Credential credential, TlsPolicy tls,
                         Duration connectTimeout, Duration requestTimeout, int retries, Duration retryBackoff,
                         int maxParallelRequests, Duration ticketRenewAfter, String fallbackVersion) {

    /** Proxmox tickets are valid for 2 hours; renew well before. */
    public static final Duration DEFAULT_TICKET_RENEW_AFTER = Duration.ofMinutes(90);

    public ApiOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoints");
        }
        ticketRenewAfter = ticketRenewAfter == null ? DEFAULT_TICKET_RENEW_AFTER : ticketRenewAfter;
        maxParallelRequests = Math.max(1, maxParallelRequests);
        retries = Math.max(0, retries);
    }

    /** The endpoint as configured, without a trailing slash. */
    static String base(URI endpoint) {
        String s = endpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public ApiOptions withTls(TlsPolicy policy) {
        return new ApiOptions(cluster, endpoints, credential, policy, connectTimeout, requestTimeout, retries,
                retryBackoff, maxParallelRequests, ticketRenewAfter, fallbackVersion);
    }
}
