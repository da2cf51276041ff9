package org.pveaudit.source.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.pveaudit.source.ApiMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Proxmox VE node over real HTTPS (self-signed certificate with SAN localhost/127.0.0.1,
 * made once with keytool, in {@code src/test/resources/tls/}). It answers the audit's reads with the
 * bodies of the {@code prod} sample, wrapped in the API envelope as the reference shows them, and
 * refuses every other credential with 401 after {@link #authFailureDelayMs} (Proxmox waits 3 s).
 */
public final class FakePve implements AutoCloseable {

    /** A canary secret: it must never appear in any output. */
    public static final String SECRET = "canary-6f1d2c9e-4b7a-SECRET-91aa";
    /** The audit token of the tests: privsep 1, expires 2029 in the sample. */
    public static final String TOKEN_ID = "svc-netbox@pve!sync";
    public static final String TOKEN_HEADER = "PVEAPIToken=" + TOKEN_ID + "=" + SECRET;
    /** SHA-256 of {@code tls/server.crt}, as Proxmox shows fingerprints. */
    public static final String FINGERPRINT =
            "08:D3:92:9F:CA:CF:0F:6B:94:2F:75:FB:94:AD:E9:53:7D:71:82:A5:A3:A0:3C:20:31:D4:A9:67:C2:23:21:9B";
    public static final Path PROD = resource("/pve/prod");
    public static final Path CERT = resource("/tls/server.crt");

    /** Reads the audit needs that answer with sample files: API path (and query) → file. */
    public static final List<String[]> READS = List.of(
            new String[] {"/version", null, "version.json"},
            new String[] {"/cluster/status", null, "cluster/status.json"},
            new String[] {"/access/users", "full=1", "access/users.json"},
            new String[] {"/access/acl", null, "access/acl.json"},
            new String[] {"/access/roles", null, "access/roles.json"},
            new String[] {"/access/groups", null, "access/groups.json"},
            new String[] {"/access/domains", null, "access/domains.json"},
            new String[] {"/access/tfa", null, "access/tfa.json"},
            new String[] {"/pools", null, "pools.json"});

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final WireMockServer server;
    public int authFailureDelayMs = 20;

    public FakePve() {
        server = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(resource("/tls/server.p12").toString()).keystoreType("PKCS12")
                .keystorePassword("changeit").keyManagerPassword("changeit"));
        server.start();
    }

    public String endpoint() {
        return "https://127.0.0.1:" + server.httpsPort();
    }

    /** Serves the prod sample to the test token (and to {@code auth}, e.g. a ticket cookie, when given). */
    public FakePve serveProd() {
        return serveProd("Authorization", TOKEN_HEADER);
    }

    public FakePve serveProd(String header, String value) {
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(401)
                .withFixedDelay(authFailureDelayMs)));
        for (String[] read : READS) {
            MappingBuilder m = get(urlPathEqualTo("/api2/json" + read[0]));
            if (read[1] != null) {
                String[] kv = read[1].split("=");
                m = m.withQueryParam(kv[0], equalTo(kv[1]));
            }
            server.stubFor(m.withHeader(header, equalTo(value)).atPriority(5).willReturn(ok(body(read[2]))));
        }
        for (String realm : List.of("pam", "pve", "corp-ldap", "sso")) {
            server.stubFor(get(urlPathEqualTo("/api2/json/access/domains/" + realm)).withHeader(header, equalTo(value))
                    .atPriority(5).willReturn(ok(body("access/domains/" + realm + ".json"))));
        }
        for (String pool : List.of("backup", "dept", "dept/team", "dev", "prod-web")) {
            server.stubFor(get(urlPathEqualTo("/api2/json/pools")).withQueryParam("poolid", equalTo(pool))
                    .withHeader(header, equalTo(value)).atPriority(4).willReturn(ok(body("pools/" + pool + ".json"))));
        }
        server.stubFor(get(urlPathEqualTo("/api2/json/access/permissions")).withHeader(header, equalTo(value))
                .atPriority(5).willReturn(ok(read(resource("/pve/permissions-auditor.json")))));
        return this;
    }

    /** Replaces one read's answer (priority 1 beats the sample). */
    public void answer(String path, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo("/api2/json" + path)).atPriority(1).willReturn(response));
    }

    public static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8").withBody(body);
    }

    public static ResponseDefinitionBuilder forbidden(String path, String privilege) {
        return aResponse().withStatus(403).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"data\":null,\"message\":\"Permission check failed (" + path + ", " + privilege + ")\\n\"}");
    }

    /** A sample file as the HTTP API returns it: the envelope {@code {"data": …}}, whatever form the file has. */
    public static String body(String file) {
        String text = read(PROD.resolve(file));
        JsonNode data = ApiMapping.unwrap(JSON.readTree(text));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("data", data);
        return JSON.writeValueAsString(envelope);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path resource(String name) {
        try {
            return Path.of(FakePve.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options for the api source against these endpoints: short timeouts, no backoff sleeps. */
    public static ApiOptions options(Credential credential, TlsPolicy tls, String... endpoints) {
        return new ApiOptions("prod", Stream.of(endpoints).map(URI::create).toList(), credential, tls,
                Duration.ofSeconds(2), Duration.ofSeconds(3), 2, Duration.ZERO, 4, null, null);
    }

    public static Credential.Token token() {
        return new Credential.Token(TOKEN_ID, Secret.of(SECRET));
    }

    /** An endpoint where nothing listens (connection refused). */
    public static String closedEndpoint() {
        try (var socket = new java.net.ServerSocket(0)) {
            return "https://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
