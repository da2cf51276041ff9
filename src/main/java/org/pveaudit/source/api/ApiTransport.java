package org.pveaudit.source.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.pveaudit.failure.Cause;
import org.pveaudit.input.InputJson;
import org.pveaudit.input.InputLimits;
import org.pveaudit.source.ApiMapping;
import org.pveaudit.source.SourceUnavailableException;
import org.pveaudit.model.Count;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one request to the cluster with endpoint failover and bounded retries (see {@link PveApiClient}):
 * verified TLS, a limit on requests in flight, bodies bounded and scrubbed of the credential in use.
 */
final class ApiTransport {

    private static final Logger log = LoggerFactory.getLogger(PveApiClient.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Why one endpoint did not give an answer to return; {@code answered} when it did answer. */
    private record Problem(String text, boolean retryable, boolean answered, int status) {
    }

    private final ApiOptions options;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final AtomicInteger preferred = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final PveApiClient.Sleeper sleeper;
    private final Supplier<List<String>> secrets;
    private final JsonMapper json = InputJson.mapper();
    private volatile String lastEndpoint;

    ApiTransport(ApiOptions options, PveApiClient.Sleeper sleeper, Supplier<List<String>> secrets) {
        this.options = options;
        this.sleeper = sleeper;
        this.secrets = secrets;
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

    int requestCount() {
        return requests.get();
    }

    String lastEndpoint() {
        return lastEndpoint;
    }

    JsonMapper json() {
        return json;
    }

    /** The first answer to return, trying the endpoints in turn and retrying rounds with backoff. */
    ApiAnswer send(String path, Function<HttpRequest.Builder, HttpRequest.Builder> finish) {
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
                if (result instanceof ApiAnswer a) {
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
            throw new PveApiClient.StatusException(answered.status(), answered.text());
        }
        throw new SourceUnavailableException("cannot reach cluster " + options.cluster() + ": "
                + String.join("; ", problems.stream().map(Problem::text).distinct().toList()));
    }

    /** One request to one endpoint: an {@link ApiAnswer} to return, or a {@link Problem} to fail over on. */
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
        } catch (IOException e) {
            return unreachable(base, e);
        }
        return answer(base, response.statusCode(), SecretScrub.scrub(response.body(), secrets));
    }

    /** The problem of a request that got no answer. */
    private Problem unreachable(String base, IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return new Problem(base + ": connect timed out after " + options.connectTimeout().toMillis() + " ms",
                    true, false, 0);
        } else if (e instanceof HttpTimeoutException) {
            return new Problem(base + ": no answer within " + options.requestTimeout().toMillis() + " ms",
                    true, false, 0);
        } else if (e instanceof ConnectException) {
            return new Problem(base + ": cannot connect (" + Cause.of(e) + ")", true, false, 0);
        } else if (e instanceof SSLException) {
            return new Problem(base + ": " + Cause.of(e), false, false, 0);
        } else if (e instanceof BoundedBody.TooLarge) {
            return new Problem(base + ": " + e.getMessage(), false, false, 0);
        }
        return new Problem(base + ": " + Cause.of(e), true, false, 0);
    }

    /** An answer (body already scrubbed): to return, or a problem when it is worth another try or unreadable. */
    private Object answer(String base, int status, byte[] body) {
        JsonNode parsed = null;
        if (body != null && body.length > 0) {
            try {
                parsed = json.readTree(body);
            } catch (JacksonException e) {
                if (status == 200) {
                    return unreadable(base, body, e);
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
        return new ApiAnswer(status, parsed, base);
    }

    /** A 200 whose body is not JSON: worth another try, unless it broke a limit of InputLimits. */
    private static Problem unreadable(String base, byte[] body, JacksonException e) {
        // Jackson's own message may quote the body, which can hold secrets (realm client-key), so only
        // the position is named
        var loc = e.getLocation();
        if (e instanceof StreamConstraintsException) {
            // the same answer again would hit it again
            return new Problem(base + ": the answer is " + InputJson.describe(e), false, true, 200);
        }
        return new Problem(base + ": " + (truncated(e)
                ? "the answer ended before its JSON did (" + Count.of(body.length, "byte") + ")"
                : "the answer is not valid JSON" + (loc == null ? ""
                        : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")),
                true, true, 200);
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
}
