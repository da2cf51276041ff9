package org.pveaudit.source.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.pveaudit.input.InputJson;
import org.pveaudit.input.InputLimits;
import org.pveaudit.failure.Cause;
import org.pveaudit.model.Realm;
import org.pveaudit.source.ApiMapping;
import org.pveaudit.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.pveaudit.model.Count;

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

    private record Ticket(String value, String csrf, Instant obtainedAt, String userid, String clusterName) {
    }

    private record Answer(int status, JsonNode body, String endpoint) {
    }

    private record Problem(String text, boolean retryable, boolean answered, int status) {
    }

    private final ApiOptions options;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final AtomicInteger preferred = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Sleeper sleeper;
    private final Clock clock;
    private final JsonMapper json = InputJson.mapper();
    private final Object loginLock = new Object();
    private volatile Ticket ticket;
    private volatile String lastEndpoint;

    public PveApiClient(ApiOptions options) {
        this(options, d -> Thread.sleep(d.toMillis()), Clock.systemUTC());
    }

    public PveApiClient(ApiOptions options, Sleeper sleeper, Clock clock) {
        this.options = options;
        this.sleeper = sleeper;
        this.clock = clock;
        this.inFlight = new Semaphore(options.maxParallelRequests(), true);
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm(options.tls().mode() == TlsPolicy.Mode.SYSTEM
                || options.tls().mode() == TlsPolicy.Mode.CA_FILE ? "HTTPS" : null);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout())
                .sslContext(options.tls().sslContext())
                .sslParameters(params)
                .build();
    }

    /** How many HTTP requests were sent (including retries and logins). */
    public int requestCount() {
        return requests.get();
    }

    /** The endpoint that answered last (null before the first answer). */
    public String endpoint() {
        return lastEndpoint;
    }

    public ApiOptions options() {
        return options;
    }

    /**
     * Authenticates: for a user, obtains a ticket; for a token nothing is sent (the first read checks it).
     */
    public Login login() {
        if (options.credential() instanceof Credential.UserPassword) {
            Ticket t = currentTicket();
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
            Ticket used = options.credential() instanceof Credential.UserPassword ? currentTicket() : null;
            Answer a = send(path, b -> authorize(b.GET(), used));
            if (a.status() == 401 && used != null && !relogged) {
                // the ticket ran out (or the server restarted with new keys): log in again once
                relogin(used);
                relogged = true;
                continue;
            }
            return data(path, a);
        }
    }

    private JsonNode data(String path, Answer a) {
        if (a.status() == 200) {
            JsonNode data = a.body() == null ? null : ApiMapping.unwrap(a.body());
            return data == null ? json.nullNode() : data;
        }
        String message = message(a);
        switch (a.status()) {
            case 401, 403, 501 -> throw new RefusedException(a.status(), a.endpoint(), message);
            default -> throw new StatusException(a.status(), "HTTP " + a.status()
                    + (message.isEmpty() ? "" : " " + message) + " at " + a.endpoint());
        }
    }

    private static String message(Answer a) {
        String m = a.body() == null ? null : ApiMapping.text(a.body(), "message");
        return m == null ? "" : m.strip().replace('\n', ' ');
    }

    private HttpRequest.Builder authorize(HttpRequest.Builder b, Ticket t) {
        if (options.credential() instanceof Credential.Token token) {
            return b.header("Authorization", "PVEAPIToken=" + token.id() + "=" + token.secret().reveal());
        }
        return b.header("Cookie", "PVEAuthCookie=" + URLEncoder.encode(t.value(), StandardCharsets.UTF_8));
    }

    // --- tickets ------------------------------------------------------------------------------

    private Ticket currentTicket() {
        Ticket t = ticket;
        if (t != null && Duration.between(t.obtainedAt(), clock.instant()).compareTo(options.ticketRenewAfter()) < 0) {
            return t;
        }
        synchronized (loginLock) {
            t = ticket;
            if (t == null) {
                ticket = t = requestTicket(null);
            } else if (Duration.between(t.obtainedAt(), clock.instant()).compareTo(options.ticketRenewAfter()) >= 0) {
                log.info("{}: renewing the API ticket of {}", options.cluster(), t.userid());
                try {
                    ticket = t = requestTicket(t);
                } catch (SourceUnavailableException e) {
                    ticket = t = requestTicket(null);
                }
            }
            return t;
        }
    }

    private void relogin(Ticket refused) {
        synchronized (loginLock) {
            if (ticket == refused) {
                log.info("{}: ticket refused; logging in again as {}", options.cluster(), refused.userid());
                ticket = requestTicket(null);
            }
        }
    }

    /** {@code POST /access/ticket}: a new login, or with {@code renew} the renewal of that ticket. */
    private Ticket requestTicket(Ticket renew) {
        Credential.UserPassword user = (Credential.UserPassword) options.credential();
        String password = renew != null ? renew.value() : user.password().reveal();
        String form = "username=" + URLEncoder.encode(user.id(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        Answer a = send("/access/ticket", b -> b.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (a.status() == 401) {
            throw new SourceUnavailableException("authentication failed for " + user.id() + " at " + a.endpoint());
        }
        JsonNode data;
        try {
            data = data("/access/ticket", a);
        } catch (RefusedException | StatusException e) {
            throw new SourceUnavailableException("login as " + user.id() + " at " + a.endpoint() + " failed: HTTP "
                    + (e instanceof RefusedException r ? r.status() + " " + r.getMessage() : e.getMessage()));
        }
        if (ApiMapping.bool(data, "NeedTFA", false)) {
            throw new SourceUnavailableException("authentication failed for " + user.id() + " at " + a.endpoint()
                    + ": the user needs a second factor; use an API token for the audit");
        }
        String value = ApiMapping.text(data, "ticket");
        if (value == null) {
            throw new SourceUnavailableException("login at " + a.endpoint() + " failed: the answer has no ticket");
        }
        String userid = ApiMapping.text(data, "username");
        return new Ticket(value, ApiMapping.text(data, "CSRFPreventionToken"), clock.instant(),
                userid == null ? user.id() : userid, ApiMapping.text(data, "clustername"));
    }

    // --- transport ----------------------------------------------------------------------------

    private Answer send(String path, Function<HttpRequest.Builder, HttpRequest.Builder> finish) {
        List<URI> endpoints = options.endpoints();
        int n = endpoints.size();
        List<Problem> problems = new ArrayList<>();
        for (int round = 0; round <= options.retries(); round++) {
            if (round > 0) {
                if (problems.stream().noneMatch(Problem::retryable)) {
                    break;
                }
                pause(round);
                problems.clear();
            }
            int start = preferred.get();
            for (int k = 0; k < n; k++) {
                int index = (start + k) % n;
                String base = ApiOptions.base(endpoints.get(index));
                Object result = attempt(base, path, finish);
                if (result instanceof Answer a) {
                    preferred.set(index);
                    lastEndpoint = base;
                    return a;
                }
                Problem p = (Problem) result;
                log.warn("{}: {} {}: {}{}", options.cluster(), base, path, p.text(),
                        p.retryable() ? (k + 1 < n ? "; trying the next endpoint" : "") : "");
                problems.add(p);
            }
        }
        Problem answered = problems.stream().filter(Problem::answered).reduce((a, b) -> b).orElse(null);
        if (answered != null) {
            throw new StatusException(answered.status(), answered.text());
        }
        throw new SourceUnavailableException("cannot reach cluster " + options.cluster() + ": "
                + String.join("; ", problems.stream().map(Problem::text).distinct().toList()));
    }

    /** One request to one endpoint: an {@link Answer} to return, or a {@link Problem} to fail over on. */
    private Object attempt(String base, String path, Function<HttpRequest.Builder, HttpRequest.Builder> finish) {
        HttpRequest request = finish.apply(HttpRequest.newBuilder(URI.create(base + "/api2/json" + path))
                .timeout(options.requestTimeout())
                .header("Accept", "application/json")).build();
        HttpResponse<byte[]> response;
        try {
            inFlight.acquire();
            try {
                requests.incrementAndGet();
                response = http.send(request, new BoundedBody(InputLimits.MAX_DOCUMENT_BYTES));
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while reading " + options.cluster());
        } catch (HttpConnectTimeoutException e) {
            return new Problem(base + ": connect timed out after " + options.connectTimeout().toMillis() + " ms",
                    true, false, 0);
        } catch (HttpTimeoutException e) {
            return new Problem(base + ": no answer within " + options.requestTimeout().toMillis() + " ms",
                    true, false, 0);
        } catch (ConnectException e) {
            return new Problem(base + ": cannot connect (" + Cause.of(e) + ")", true, false, 0);
        } catch (SSLException e) {
            return new Problem(base + ": " + Cause.of(e), false, false, 0);
        } catch (BoundedBody.TooLarge e) {
            return new Problem(base + ": " + e.getMessage(), false, false, 0);
        } catch (IOException e) {
            return new Problem(base + ": " + Cause.of(e), true, false, 0);
        }
        int status = response.statusCode();
        byte[] body = scrub(response.body());
        JsonNode parsed = null;
        if (body != null && body.length > 0) {
            try {
                parsed = json.readTree(body);
            } catch (JacksonException e) {
                if (status == 200) {
                    // worth another try either way; Jackson's own message may quote the body, which can
                    // hold secrets (realm client-key), so only the position is named
                    var loc = e.getLocation();
                    if (e instanceof StreamConstraintsException) {
                        // a limit of InputLimits: the same answer again would hit it again
                        return new Problem(base + ": the answer is " + InputJson.describe(e), false, true, 200);
                    }
                    return new Problem(base + ": " + (truncated(e)
                            ? "the answer ended before its JSON did (" + Count.of(body.length, "byte") + ")"
                            : "the answer is not valid JSON" + (loc == null ? ""
                                    : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")),
                            true, true, 200);
                }
            }
        } else if (status == 200) {
            return new Problem(base + ": the answer was empty", true, true, 200);
        }
        if (retryable(status)) {
            String m = parsed == null ? null : ApiMapping.text(parsed, "message");
            return new Problem(base + ": HTTP " + status + (m == null ? "" : " " + m.strip().replace('\n', ' ')),
                    true, true, status);
        }
        return new Answer(status, parsed, base);
    }

    /**
     * The body with the credential in use replaced by {@link Realm#REDACTED}: a server (or a proxy in
     * front of it) that echoes the Authorization header, the password or the ticket must not get the
     * secret into a message, a log line, the report or the history.
     */
    private byte[] scrub(byte[] body) {
        if (body == null || body.length == 0) {
            return body;
        }
        String text = null;
        for (String secret : secrets()) {
            byte[] s = secret.getBytes(StandardCharsets.UTF_8);
            if (s.length >= 4 && indexOf(body, s) >= 0) {
                text = (text == null ? new String(body, StandardCharsets.UTF_8) : text).replace(secret, Realm.REDACTED);
            }
        }
        return text == null ? body : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The secrets of the credential in use, in the forms a server could echo. */
    private List<String> secrets() {
        List<String> out = new ArrayList<>();
        if (options.credential() instanceof Credential.Token t) {
            out.add(t.secret().reveal());
        } else if (options.credential() instanceof Credential.UserPassword u) {
            out.add(u.password().reveal());
            Ticket t = ticket;
            if (t != null) {
                out.add(t.value());
                out.add(URLEncoder.encode(t.value(), StandardCharsets.UTF_8));
                if (t.csrf() != null) {
                    out.add(t.csrf());
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The body ended before the JSON did: cut off in transit, worth another try. */
    private static boolean truncated(JacksonException e) {
        String m = e.getOriginalMessage();
        return e instanceof UnexpectedEndOfInputException || m != null && m.contains("end-of-input");
    }

    /** Connect errors are handled before; these are the statuses worth another try. */
    static boolean retryable(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504
                || status == 595 || status == 596 || status == 597 || status == 599;
    }

    private void pause(int round) {
        long base = Math.max(0, options.retryBackoff().toMillis());
        long exp = Math.min(MAX_BACKOFF.toMillis(), base << Math.min(round - 1, 16));
        long wait = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        try {
            sleeper.sleep(Duration.ofMillis(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while reading " + options.cluster());
        }
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from Java 21; the client's threads end with it on their own
    }
}
