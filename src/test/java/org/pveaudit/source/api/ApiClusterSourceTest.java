package org.pveaudit.source.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pveaudit.source.api.FakePve.ok;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pveaudit.model.ClusterSnapshot;
import org.pveaudit.model.Dataset;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.ClusterView;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleSettings;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.RulePackLoader;
import org.pveaudit.source.SnapshotFolderSource;
import org.pveaudit.source.SourceUnavailableException;

@Tag("e2e")
class ApiClusterSourceTest {

    private final FakePve pve = new FakePve();
    private final List<Duration> sleeps = new ArrayList<>();

    @AfterEach
    void stop() {
        pve.close();
    }

    private ApiCollection collect(ApiOptions options) {
        return new ApiClusterSource(options, sleeps::add, Clock.systemUTC()).collectAll();
    }

    private ApiOptions pinned(String... endpoints) {
        return FakePve.options(FakePve.token(), TlsPolicy.fingerprint(FakePve.FINGERPRINT),
                endpoints.length == 0 ? new String[] {pve.endpoint()} : endpoints);
    }

    static RuleEngine.Evaluation baseline(ClusterSnapshot snapshot) {
        List<RulePack> packs = new RulePackLoader(new RuleExpressions()).load(List.of("classpath:rules/baseline.yml"));
        return new RuleEngine(new RuleExpressions()).evaluate(packs, new ClusterView(snapshot,
                Instant.parse("2026-11-29T00:00:00Z").getEpochSecond()), RuleSettings.DEFAULTS);
    }

    static RuleOutcome outcome(RuleEngine.Evaluation e, String rule) {
        return e.outcomes().stream().filter(o -> o.ruleId().equals(rule)).findFirst().orElseThrow();
    }

    @Test
    void tokenHeaderReadsEverythingAndMapsLikeTheSnapshotFolder() {
        pve.serveProd();
        ApiCollection live = collect(pinned());
        ClusterSnapshot offline = new SnapshotFolderSource("prod", FakePve.PROD, null).collect();
        ClusterSnapshot s = live.snapshot();

        pve.server.verify(getRequestedFor(urlPathEqualTo("/api2/json/access/acl"))
                .withHeader("Authorization", equalTo(FakePve.TOKEN_HEADER)));
        assertThat(s.gaps()).isEmpty();
        assertThat(s.users()).isEqualTo(offline.users()).hasSize(40);
        assertThat(s.tokens()).isEqualTo(offline.tokens()).hasSize(20);
        assertThat(s.acl()).isEqualTo(offline.acl());
        assertThat(s.roles()).isEqualTo(offline.roles());
        assertThat(s.groups()).isEqualTo(offline.groups());
        assertThat(s.realms()).isEqualTo(offline.realms());
        assertThat(s.tfa()).isEqualTo(offline.tfa());
        assertThat(s.pools()).isEqualTo(offline.pools());
        assertThat(s.identity()).isEqualTo(offline.identity());
        // tokens come embedded in /access/users?full=1: no request per user
        assertThat(pve.server.findAll(getRequestedFor(urlPathEqualTo("/api2/json/access/users")))).hasSize(1);
        assertThat(live.requests()).isEqualTo(19);
        assertThat(live.clusterName()).isEqualTo("prod");
        assertThat(live.allReadsAllowed()).isTrue();
        assertThat(s.source().credential()).isEqualTo(FakePve.TOKEN_ID);
        assertThat(s.source().privsep()).isTrue();
        assertThat(s.source().expire()).isEqualTo(1869609600L);
        assertThat(s.source().tlsVerified()).isTrue();
        assertThat(s.source().beyondRead()).isEmpty();
        var eval = baseline(s);
        assertThat(eval.outcomes()).filteredOn(o -> o.ruleId().startsWith("PVE-AUDIT"))
                .extracting(RuleOutcome::status).containsOnly(RuleOutcome.Status.PASSED);
    }

    @Test
    void offlineSnapshotsLeaveTheAuditorRulesNotEvaluated() {
        ClusterSnapshot offline = new SnapshotFolderSource("prod", FakePve.PROD, null).collect();
        var eval = baseline(offline);
        assertThat(eval.outcomes()).filteredOn(o -> o.ruleId().startsWith("PVE-AUDIT")).hasSize(4)
                .allSatisfy(o -> {
                    assertThat(o.status()).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
                    assertThat(o.reason()).contains("offline source");
                });
        assertThat(offline.gaps()).isEmpty();
    }

    @Test
    void ticketLoginUsesTheCookieAndLogsInAgainWhenTheTicketIsRefused() {
        pve.server.stubFor(post(urlPathEqualTo("/api2/json/access/ticket")).inScenario("login")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(ok(ticket("PVE:svc-audit@pve:6A1B2C3D::first"))));
        pve.server.stubFor(post(urlPathEqualTo("/api2/json/access/ticket")).inScenario("login")
                .whenScenarioStateIs("second")
                .willReturn(ok(ticket("PVE:svc-audit@pve:6A1B2C3E::second"))));
        // the first ticket has run out: everything it asks is refused
        pve.serveProd("Cookie", "PVEAuthCookie=PVE%3Asvc-audit%40pve%3A6A1B2C3E%3A%3Asecond");
        var options = FakePve.options(new Credential.UserPassword("svc-audit@pve", Secret.of(FakePve.SECRET)),
                TlsPolicy.caFile(FakePve.CERT), pve.endpoint());

        ApiCollection c = collect(options);

        assertThat(c.snapshot().users()).hasSize(40);
        assertThat(c.identity()).isEqualTo("svc-audit@pve");
        assertThat(c.snapshot().source().credentialType()).isEqualTo("user");
        pve.server.verify(2, postRequestedFor(urlPathEqualTo("/api2/json/access/ticket"))
                .withRequestBody(containing("password=" + FakePve.SECRET)));
    }

    @Test
    void anOldTicketIsRenewedWithTheTicketAsPassword() {
        pve.server.stubFor(post(urlPathEqualTo("/api2/json/access/ticket"))
                .withRequestBody(containing("password=" + FakePve.SECRET)).willReturn(ok(ticket("T1"))));
        pve.server.stubFor(post(urlPathEqualTo("/api2/json/access/ticket"))
                .withRequestBody(containing("password=T1")).willReturn(ok(ticket("T2"))));
        pve.serveProd("Cookie", "PVEAuthCookie=T2");
        var clock = new Clock() {
            Instant now = Instant.parse("2026-11-29T00:00:00Z");

            @Override
            public Instant instant() {
                Instant t = now;
                now = now.plus(Duration.ofMinutes(100));   // every look at the clock: 100 min later
                return t;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        var options = FakePve.options(new Credential.UserPassword("svc-audit@pve", Secret.of(FakePve.SECRET)),
                TlsPolicy.fingerprint(FakePve.FINGERPRINT), pve.endpoint());
        PveApiClient client = new PveApiClient(options, d -> { }, clock);
        client.login();
        assertThat(client.get("/version").get("version").asString()).isEqualTo("9.1.4");
        pve.server.verify(postRequestedFor(urlPathEqualTo("/api2/json/access/ticket"))
                .withRequestBody(containing("password=T1")));
    }

    private static String ticket(String ticket) {
        return "{\"data\":{\"username\":\"svc-audit@pve\",\"ticket\":\"" + ticket + "\","
                + "\"CSRFPreventionToken\":\"6A1B2C3D:abc\",\"clustername\":\"prod\",\"cap\":{}}}";
    }

    @Test
    void aFingerprintThatDoesNotMatchIsRefused() {
        pve.serveProd();
        String wrong = FakePve.FINGERPRINT.replace("08:D3", "08:D4");
        var options = FakePve.options(FakePve.token(), TlsPolicy.fingerprint(wrong), pve.endpoint());
        assertThatThrownBy(() -> collect(options)).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("does not match the configured fingerprint");
        assertThat(pve.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void fingerprintsMayBeWrittenWithoutColonsAndInLowerCase() {
        pve.serveProd();
        var options = FakePve.options(FakePve.token(),
                TlsPolicy.fingerprint(FakePve.FINGERPRINT.replace(":", "").toLowerCase()), pve.endpoint());
        assertThat(collect(options).snapshot().users()).hasSize(40);
    }

    @Test
    void aCaFileIsTrustedAndTheSystemStoreRejectsTheSelfSignedCertificate() {
        pve.serveProd();
        var ca = FakePve.options(FakePve.token(), TlsPolicy.caFile(FakePve.CERT), pve.endpoint());
        assertThat(collect(ca).snapshot().source().tls()).isEqualTo("ca-file");
        var system = FakePve.options(FakePve.token(), TlsPolicy.system(), pve.endpoint());
        assertThatThrownBy(() -> collect(system)).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("TLS");
    }

    @Test
    void insecureTransportIsAFinding() {
        pve.serveProd();
        var options = FakePve.options(FakePve.token(), TlsPolicy.insecure(), pve.endpoint());
        ClusterSnapshot s = collect(options).snapshot();
        assertThat(s.source().tlsVerified()).isFalse();
        var eval = baseline(s);
        assertThat(eval.findings()).filteredOn(f -> f.ruleId().equals("PVE-AUDIT-004")).singleElement()
                .extracting(Finding::message).asString().contains(pve.endpoint());
    }

    @Test
    void failsOverToTheSecondNodeWhenTheFirstRefusesConnections() {
        pve.serveProd();
        String down = FakePve.closedEndpoint();
        ApiCollection c = collect(pinned(down, pve.endpoint()));
        assertThat(c.snapshot().users()).hasSize(40);
        assertThat(c.endpoint()).isEqualTo(pve.endpoint());
        assertThat(c.snapshot().source().endpoint()).isEqualTo(pve.endpoint());
        // the failover sticks: later reads go to the second node directly
        assertThat(c.requests()).isEqualTo(20);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void failsOverOn5xxFromAProxyingNode() {
        pve.serveProd();
        try (FakePve first = new FakePve()) {
            first.server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(
                    aResponse().withStatus(596).withBody("{\"data\":null,\"message\":\"tls handshake failed\\n\"}")));
            ApiCollection c = collect(pinned(first.endpoint(), pve.endpoint()));
            assertThat(c.endpoint()).isEqualTo(pve.endpoint());
            assertThat(c.snapshot().gaps()).isEmpty();
        }
    }

    @Test
    void unauthorizedNamesTheTokenAndTheEndpointAndIsNotRetried() {
        pve.serveProd();
        var options = FakePve.options(new Credential.Token(FakePve.TOKEN_ID, Secret.of("wrong-" + FakePve.SECRET)),
                TlsPolicy.fingerprint(FakePve.FINGERPRINT), pve.endpoint());
        assertThatThrownBy(() -> collect(options)).isInstanceOf(SourceUnavailableException.class)
                .hasMessage("authentication failed for " + FakePve.TOKEN_ID + " at " + pve.endpoint())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FakePve.SECRET));
        assertThat(pve.server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aServerThatEchoesTheCredentialNeverGetsTheSecretIntoGapsWarningsOrTheSnapshot() {
        pve.serveProd();
        String echo = "PVEAPIToken=" + FakePve.TOKEN_ID + "=" + FakePve.SECRET;
        pve.answer("/access/tfa", aResponse().withStatus(403).withBody("{\"data\":null,\"message\":\"denied for "
                + echo + "\"}"));
        pve.answer("/access/groups", ok("{\"data\":[{\"groupid\":\"g\",\"comment\":\"" + echo + "\"}]}"));
        pve.answer("/access/domains", ok("{\"data\":[{\"realm\":\"yk\",\"type\":\"pve\","
                + "\"tfa\":\"type=yubico,id=1,key=yubi-" + "k3y\"}]}"));
        ApiCollection c = collect(pinned());
        assertThat(c.snapshot().toString() + c.bodies() + c.reads()).doesNotContain(FakePve.SECRET);
        // the raw bodies keep the Yubico key only in memory (collect writes them redacted); the model never has it
        assertThat(c.snapshot().toString()).doesNotContain("yubi-k3y");
        assertThat(c.snapshot().gaps()).filteredOn(g -> g.dataset() == Dataset.TFA).singleElement()
                .satisfies(g -> assertThat(g.reason()).contains("denied for PVEAPIToken=" + FakePve.TOKEN_ID
                        + "=<redacted>"));
        assertThat(c.snapshot().realms()).singleElement().satisfies(r -> assertThat(r.tfa()).isEqualTo("yubico"));
    }

    @Test
    void aForbiddenReadBecomesAGapAndItsRulesAreNotEvaluated() {
        pve.serveProd();
        pve.answer("/access/acl", FakePve.forbidden("/access", "Sys.Audit"));
        ApiCollection c = collect(pinned());
        ClusterSnapshot s = c.snapshot();
        assertThat(s.gaps()).singleElement().satisfies(g -> {
            assertThat(g.dataset()).isEqualTo(Dataset.ACL);
            assertThat(g.reason()).contains("Sys.Audit on /access");
            assertThat(g.source()).contains("/access/acl").contains(pve.endpoint());
        });
        assertThat(c.reads()).filteredOn(r -> r.path().equals("/access/acl")).singleElement()
                .satisfies(r -> assertThat(r.missing()).isEqualTo("Sys.Audit on /access"));
        var eval = baseline(s);
        assertThat(outcome(eval, "PVE-ACL-001").status()).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
        assertThat(outcome(eval, "PVE-ACL-001").reason()).contains("Sys.Audit on /access");
        assertThat(outcome(eval, "PVE-TOKEN-001").status()).isEqualTo(RuleOutcome.Status.FAILED);
    }

    @Test
    void listsProxmoxFiltersAreGapsWhenTheCredentialLacksThePrivilege() {
        pve.serveProd();
        pve.answer("/access/permissions", ok("{\"data\":{\"/\":{\"Sys.Audit\":0},\"/access\":{\"Sys.Audit\":0}}}"));
        ClusterSnapshot s = collect(pinned()).snapshot();
        assertThat(s.missing()).contains(Dataset.USERS, Dataset.TOKENS, Dataset.GROUPS, Dataset.TFA, Dataset.POOLS)
                .doesNotContain(Dataset.ACL);
    }

    @Test
    void a500IsRetriedWithBackoff() {
        pve.serveProd();
        pve.server.stubFor(get(urlPathEqualTo("/api2/json/access/groups")).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fine")
                .willReturn(aResponse().withStatus(500).withBody("{\"data\":null,\"message\":\"temporary\\n\"}")));
        var options = new ApiOptions("prod", List.of(java.net.URI.create(pve.endpoint())), FakePve.token(),
                TlsPolicy.fingerprint(FakePve.FINGERPRINT), Duration.ofSeconds(2), Duration.ofSeconds(3), 2,
                Duration.ofMillis(400), 4, null, null);
        ApiCollection c = collect(options);
        assertThat(c.snapshot().gaps()).isEmpty();
        assertThat(c.snapshot().groups()).isNotEmpty();
        assertThat(c.requests()).isEqualTo(20);
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(200),
                Duration.ofMillis(400)));
    }

    @Test
    void aPersistent500FailsTheClusterNamingTheEndpointAndTheStatus() {
        pve.serveProd();
        pve.answer("/access/tfa", aResponse().withStatus(500).withBody("{\"data\":null,\"message\":\"boom\\n\"}"));
        assertThatThrownBy(() -> collect(pinned())).isInstanceOf(SourceUnavailableException.class)
                .hasMessage("cluster prod: GET /access/tfa failed: " + pve.endpoint() + ": HTTP 500 boom");
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void a501ForAnEndpointThisReleaseLacksIsAGap() {
        pve.serveProd();
        pve.answer("/access/tfa", aResponse().withStatus(501)
                .withBody("{\"data\":null,\"message\":\"Method 'GET /access/tfa' not implemented\\n\"}"));
        ClusterSnapshot s = collect(pinned()).snapshot();
        assertThat(s.gaps()).singleElement().satisfies(g -> {
            assertThat(g.dataset()).isEqualTo(Dataset.TFA);
            assertThat(g.reason()).startsWith("501 not implemented by this Proxmox release");
        });
        assertThat(sleeps).isEmpty();
    }

    @Test
    void a401OnOneEndpointAfterTheCredentialWasAcceptedIsAGap() {
        pve.serveProd();
        pve.answer("/access/tfa", aResponse().withStatus(401).withBody("{\"data\":null}"));
        ClusterSnapshot s = collect(pinned()).snapshot();
        assertThat(s.gaps()).singleElement().satisfies(g -> {
            assertThat(g.dataset()).isEqualTo(Dataset.TFA);
            assertThat(g.reason()).startsWith("401 the audit credential was not accepted");
        });
    }

    @Test
    void aWrongTypedValueFromTheApiFailsTheClusterNamingTheField() {
        pve.serveProd();
        pve.answer("/access/users", ok("{\"data\":[{\"userid\":\"a@pve\",\"email\":[]}]}"));
        assertThatThrownBy(() -> collect(pinned())).isInstanceOf(SourceUnavailableException.class)
                .hasMessage("cluster prod: GET /access/users?full=1 at " + pve.endpoint() + ": the answer holds a "
                        + "value pve-audit cannot read: field 'email' of item 1: must be a text, not a list");
    }

    @Test
    void aTimeoutFailsOverAndANodeThatNeverAnswersMakesTheClusterUnavailable() {
        pve.serveProd();
        try (FakePve slow = new FakePve()) {
            slow.server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .willReturn(ok(FakePve.body("version.json")).withFixedDelay(4000)));
            var both = new ApiOptions("prod", List.of(java.net.URI.create(slow.endpoint()),
                    java.net.URI.create(pve.endpoint())), FakePve.token(), TlsPolicy.fingerprint(FakePve.FINGERPRINT),
                    Duration.ofSeconds(2), Duration.ofMillis(1000), 1, Duration.ZERO, 4, null, null);
            assertThat(collect(both).endpoint()).isEqualTo(pve.endpoint());
            var alone = new ApiOptions("prod", List.of(java.net.URI.create(slow.endpoint())), FakePve.token(),
                    TlsPolicy.fingerprint(FakePve.FINGERPRINT), Duration.ofSeconds(2), Duration.ofMillis(1000), 1,
                    Duration.ZERO, 4, null, null);
            assertThatThrownBy(() -> collect(alone)).isInstanceOf(SourceUnavailableException.class)
                    .hasMessageContaining("no answer within 1000 ms");
        }
    }

    @Test
    void aConnectionResetIsRetried() {
        pve.serveProd();
        pve.server.stubFor(get(urlPathEqualTo("/api2/json/access/roles")).atPriority(1).inScenario("reset")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fine")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ApiCollection c = collect(pinned());
        assertThat(c.snapshot().gaps()).isEmpty();
        assertThat(c.snapshot().roles()).isNotEmpty();
    }

    @Test
    void aClusterThatKeepsResettingIsUnavailable() {
        pve.server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> collect(pinned())).isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("cannot reach cluster prod: " + pve.endpoint());
        // three rounds; the JDK client itself may repeat an idempotent GET once after a reset
        assertThat(pve.server.getAllServeEvents()).hasSizeBetween(3, 6);
    }

    @Test
    void malformedJsonIsRetriedThenFailsTheClusterWithoutQuotingTheBody() {
        pve.serveProd();
        pve.answer("/access/domains/sso", ok("{\"data\":{\"client-key\": " + FakePve.SECRET + "}}"));
        assertThatThrownBy(() -> collect(pinned())).isInstanceOf(SourceUnavailableException.class)
                .hasMessageStartingWith("cluster prod: GET /access/domains/sso failed: " + pve.endpoint()
                        + ": the answer is not valid JSON (line 1, column ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FakePve.SECRET).doesNotContain("truncated"));
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aTruncatedBodyIsRetriedAndFailsTheClusterWhenItPersists() {
        pve.serveProd();
        String users = FakePve.body("access/users.json");
        pve.server.stubFor(get(urlPathEqualTo("/api2/json/access/users")).atPriority(1).inScenario("cut")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fine")
                .willReturn(ok(users.substring(0, users.length() / 2))));
        assertThat(collect(pinned()).snapshot().users()).hasSize(40);

        // cut off every time: what was not read is unknown, so the cluster is not audited
        pve.answer("/access/acl", ok(FakePve.body("access/acl.json").substring(0, 100)));
        assertThatThrownBy(() -> collect(pinned())).isInstanceOf(SourceUnavailableException.class)
                .hasMessage("cluster prod: GET /access/acl failed: " + pve.endpoint()
                        + ": the answer ended before its JSON did (100 bytes)");
    }

    @Test
    void emptyDataGivesEmptyListsAndWarnings() {
        pve.serveProd();
        pve.answer("/access/users", ok("{\"data\":[]}"));
        pve.answer("/access/acl", ok("{\"data\":null}"));
        pve.answer("/version", ok("{\"data\":{}}"));
        ClusterSnapshot s = collect(pinned()).snapshot();
        assertThat(s.users()).isEmpty();
        assertThat(s.acl()).isEmpty();
        assertThat(s.identity().version()).isEqualTo("9");
        assertThat(s.warnings()).anyMatch(w -> w.contains("listed no users"))
                .anyMatch(w -> w.contains("PVE version unknown"));
    }

    @Test
    void unknownFieldsAreRecordedAndBooleansAcceptBothSpellings() {
        pve.serveProd();
        pve.answer("/access/acl", ok("{\"data\":[{\"path\":\"/\",\"type\":\"user\",\"ugid\":\"alice@pve\","
                + "\"roleid\":\"PVEAuditor\",\"propagate\":true,\"new-field\":\"x\"},"
                + "{\"path\":\"/vms\",\"type\":\"user\",\"ugid\":\"alice@pve\",\"roleid\":\"PVEAuditor\","
                + "\"propagate\":0}]}"));
        ClusterSnapshot s = collect(pinned()).snapshot();
        assertThat(s.acl()).extracting(a -> a.propagate()).containsExactly(true, false);
        assertThat(s.warnings()).contains("access/acl.json: fields not known to pve-audit, ignored: new-field");
    }

    @Test
    void theAuditorIsAudited() {
        pve.serveProd();
        pve.answer("/access/permissions", ok("{\"data\":{\"/\":{\"Sys.Audit\":1,\"Pool.Audit\":1,\"VM.PowerMgmt\":1},"
                + "\"/access\":{\"Sys.Audit\":1},\"/access/groups\":{\"Sys.Audit\":1},\"/pool\":{\"Pool.Audit\":1}}}"));
        String users = FakePve.body("access/users.json").replace(
                "{\"comment\":\"NetBox sync\",\"expire\":1869609600,\"privsep\":1",
                "{\"comment\":\"NetBox sync\",\"expire\":0,\"privsep\":0");
        assertThat(users).contains("{\"comment\":\"NetBox sync\",\"expire\":0,\"privsep\":0");
        pve.answer("/access/users", ok(users));
        var eval = baseline(collect(pinned()).snapshot());
        assertThat(eval.findings()).filteredOn(f -> f.ruleId().startsWith("PVE-AUDIT"))
                .extracting(Finding::ruleId).containsExactlyInAnyOrder("PVE-AUDIT-001", "PVE-AUDIT-002",
                        "PVE-AUDIT-003");
        assertThat(eval.findings()).filteredOn(f -> f.ruleId().equals("PVE-AUDIT-001")).singleElement()
                .extracting(Finding::message).asString().contains("VM.PowerMgmt");
    }

    @Test
    void requestsInFlightAreBoundedPerCluster() {
        pve.serveProd();
        pve.server.setGlobalFixedDelay(80);
        var options = new ApiOptions("prod", List.of(java.net.URI.create(pve.endpoint())), FakePve.token(),
                TlsPolicy.fingerprint(FakePve.FINGERPRINT), Duration.ofSeconds(2), Duration.ofSeconds(3), 0,
                Duration.ZERO, 2, null, null);
        assertThat(collect(options).snapshot().users()).hasSize(40);
        // the server saw at most 2 requests at the same time: count overlapping [received, received + time]
        List<long[]> spans = pve.server.getAllServeEvents().stream().map(e -> {
            long begin = e.getRequest().getLoggedDate().getTime();
            // the timing of the last event may not be recorded yet; every answer takes the fixed delay at least
            Integer total = e.getTiming() == null ? null : e.getTiming().getTotalTime();
            return new long[] {begin, begin + (total == null ? 80 : total)};
        }).toList();
        int most = 0;
        for (long[] s : spans) {
            int at = (int) spans.stream().filter(o -> o[0] <= s[0] && s[0] < o[1]).count();
            most = Math.max(most, at);
        }
        assertThat(most).isBetween(1, 2);
    }

    @Test
    void theWriterRedactsSecretsButKeepsThatTheyExist() throws Exception {
        pve.serveProd();
        ApiCollection c = collect(pinned());
        Path dir = java.nio.file.Files.createTempDirectory("collect");
        int files = new SnapshotWriter().write(c.bodies(), dir);
        assertThat(files).isEqualTo(c.bodies().size()).isEqualTo(19);
        String sso = java.nio.file.Files.readString(dir.resolve("access/domains/sso.json"));
        assertThat(sso).contains("\"client-key\" : \"<redacted>\"").doesNotContain("q7Hc2mZ9vR4tL8xN1pW6sK3dF5gJ0aYb");
        String users = java.nio.file.Files.readString(dir.resolve("access/users.json"));
        assertThat(users).doesNotContain("JBSWY3DPEHPK3PXP").contains("\"keys\" : \"x\"");
        ClusterSnapshot replay = new SnapshotFolderSource("prod", dir, null).collect();
        assertThat(replay.users()).isEqualTo(c.snapshot().users());
        assertThat(replay.realms()).isEqualTo(c.snapshot().realms());
        assertThat(replay.pools()).isEqualTo(c.snapshot().pools());
        assertThat(dir.resolve("pools/dept/team.json")).exists();
    }
}
