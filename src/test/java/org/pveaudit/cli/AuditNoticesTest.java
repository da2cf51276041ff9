package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the operator sees at the end of {@code pve-audit audit}: coverage gaps, waivers to review and clusters
 * not audited on stderr, one line each, also with {@code --quiet}, the same after a restart or a replay; and
 * report warnings that name files relative to the configuration's folder.
 */
@Tag("e2e")
class AuditNoticesTest {

    @TempDir
    Path work;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    /** The run's exit code and what it printed (stderr with the log lines, as a terminal shows them). */
    record Run(int exit, String out, String err) {

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        CapturedRun r = CapturedRun.of(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    /**
     * The sample clusters next to the configuration, as in {@code sample-data/}, plus a waivers file: one
     * expiring in 5 days, one expired 3 days ago, one matching nothing, one active.
     */
    @BeforeEach
    void folder() throws IOException {
        for (String cluster : List.of("prod", "lab", "branch")) {
            HistoryFixture.copy(HistoryFixture.SAMPLES.resolve(cluster), work.resolve(cluster));
        }
        Files.writeString(work.resolve("waivers.yml"), """
                waivers:
                  - rule: PVE-ACL-001
                    cluster: prod
                    reason: reviewed every quarter
                    owner: sec@example.com
                    expires: %s
                    ticket: SEC-1
                  - rule: PVE-ACL-001
                    cluster: lab
                    reason: lab exception
                    owner: sec@example.com
                    expires: %s
                  - rule: PVE-TOKEN-001
                    cluster: nowhere
                    reason: left over
                    owner: ops@example.com
                    expires: %s
                  - rule: PVE-ACL-001
                    cluster: branch
                    reason: accepted
                    owner: sec@example.com
                    expires: %s
                """.formatted(today.plusDays(5), today.minusDays(3), today.plusDays(100), today.plusDays(100)));
    }

    private Path config(String extraClusters) throws IOException {
        Path file = work.resolve("pve-audit.yml");
        Files.writeString(file, """
                clusters:
                  - {name: prod, source: snapshot, path: prod}
                  - {name: lab, source: snapshot, path: lab}
                  - {name: branch, source: usercfg, user-cfg: branch/user.cfg, domains-cfg: branch/domains.cfg,
                     pve-version: "9.1"}
                %s
                rules: [%s]
                waivers: waivers.yml
                report:
                  out: %s
                  formats: [json, html]
                history:
                  database: %s
                """.formatted(extraClusters, Path.of("src/test/resources/seed-rules.yml").toAbsolutePath(),
                work.resolve("reports"), work.resolve("history.db")));
        return file;
    }

    /** The lines every audit of this folder ends with (the waivers judged on the day the run started). */
    private List<String> notices() {
        return List.of(
                "pve-audit: branch: coverage gap: tfa: user.cfg: second factors are kept in priv/tfa.cfg, which is "
                        + "not read",
                "pve-audit: lab: coverage gap: tfa: access/tfa.json: file not found in snapshot",
                "pve-audit: waiver waivers.yml:2:5 (PVE-ACL-001, ticket SEC-1, owner sec@example.com) expires on "
                        + today.plusDays(5) + " (in 5 days)",
                "pve-audit: waiver waivers.yml:8:5 (PVE-ACL-001, owner sec@example.com) expired on "
                        + today.minusDays(3) + " and no longer applies",
                "pve-audit: waiver waivers.yml:13:5 (PVE-TOKEN-001, owner ops@example.com) matched no finding; "
                        + "delete it or correct it");
    }

    @Test
    void everyAuditEndsWithGapsWaiversAndClustersNotAuditedOnStderrAlsoWhenQuiet() throws IOException {
        Path cfg = config("  - {name: gone, source: snapshot, path: gone}");
        List<String> expected = new ArrayList<>();
        expected.add("pve-audit: gone: not audited: gone: snapshot folder not found");
        expected.addAll(notices());

        Run run = run("audit", "-c", cfg.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).contains("gone: NOT AUDITED: gone: snapshot folder not found").contains("exit code 2");
        // the log's own warning during the run comes first; the notices end the output
        List<String> lines = run.errLines();
        assertThat(lines.subList(lines.size() - expected.size(), lines.size())).containsExactlyElementsOf(expected);

        Run quiet = run("audit", "-c", cfg.toString(), "--quiet");
        assertThat(quiet.exit()).isEqualTo(2);
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.errLines()).containsExactlyElementsOf(expected);

        // for a log collector: the same notices as JSON lines, at WARN, also with --quiet
        Run json = run("audit", "-c", cfg.toString(), "--quiet", "--log-format", "json");
        JsonMapper mapper = JsonMapper.builder().build();
        List<JsonNode> events = json.errLines().stream().map(mapper::readTree).toList();
        assertThat(events).allSatisfy(e -> assertThat(e.get("level").asString()).isIn("WARN", "ERROR"));
        assertThat(events.stream().filter(e -> e.get("logger").asString().equals("org.pveaudit.notices"))
                .map(e -> "pve-audit: " + e.get("message").asString()).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void aRestartAndAReplayPrintWhatTheRunRecorded() throws IOException {
        Path cfg = config("");
        Run failed = StopAt.around(StopAt.failing("report"), () -> run("audit", "-c", cfg.toString(), "--quiet"));
        assertThat(failed.exit()).isEqualTo(3);
        List<String> expected = new ArrayList<>(notices());
        expected.add("pve-audit: the run failed: test hook: failing at report");
        assertThat(failed.errLines()).containsExactlyElementsOf(expected);

        Run restarted = run("audit", "-c", cfg.toString(), "--quiet", "--restart", "1");
        assertThat(restarted.exit()).as(restarted.err()).isEqualTo(1);
        assertThat(restarted.errLines()).containsExactlyElementsOf(notices());

        Run replayed = run("audit", "-c", cfg.toString(), "--quiet", "--replay", "1");
        assertThat(replayed.exit()).as(replayed.err()).isEqualTo(1);
        assertThat(replayed.errLines()).containsExactlyElementsOf(notices());
    }

    @Test
    void reportWarningsNameFilesRelativeToTheConfigurationFolder() throws Exception {
        Path cfg = config("  - {name: gone, source: snapshot, path: gone}");
        assertThat(run("audit", "-c", cfg.toString()).exit()).isEqualTo(2);
        Path reportDir;
        try (Stream<Path> dirs = Files.list(work.resolve("reports"))) {
            reportDir = dirs.findFirst().orElseThrow();
        }
        String text = Files.readString(reportDir.resolve("findings.json"));
        JsonNode json = JsonMapper.builder().build().readTree(text);
        List<String> warnings = new ArrayList<>();
        json.get("warnings").forEach(w -> warnings.add(w.asString()));
        assertThat(warnings).contains(
                "branch: branch/user.cfg:27: field 'members' of group 'branch-ops': user 'left.user@pve' does not "
                        + "exist (kept as member)",
                "waiver waivers.yml:13:5 (PVE-TOKEN-001, owner ops@example.com) is stale: it matched no finding");
        json.get("clusters").forEach(c -> {
            if (c.get("name").asString().equals("gone")) {
                assertThat(c.get("error").asString()).isEqualTo("gone: snapshot folder not found");
            }
        });
        // nothing of the auditing host's layout in what goes out by mail
        assertThat(text).doesNotContain(work.toString());
        assertThat(Files.readString(reportDir.resolve("report.html"))).doesNotContain(work.toString());
    }
}
