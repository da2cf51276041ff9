package org.pveaudit.job;

import org.pveaudit.history.SqlDialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.config.AuditConfig;
import org.pveaudit.config.AuditConfigLoader;
import org.pveaudit.config.ConfigException;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.FailurePolicy;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.RuleEngine;
import org.pveaudit.rules.RuleExpressions;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePackLoader;

/**
 * The rules that look beyond one cluster's snapshot, through the steps of a run: people linked across every
 * cluster of the run (and not judged when one is missing), declared access compared where configured.
 */
class CrossClusterRulesTest {

    @TempDir
    Path dir;

    private static final String PROD = "{name: prod, source: snapshot, path: " + sample("prod") + "}";
    private static final String BRANCH = "{name: branch, source: usercfg, user-cfg: " + sample("branch/user.cfg")
            + ", domains-cfg: " + sample("branch/domains.cfg") + ", pve-version: \"9.1\", declared: {file: "
            + sample("declared/branch-declared-access.yml") + "}}";

    private static String sample(String path) {
        return Path.of("sample-data").resolve(path).toAbsolutePath().toString();
    }

    /** Collects and evaluates {@code run} of {@code audited} (all configured clusters when empty). */
    private AuditHistory run(List<String> clusters, List<String> audited) throws IOException {
        return run(clusters, audited, false);
    }

    /** The same; {@code crash}: the evaluate step fails once after storing its first cluster, and runs again. */
    private AuditHistory run(List<String> clusters, List<String> audited, boolean crash) throws IOException {
        Path file = Files.writeString(dir.resolve("pve-audit.yml"), """
                clusters:
                %s
                rules: [%s]
                history:
                  database: %s
                parallel: {evaluate: 1}   # one cluster at a time: a crash after the first leaves the other
                """.formatted(String.join("\n", clusters.stream().map(c -> "- " + c).toList()).indent(2)
                .stripTrailing(), Path.of("rules", "baseline.yml").toAbsolutePath(), dir.resolve("history.db")));
        AuditConfig config = AuditConfigLoader.load(file);
        AuditRequest request = AuditRequest.of(config, file.toString(), audited.isEmpty() ? config.clusters()
                        : config.clusters().stream().filter(c -> audited.contains(c.name())).toList(),
                new RulePackLoader(new RuleExpressions()).load(config.rules()), List.of(), FailurePolicy.DEFAULT,
                dir.resolve("out"), "hash", List.of());
        Flyway.configure().dataSource(config.history().jdbcUrl(), null, null)
                .locations(SqlDialect.SQLITE.migrations().toArray(String[]::new))
                .load().migrate();
        AuditHistory history = SampleAudit.history(request);
        java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean(!crash);
        AuditSteps steps = new AuditSteps(request, history, new RuleEngine(new RuleExpressions()), point -> {
            if (point.equals("evaluate") && !crashed.getAndSet(true)) {
                throw new IllegalStateException("crash after the first cluster's findings");
            }
        });
        long run = history.runs().start("test", "hash", request.packNames(), "high");
        request.clusters().forEach(c -> steps.collect(run, c.name()));
        if (crash) {
            assertThatThrownBy(() -> steps.evaluate(run)).hasMessageContaining("crash");
            assertThat(history.clusters().of(run)).filteredOn(c -> c.status() == ClusterRun.Status.EVALUATED)
                    .hasSize(1);
        }
        steps.evaluate(run);
        return history;
    }

    private static RuleOutcome outcome(AuditHistory history, String cluster, String rule) {
        return history.findings().outcomes(1).stream().filter(o -> o.cluster().equals(cluster)
                && o.ruleId().equals(rule)).findFirst().orElseThrow();
    }

    private static List<String> findings(AuditHistory history, String cluster, String rule) {
        return history.findings().of(1).stream().map(StoredFinding::finding)
                .filter(f -> f.cluster().equals(cluster) && f.ruleId().equals(rule)).map(f -> f.subjectKey()).toList();
    }

    @Test
    void aPersonDisabledOnOneClusterIsFoundStillActiveOnTheOther() throws IOException {
        AuditHistory history = run(List.of(PROD, BRANCH), List.of());
        // a.garcia@corp-ldap is disabled on prod; a.garcia@corp-ad on branch has the same e-mail and is enabled
        assertThat(outcome(history, "branch", "PVE-PEOPLE-001").status()).isEqualTo(RuleOutcome.Status.FAILED);
        assertThat(findings(history, "branch", "PVE-PEOPLE-001")).containsExactly("a.garcia@corp-ad");
        assertThat(outcome(history, "prod", "PVE-PEOPLE-001").status()).isEqualTo(RuleOutcome.Status.PASSED);
        assertThat(findings(history, "prod", "PVE-PEOPLE-002"))
                .containsExactlyInAnyOrder("contractor.zoe@pve", "former.admin@pam");
    }

    @Test
    void anEvaluateStepRestartedAfterOneClusterStillLinksThePeopleOfEvery() throws IOException {
        AuditHistory history = run(List.of(PROD, BRANCH), List.of(), true);
        assertThat(history.clusters().of(1)).allMatch(c -> c.status() == ClusterRun.Status.EVALUATED);
        // whichever cluster was stored before the crash, the leaver on branch is found against prod
        assertThat(findings(history, "branch", "PVE-PEOPLE-001")).containsExactly("a.garcia@corp-ad");
        assertThat(findings(history, "prod", "PVE-PEOPLE-002"))
                .containsExactlyInAnyOrder("contractor.zoe@pve", "former.admin@pam");
    }

    @Test
    void aClusterNotReadLeavesThePeopleRulesNotEvaluatedEverywhere() throws IOException {
        String edge = "{name: edge, source: snapshot, path: " + dir.resolve("no-such-folder") + "}";
        AuditHistory history = run(List.of(PROD, BRANCH, edge), List.of());
        for (String cluster : List.of("prod", "branch")) {
            RuleOutcome o = outcome(history, cluster, "PVE-PEOPLE-001");
            assertThat(o.status()).as(cluster).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
            assertThat(o.reason()).contains("edge (not read)");
        }
        assertThat(findings(history, "branch", "PVE-PEOPLE-001")).as("never judged on part of the people").isEmpty();
        // the rules of one cluster are judged as before
        assertThat(outcome(history, "branch", "PVE-DECL-001").status()).isEqualTo(RuleOutcome.Status.FAILED);
    }

    @Test
    void aRunOfSomeClustersDoesNotJudgePeople() throws IOException {
        AuditHistory history = run(List.of(PROD, BRANCH), List.of("branch"));
        RuleOutcome o = outcome(history, "branch", "PVE-PEOPLE-001");
        assertThat(o.status()).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
        assertThat(o.reason()).contains("this run audits 1 of the 2 configured clusters");
    }

    @Test
    void declaredAccessIsComparedWhereConfiguredAndNotJudgedElsewhere() throws IOException {
        AuditHistory history = run(List.of(PROD, BRANCH), List.of());
        assertThat(findings(history, "branch", "PVE-DECL-001")).containsExactly(
                "undeclared acl / ghost.admin@pve Administrator", "undeclared acl / jdoe@corp-ad PVEAdmin");
        assertThat(findings(history, "branch", "PVE-DECL-005")).containsExactly("differs role Monitoring");
        RuleOutcome prod = outcome(history, "prod", "PVE-DECL-001");
        assertThat(prod.status()).isEqualTo(RuleOutcome.Status.NOT_EVALUATED);
        assertThat(prod.reason()).contains("no declared access is configured for this cluster (clusters[].declared)");
    }

    @Test
    void aBrokenDeclarationStopsTheRunBeforeItStartsNamingFileLineAndField() throws IOException {
        Path declared = Files.writeString(dir.resolve("declared.yml"), """
                users:
                  - {id: alice@pve, enabled: yes}
                """);
        Path file = Files.writeString(dir.resolve("broken.yml"), """
                clusters:
                  - {name: prod, source: snapshot, path: %s, declared: {file: %s}}
                """.formatted(sample("prod"), declared));
        AuditConfig config = AuditConfigLoader.load(file);
        assertThatThrownBy(() -> AuditRequest.of(config, file.toString(), config.clusters(), List.of(), List.of(),
                FailurePolicy.DEFAULT, dir, "hash", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(declared + ":2:21: users[0].enabled must be true or false, not 'yes'");
    }

    @Test
    void aDeclarationNamesOneSource() throws IOException {
        Path file = Files.writeString(dir.resolve("both.yml"), """
                clusters:
                  - name: prod
                    source: snapshot
                    path: %s
                    declared: {file: a.yml, terraform-state: b.json}
                """.formatted(sample("prod")));
        assertThatThrownBy(() -> AuditConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("clusters[0].declared: set one of terraform-state or file");
    }

    @Test
    void theMatchKeysAreConfiguredAndAnUnknownOneIsOneLine() throws IOException {
        Path ok = Files.writeString(dir.resolve("keys.yml"), """
                clusters:
                  - {name: prod, source: snapshot, path: %s}
                people:
                  match-keys: [user-id, directory-user]
                """.formatted(sample("prod")));
        assertThat(AuditConfigLoader.load(ok).people().linking().keys())
                .containsExactlyInAnyOrder(org.pveaudit.people.MatchKey.USER_ID,
                        org.pveaudit.people.MatchKey.DIRECTORY_USER);
        Path bad = Files.writeString(dir.resolve("bad-keys.yml"), """
                clusters:
                  - {name: prod, source: snapshot, path: %s}
                people:
                  match-keys: [email, phone]
                """.formatted(sample("prod")));
        assertThatThrownBy(() -> AuditConfigLoader.load(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(bad + ":4:").hasMessageContaining("people.match-keys");
    }
}
