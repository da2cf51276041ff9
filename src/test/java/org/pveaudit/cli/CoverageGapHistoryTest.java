package org.pveaudit.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterCounts;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.RunDiff;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.source.api.FakePve;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Good run, a run with a refused or failed read, good run again, against a fake Proxmox over HTTPS:
 * what was not read is never resolved, regressed or drifted (docs/history.md, "Coverage gaps").
 */
@Tag("e2e")
class CoverageGapHistoryTest {

    @TempDir
    Path tmp;

    private FakePve pve;
    private Path config;

    @BeforeEach
    void start() throws IOException {
        pve = new FakePve().serveProd();
        Path secret = tmp.resolve("token.secret");
        Files.writeString(secret, FakePve.SECRET + "\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        config = tmp.resolve("pve-audit.yml");
        Files.writeString(config, "clusters:\n  - name: prod\n    source: api\n    endpoints: [\"" + pve.endpoint()
                + "\"]\n    token-id: \"" + FakePve.TOKEN_ID + "\"\n    token-secret-file: token.secret\n"
                + "    fingerprint: \"" + FakePve.FINGERPRINT + "\"\n    retries: 1\n    retry-backoff: 0s\n"
                + "rules: [\"classpath:rules/baseline.yml\"]\n"
                + "report:\n  out: " + tmp.resolve("reports") + "\n  formats: [json]\n"
                + "history:\n  database: " + tmp.resolve("audit.db") + "\n");
    }

    @AfterEach
    void stop() {
        pve.close();
    }

    private int audit(String... extra) {
        String[] args = Stream.concat(Stream.of("audit", "-c", config.toString(), "--quiet"), Stream.of(extra))
                .toArray(String[]::new);
        return Main.run(args);
    }

    private void healthy() {
        pve.server.resetAll();
        pve.serveProd();
    }

    private AuditHistory history() {
        return AuditHistory.openForReading(tmp.resolve("audit.db"));
    }

    private static ClusterCounts prod(AuditHistory h, long run) {
        return h.clusters().counts(run).stream().filter(c -> c.cluster().equals("prod")).findFirst().orElseThrow();
    }

    private JsonNode findingsJson(long run) throws IOException {
        try (Stream<Path> files = Files.walk(tmp.resolve("reports"))) {
            Path json = files.filter(p -> p.toString().endsWith("-r" + run + "/findings.json")).findFirst()
                    .orElseThrow();
            return JsonMapper.builder().build().readTree(Files.readString(json));
        }
    }

    @Test
    void aRefusedTfaReadLeavesItsFindingsUnknownNotResolvedAndTheNextRunFindsThemOpen() throws IOException {
        assertThat(audit("--fail-on", "none")).isZero();
        pve.answer("/access/tfa", FakePve.forbidden("/access/groups", "Sys.Audit"));
        assertThat(audit("--fail-on", "none")).isZero();
        healthy();
        // nothing is new or regressed in run 3, so --fail-on-new does not raise a false alarm
        assertThat(audit("--fail-on", "low", "--fail-on-new")).isZero();

        AuditHistory h = history();
        // the rules run 2 could not evaluate and run 1 could (the review rules were evaluated in neither: no campaign)
        List<String> notEvaluatedBefore = h.findings().outcomes(1).stream()
                .filter(o -> o.status() == RuleOutcome.Status.NOT_EVALUATED).map(RuleOutcome::ruleId).toList();
        List<String> notEvaluated = h.findings().outcomes(2).stream()
                .filter(o -> o.status() == RuleOutcome.Status.NOT_EVALUATED).map(RuleOutcome::ruleId)
                .filter(r -> !notEvaluatedBefore.contains(r)).toList();
        List<StoredFinding> before = h.findings().of(1).stream()
                .filter(f -> notEvaluated.contains(f.finding().ruleId())).toList();
        assertThat(before).as("run 1 has findings of the TFA rules").isNotEmpty();

        ClusterCounts run2 = prod(h, 2);
        assertThat(run2.resolved()).isZero();
        assertThat(run2.newFindings()).isZero();
        assertThat(run2.drift()).isZero();
        assertThat(run2.unevaluated()).isEqualTo(before.size());
        assertThat(h.comparison().unevaluated(2)).extracting(EarlierFinding::lastSeenRun).containsOnly(1L);
        assertThat(h.comparison().unevaluated(2)).extracting(f -> f.finding().fingerprint())
                .containsExactlyInAnyOrderElementsOf(before.stream().map(f -> f.finding().fingerprint()).toList());

        ClusterCounts run3 = prod(h, 3);
        assertThat(run3.resolved()).isZero();
        assertThat(run3.regressed()).isZero();
        assertThat(run3.newFindings()).isZero();
        assertThat(run3.drift()).isZero();
        assertThat(run3.unevaluated()).isZero();
        assertThat(run3.open()).isEqualTo(h.findings().of(1).size());
        assertThat(h.findings().of(3)).extracting(StoredFinding::firstSeenRun).containsOnly(1L);

        RunDiff d12 = RunDiff.between(h, 1, 2);
        assertThat(d12.clusters()).singleElement().satisfies(c -> {
            assertThat(c.removed()).isEmpty();
            assertThat(c.added()).isEmpty();
            assertThat(c.drift()).isEmpty();
            assertThat(c.note()).contains("rules not evaluated in both runs, not compared: ")
                    .contains(notEvaluated.get(0));
        });
        assertThat(RunDiff.between(h, 2, 3).clusters()).singleElement()
                .satisfies(c -> assertThat(c.added()).isEmpty());

        JsonNode json = findingsJson(2);
        assertThat(json.get("resolved")).isEmpty();
        assertThat(json.get("notEvaluated")).hasSize(before.size());
        assertThat(json.get("notEvaluated").get(0).get("lastSeenRun").asLong()).isEqualTo(1);
    }

    @Test
    void aRefusedUserListIsNotComparedAndNothingIsRemovedOrAdded() {
        assertThat(audit("--fail-on", "none")).isZero();
        pve.answer("/access/users", FakePve.forbidden("/access/groups", "Sys.Audit"));
        assertThat(audit("--fail-on", "none")).isZero();
        healthy();
        assertThat(audit("--fail-on", "none")).isZero();

        AuditHistory h = history();
        ClusterCounts run2 = prod(h, 2);
        assertThat(run2.drift()).isZero();
        assertThat(run2.resolved()).isZero();
        assertThat(run2.notCompared()).isEqualTo("tokens,users");
        assertThat(run2.unevaluated()).isPositive();
        ClusterCounts run3 = prod(h, 3);
        assertThat(run3.drift()).isZero();
        assertThat(run3.resolved()).isZero();
        assertThat(run3.regressed()).isZero();
        assertThat(run3.newFindings()).isZero();
        assertThat(RunDiff.between(h, 1, 2).clusters()).singleElement().satisfies(c -> {
            assertThat(c.drift()).isEmpty();
            assertThat(c.removed()).isEmpty();
            assertThat(c.note()).contains("access not compared (not read in both runs): users, tokens");
        });
    }

    @Test
    void aPersistent5xxFailsTheClusterAndTheNextRunComparesWithTheLastAuditedOne() {
        assertThat(audit("--fail-on", "none")).isZero();
        pve.answer("/access/users", aResponse().withStatus(500).withBody("{\"data\":null}"));
        assertThat(audit("--fail-on", "none")).isEqualTo(3);
        healthy();
        assertThat(audit("--fail-on", "low", "--fail-on-new")).isZero();

        AuditHistory h = history();
        ClusterCounts run2 = prod(h, 2);
        assertThat(run2.status().name()).isEqualTo("NOT_AUDITED");
        assertThat(run2.error()).isEqualTo("cluster prod: GET /access/users?full=1 failed: " + pve.endpoint()
                + ": HTTP 500");
        ClusterCounts run3 = prod(h, 3);
        assertThat(run3.baselineRun()).isEqualTo(1L);
        assertThat(run3.resolved()).isZero();
        assertThat(run3.regressed()).isZero();
        assertThat(run3.drift()).isZero();
        assertThat(RunDiff.between(h, 1, 2).clusters()).singleElement().satisfies(c -> {
            assertThat(c.removed()).isEmpty();
            assertThat(c.note()).isEqualTo("not compared: not audited in run 2");
        });
    }
}
