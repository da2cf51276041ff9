package org.pveaudit.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pveaudit.failure.Cause;

/**
 * Serves the metrics file over HTTP for a Prometheus server to scrape ({@code schedule --metrics-port}): GET (or
 * HEAD) {@code /metrics} answers the file as the latest run wrote it; anything else is 404 or 405. The file is read
 * on each request, so the answer is always one whole run's metrics (the file is replaced in one rename).
 */
public final class MetricsEndpoint implements AutoCloseable {

    /** The only path served. */
    public static final String PATH = "/metrics";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code address} (port 0: any free one).
     *
     * @throws UncheckedIOException with the one-line message naming the address and the cause
     */
    public static MetricsEndpoint start(InetSocketAddress address, Path file) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + address.getHostString() + ":"
                    + address.getPort() + ": " + Cause.of(e), e);
        }
        server.createContext("/", exchange -> answer(exchange, file));
        // the JDK's dispatcher thread answers: a scrape reads one small file
        server.setExecutor(null);
        server.start();
        return new MetricsEndpoint(server);
    }

    /** Where it listens (with the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, Path file) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "not found: only " + PATH + " is served\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "method not allowed\n");
            } else {
                byte[] body;
                try {
                    body = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    // started before any run wrote the file: Prometheus sees the target down, not zeros
                    send(exchange, 503, "no audit run has written " + file + " yet\n");
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                boolean head = method.equals("HEAD");
                exchange.sendResponseHeaders(200, head ? -1 : body.length == 0 ? -1 : body.length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening at once: a scrape in progress is cut off (the next one finds the target down). */
    @Override
    public void close() {
        server.stop(0);
    }
}
