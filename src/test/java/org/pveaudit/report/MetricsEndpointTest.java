package org.pveaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MetricsEndpoint} on a free port of 127.0.0.1: the file as it is, and nothing else. */
class MetricsEndpointTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> fetch(MetricsEndpoint endpoint, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersGetMetricsWithTheFileInTheTextFormatsContentType() throws Exception {
        Path file = dir.resolve("pve_audit.prom");
        MetricsFile.write(file, "# HELP x a \"b\"\n# TYPE x gauge\nx{cluster=\"\\\"\"} 1\n");
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), file)) {
            assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();

            HttpResponse<String> ok = fetch(endpoint, "GET", "/metrics");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(Files.readString(file));
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");

            MetricsFile.write(file, "# HELP y b\n# TYPE y gauge\ny 2\n");
            assertThat(fetch(endpoint, "GET", "/metrics").body()).as("read on every request")
                    .isEqualTo("# HELP y b\n# TYPE y gauge\ny 2\n");
            assertThat(fetch(endpoint, "GET", "/").statusCode()).isEqualTo(404);
            assertThat(fetch(endpoint, "GET", "/metrics/../etc").statusCode()).isEqualTo(404);
            HttpResponse<String> post = fetch(endpoint, "POST", "/metrics");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void beforeAnyRunWroteTheFileTheTargetIsUnavailableNotEmpty() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                dir.resolve("missing.prom"))) {
            assertThat(fetch(endpoint, "GET", "/metrics").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aPortInUseIsOneLineNamingTheAddress() {
        try (MetricsEndpoint first = MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), dir)) {
            int port = first.address().getPort();
            assertThatThrownBy(() -> MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", port), dir))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot serve metrics on 127.0.0.1:" + port + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }
}
