package org.pveaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.model.Pool;
import org.pveaudit.model.Realm;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.api.FakePve;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pool and realm ids a server hands out are data, never paths or markup: ids with {@code ../}, {@code /}, NUL,
 * markup or hundreds of characters go through {@code collect} into the snapshot folder (encoded, never outside
 * it), back out of it in an offline audit (the same details, no gap), and into every report format escaped.
 */
@Tag("e2e")
class HostileNamesTest {

    /** Pool ids travel in the query string, so anything goes. */
    static final List<String> POOLS = List.of("../../../escape", "/etc/passwd", "a/../../b", "..", ".",
            "nul\u0000byte", "<script>alert(1)</script>", "p".repeat(300), "%41", "back\\slash", "dept/team",
            "trailing/", "ünïcödé 池");
    /** Realm ids travel in the URL path, where an HTTP server refuses some ({@code ..}, {@code %2F}, NUL). */
    static final List<String> REALMS = List.of("<script>alert(2)</script>", "r".repeat(300), "évil realm", "a:b",
            "x.json");

    @TempDir
    Path tmp;

    private FakePve pve;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void serveHostileIds() {
        pve = new FakePve().serveProd();
        ArrayNode pools = JSON.createArrayNode();
        POOLS.forEach(id -> pools.addObject().put("poolid", id).put("comment", "<b>pool</b> " + id));
        pve.server.stubFor(get(urlPathEqualTo("/api2/json/pools")).withQueryParam("poolid", absent()).atPriority(1)
                .willReturn(FakePve.ok(envelope(pools))));
        ArrayNode detail = JSON.createArrayNode();
        detail.addObject().put("comment", "<img src=x onerror=alert(3)>").putArray("members").addObject()
                .put("id", "qemu/100").put("vmid", 100).put("type", "qemu").put("node", "pve1");
        pve.server.stubFor(get(urlPathEqualTo("/api2/json/pools")).withQueryParam("poolid", matching("(?s).*"))
                .atPriority(1).willReturn(FakePve.ok(envelope(detail))));

        ArrayNode realms = JSON.createArrayNode();
        realms.addObject().put("realm", "pam").put("type", "pam");
        // OpenID realms without acr-values are findings: their ids reach every report
        REALMS.forEach(id -> realms.addObject().put("realm", id).put("type", "openid").put("comment", id));
        pve.server.stubFor(get(urlPathEqualTo("/api2/json/access/domains")).atPriority(1)
                .willReturn(FakePve.ok(envelope(realms))));
        ObjectNode realm = JSON.createObjectNode().put("type", "pve").put("comment", "<svg onload=alert(4)>");
        pve.server.stubFor(get(urlPathMatching("/api2/json/access/domains/.+")).atPriority(1)
                .willReturn(FakePve.ok(envelope(realm))));
    }

    @AfterEach
    void stop() {
        pve.close();
    }

    private static String envelope(tools.jackson.databind.JsonNode data) {
        ObjectNode e = JSON.createObjectNode();
        e.set("data", data);
        return JSON.writeValueAsString(e);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void hostileIdsAreEncodedIntoTheSnapshotReadBackOfflineAndEscapedInEveryReport() throws Exception {
        Path secret = Files.writeString(tmp.resolve("token.secret"), FakePve.SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path folder = work.resolve("snapshot");
        Path cfg = tmp.resolve("pve-audit.yml");
        Files.writeString(cfg, "clusters:\n  - name: prod\n    source: api\n    endpoints: [\"" + pve.endpoint()
                + "\"]\n    token-id: \"" + FakePve.TOKEN_ID + "\"\n    token-secret-file: token.secret\n"
                + "    fingerprint: \"" + FakePve.FINGERPRINT + "\"\n    retries: 1\n    retry-backoff: 0s\n"
                + "  - name: offline\n    source: snapshot\n    path: " + folder + "\n"
                + "rules: [\"classpath:rules/baseline.yml\"]\n"
                + "report:\n  out: " + tmp.resolve("reports") + "\n  formats: [html, xlsx, json, csv, sarif, junit]\n"
                + "history:\n  database: " + tmp.resolve("audit.db") + "\n");

        Run collect = run("collect", "-c", cfg.toString(), "--cluster", "prod", "--out", folder.toString());
        assertThat(collect.exit()).as(collect.err()).isZero();

        // every file is inside the snapshot folder, under a name a file system takes
        List<Path> outside = new ArrayList<>();
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertThat(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(200);
                if (!p.startsWith(folder) && !p.equals(secret) && !p.equals(cfg)) {
                    outside.add(p);
                }
            }
        }
        assertThat(outside).isEmpty();
        assertThat(folder.resolve("pools/dept/team.json")).as("ids Proxmox allows keep their plain names").exists();
        assertThat(folder.resolve("pools/%2E%2E%2F%2E%2E%2F%2E%2E%2Fescape.json")).exists();
        assertThat(folder.resolve("access/domains/x.json.json")).exists();

        // read back offline: every pool and realm with the details collect wrote, none missing
        var offline = new SnapshotFolderSource("offline", folder, null).collect();
        assertThat(offline.pools()).extracting(Pool::id).containsExactlyInAnyOrderElementsOf(POOLS);
        assertThat(offline.pools()).allSatisfy(p -> assertThat(p.vms()).containsExactly("100"));
        assertThat(offline.realms()).filteredOn(r -> REALMS.contains(r.id()))
                .hasSize(REALMS.size()).allSatisfy(r -> assertThat(r.options()).containsKey("comment"));
        assertThat(offline.gaps()).isEmpty();
        assertThat(offline.warnings()).noneMatch(w -> w.contains("no realm details"));

        Run audit = run("audit", "-c", cfg.toString(), "--fail-on", "none");
        assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.err()).doesNotContain("pool members not in the snapshot").doesNotContain("Exception");
        Path reports;
        try (Stream<Path> dirs = Files.list(tmp.resolve("reports"))) {
            reports = dirs.findFirst().orElseThrow();
        }
        for (String name : List.of("report.html", "report.xlsx", "findings.json", "findings.csv", "findings.sarif",
                "junit.xml")) {
            assertThat(reports.resolve(name)).isNotEmptyFile();
        }
        String html = Files.readString(reports.resolve("report.html"));
        assertThat(html).contains("OpenID realm &lt;script&gt;alert(2)&lt;/script&gt;:")
                .doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<svg onload")
                .doesNotContain("<b>pool</b>");
        assertThat(Files.readString(reports.resolve("findings.csv"))).contains("OpenID realm " + "r".repeat(300));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(reports.resolve("junit.xml").toFile());
        assertThat(JSON.readTree(reports.resolve("findings.json").toFile()).get("clusters")).hasSize(2);
        // the live and the offline cluster found the same
        List<String> live = new ArrayList<>();
        List<String> replay = new ArrayList<>();
        JSON.readTree(reports.resolve("findings.json").toFile()).get("findings").forEach(f ->
                (f.get("cluster").asString().equals("prod") ? live : replay).add(f.get("ruleId").asString() + " "
                        + f.get("subject").asString()));
        assertThat(live).isNotEmpty().containsExactlyInAnyOrderElementsOf(replay);
    }

    @Test
    void aRealmNamedLikeAPathIsNotReadFromOutsideTheSnapshot() throws IOException {
        Path folder = tmp.resolve("hand-made");
        HistoryFixture.copy(FakePve.PROD, folder);
        Files.writeString(tmp.resolve("secret.json"), "{\"data\": {\"type\": \"pve\", \"comment\": \"outside\"}}");
        Path list = folder.resolve("access/domains.json");
        ObjectNode root = (ObjectNode) JSON.readTree(list.toFile());
        ((ArrayNode) root.get("data")).addObject().put("realm", "../../secret").put("type", "pve");
        Files.writeString(list, JSON.writeValueAsString(root));

        var snapshot = new SnapshotFolderSource("hand-made", folder, null).collect();

        Realm hostile = snapshot.realms().stream().filter(r -> r.id().equals("../../secret")).findFirst().orElseThrow();
        assertThat(hostile.options()).doesNotContainKey("comment");
        assertThat(snapshot.warnings()).contains(
                "access/domains/%2E%2E%2F%2E%2E%2Fsecret.json: no realm details; realm settings not audited");
    }
}
