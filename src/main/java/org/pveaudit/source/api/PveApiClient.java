package org.pveaudit.source.api;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pveaudit.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Proxmox VE JSON API over the JDK {@link HttpClient}: API-token or ticket authentication,
 * verified TLS, endpoint failover and bounded retries, and a limit on requests in flight.
 *
 * <p>Each request tries the endpoint that answered last, then the others in order; a connect
 * error, a timeout, a truncated body or a 5xx (including Proxmox's 595/596 proxy errors) moves on
 * to the next endpoint. After a round over all endpoints fails, it waits (exponential backoff with
 * jitter) and tries again, at most {@code retries} more rounds. 4xx and 501 are never retried.
 * Secrets appear only in request headers and the login form; never in a message or a log line.
 */
public final class PveApiClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PveApiClient.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Waits between retry rounds (replaceable in tests). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * The server refused the read: 403 (the credential lacks a privilege), 401 (the credential is not
     * accepted for it) or 501 (this Proxmox release has no such endpoint). Nothing was read; the
     * message is Proxmox's, e.g. {@code Permission check failed (/access, Sys.Audit)}.
     */
    public static final class RefusedException extends RuntimeException {
        private final int status;
        private final String endpoint;

        RefusedException(int status, String endpoint, String message) {
            super(message == null || message.isBlank() ? status == 403 ? "Permission check failed" : "" : message);
            this.status = status;
            this.endpoint = endpoint;
        }

        public int status() {
            return status;
        }

        public String endpoint() {
            return endpoint;
        }
    }

    /** The server answered with an error status that is not retried or that persisted through all retries. */
    public static final class StatusException extends RuntimeException {
        private final int status;

        StatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Who the client is logged in as (ticket logins also tell the cluster name). */
    public record Login(String userid, String clusterName) {
    }

    private final ApiOptions options;
    private final ApiTransport transport;
    private final TicketLogin tickets;

    public PveApiClient(ApiOptions options) {
        this(options, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    public PveApiClient(ApiOptions options, Sleeper sleeper, Clock clock) {
        this.options = options;
        this.transport = new ApiTransport(options, sleeper, this::secrets);
        this.tickets = new TicketLogin(options, transport, clock);
    }

    /** How many HTTP requests were sent (including retries and logins). */
    public int requestCount() {
        return transport.requestCount();
    }

    /** The endpoint that answered last (null before the first answer). */
    public String endpoint() {
        return transport.lastEndpoint();
    }

    public ApiOptions options() {
        return options;
    }

    /**
     * Authenticates: for a user, obtains a ticket; for a token nothing is sent (the first read checks it).
     */
    public Login login() {
        if (options.credential() instanceof Credential.UserPassword) {
            TicketLogin.Ticket t = tickets.current();
            return new Login(t.userid(), t.clusterName());
        }
        return new Login(options.credential().id(), null);
    }

    /**
     * {@code GET /api2/json<path>}: the {@code data} member of the answer (a JSON null node when the
     * answer had none).
     *
     * @throws RefusedException    on 401, 403 or 501
     * @throws StatusException      on another error status, or an answer that is not JSON (after retries)
     * @throws SourceUnavailableException when no endpoint answers
     */
    public JsonNode get(String path) {
        boolean relogged = false;
        while (true) {
            TicketLogin.Ticket used = options.credential() instanceof Credential.UserPassword ? tickets.current() : null;
            ApiAnswer a = transport.send(path, b -> authorize(b.GET(), used));
            if (a.status() == 401 && used != null && !relogged) {
                // the ticket ran out (or the server restarted with new keys): log in again once
                tickets.relogin(used);
                relogged = true;
                continue;
            }
            return a.data(transport.json());
        }
    }

    private HttpRequest.Builder authorize(HttpRequest.Builder b, TicketLogin.Ticket t) {
        if (options.credential() instanceof Credential.Token token) {
            return b.header("Authorization", "PVEAPIToken=" + token.id() + "=" + token.secret().reveal());
        }
        return b.header("Cookie", "PVEAuthCookie=" + URLEncoder.encode(t.value(), StandardCharsets.UTF_8));
    }

    /** The secrets of the credential in use, in the forms a server could echo. */
    private List<String> secrets() {
        List<String> out = new ArrayList<>();
        if (options.credential() instanceof Credential.Token t) {
            out.add(t.secret().reveal());
        } else if (options.credential() instanceof Credential.UserPassword u) {
            out.add(u.password().reveal());
            TicketLogin.Ticket t = tickets.last();
            if (t != null) {
                out.addAll(t.secrets());
            }
        }
        return out;
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from Java 21; the client's threads end with it on their own
    }
}
