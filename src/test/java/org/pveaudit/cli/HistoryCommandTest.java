package org.pveaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pveaudit.cli.HistoryFixture.find;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pveaudit.history.AuditHistory;
import org.pveaudit.history.TrendPoint;
import org.pveaudit.rules.Severity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** History across runs: new, open, resolved, regressed, drift, replay, fingerprints, retention and the commands. */
@Tag("e2e")
class HistoryCommandTest {

    @TempDir
    Path work;

    /** Adds a token, removes an ACL entry and makes TEST-GROUP-001 fail (a fifth member for developers-sso). */
    private static void change(HistoryFixture fx) {
        fx.edit("access/users.json", users -> ((ArrayNode) find(users, "userid", "ops.kim@pam").get("tokens"))
                .addObject().put("tokenid", "cron").put("expire", 0).put("privsep", 0).put("comment", "nightly"));
        fx.edit("access/acl.json", acl -> {
            for (int i = 0; i < acl.size(); i++) {
                JsonNode a = acl.get(i);
                if (a.get("ugid").asString().equals("former.admin@pam") && a.get("path").asString().equals("/")) {
                    acl.remove(i);
                    return;
                }
            }
            throw new AssertionError("ACL entry not found");
        });
        fx.edit("access/groups.json", groups -> {
            ObjectNode g = find(groups, "groupid", "developers-sso");
            g.put("users", g.get("users").asString() + ",guest.user@sso");
        });
    }

    @Test
    void twoAuditsWithAChangeBetweenGiveExactlyTheExpectedNewResolvedAndDriftRows() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        HistoryFixture.Run first = fx.audit();
        assertThat(first.exit()).as(first.err()).isEqualTo(1);
        assertThat(fx.findings(1)).hasSize(15).allMatch(f -> f.endsWith(" NEW"));
        change(fx);
        HistoryFixture.Run second = fx.audit();
        assertThat(second.exit()).as(second.err()).isEqualTo(1);

        assertThat(fx.query("SELECT rule_id, subject_key FROM finding WHERE run_id = 2 AND state = 'NEW' ORDER BY 1, 2"))
                .containsExactly(
                        List.of("PVE-TOKEN-001", "ops.kim@pam!cron"),
                        List.of("PVE-TOKEN-002", "ops.kim@pam!cron"),
                        List.of("TEST-GROUP-001", "developers-sso"));
        assertThat(fx.queryLong("SELECT COUNT(*) FROM finding WHERE run_id = 2 AND state = 'OPEN' AND first_seen_run = 1"))
                .isEqualTo(14);
        assertThat(fx.query("SELECT rule_id, subject_key, last_seen_run, first_seen_run FROM resolved_finding "
                + "WHERE run_id = 2")).containsExactly(List.of("PVE-ACL-001", "/|former.admin@pam|Administrator", 1, 1));
        assertThat(fx.query("SELECT object, change, object_key, before_value, after_value, baseline_run FROM access_drift "
                + "WHERE run_id = 2 ORDER BY object, object_key")).containsExactly(
                Row.of("acl", "REMOVED", "/|former.admin@pam", "roles Administrator", null, 1),
                Row.of("group", "CHANGED", "developers-sso", "members data.sci@sso,dev.lena@sso,j.park@sso,r.singh@sso",
                        "members data.sci@sso,dev.lena@sso,guest.user@sso,j.park@sso,r.singh@sso", 1),
                Row.of("token", "ADDED", "ops.kim@pam!cron", null, "expire never; privsep 0", 1));
        assertThat(fx.query("SELECT baseline_run, n_critical, n_high, n_medium, n_new, n_open, n_regressed, n_resolved, "
                + "n_drift, n_waived, gap_count FROM run_cluster WHERE run_id = 2"))
                .containsExactly(Row.of(1, 3, 13, 1, 3, 14, 0, 1, 3, 0, 1));

        HistoryFixture.Run list = HistoryFixture.run("history", "-c", fx.config.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).contains("    2  ").contains("COMPLETED");

        HistoryFixture.Run show = HistoryFixture.run("history", "show", "2", "--database", fx.db.toString());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("new and regressed findings: 3")
                .contains("  + [prod] high PVE-TOKEN-001 ops.kim@pam!cron: API token ops.kim@pam!cron has no expiry date")
                .contains("resolved findings: 1")
                .contains("  - [prod] critical PVE-ACL-001 /|former.admin@pam|Administrator:")
                .contains("access drift: 3")
                .contains("  [prod] + token ops.kim@pam!cron (expire never; privsep 0)")
                .contains("  [prod] - acl /|former.admin@pam (roles Administrator)");

        HistoryFixture.Run diff = HistoryFixture.run("diff", "--database", fx.db.toString(), "1", "2", "--json");
        assertThat(diff.exit()).as(diff.err()).isZero();
        JsonNode d = HistoryFixture.JSON.readTree(diff.out()).get("clusters").get(0);
        assertThat(d.get("cluster").asString()).isEqualTo("prod");
        assertThat(d.get("added")).hasSize(3);
        assertThat(d.get("removed")).hasSize(1);
        assertThat(d.get("drift")).hasSize(3);
        // the other way round, the same differences mirrored
        HistoryFixture.Run back = HistoryFixture.run("diff", "--database", fx.db.toString(), "2", "1");
        assertThat(back.out()).contains("prod: findings +1 -3 ~0, access drift 3")
                .contains("  + token ops.kim@pam!cron".replace("+ token", "- token"))
                .contains("  + acl /|former.admin@pam (roles Administrator)");

        HistoryFixture.Run json = HistoryFixture.run("history", "--database", fx.db.toString(), "--json", "--limit", "1");
        JsonNode runs = HistoryFixture.JSON.readTree(json.out()).get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("clusters").get(0).get("counts").get("new").asInt()).isEqualTo(3);
    }

    @Test
    void aFindingThatWasResolvedAndCameBackIsRegressedAndFailOnNewLooksOnlyAtNewOrRegressed() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        assertThat(fx.audit().exit()).isEqualTo(1);
        change(fx);
        assertThat(fx.audit("--fail-on-new", "--fail-on", "critical").exit()).isZero(); // new ones are high/medium
        Files.copy(HistoryFixture.SAMPLES.resolve("prod/access/acl.json"), fx.prod.resolve("access/acl.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        HistoryFixture.Run third = fx.audit("--fail-on-new", "--fail-on", "critical");
        assertThat(third.exit()).as(third.out() + third.err()).isEqualTo(1);
        assertThat(fx.query("SELECT rule_id, subject_key, first_seen_run FROM finding WHERE run_id = 3 "
                + "AND state = 'REGRESSED'")).containsExactly(List.of("PVE-ACL-001", "/|former.admin@pam|Administrator", 1));
        assertThat(fx.queryLong("SELECT n_regressed FROM run_cluster WHERE run_id = 3")).isEqualTo(1);
        assertThat(fx.queryLong("SELECT n_new FROM run_cluster WHERE run_id = 3")).isZero();
        assertThat(fx.query("SELECT object, change, object_key FROM access_drift WHERE run_id = 3"))
                .containsExactly(List.of("acl", "ADDED", "/|former.admin@pam"));
        assertThat(HistoryFixture.run("history", "show", "3", "-c", fx.config.toString()).out())
                .contains("(regressed; first seen run 1)");
        // nothing new: --fail-on-new passes although unwaived critical findings are open
        assertThat(fx.audit("--fail-on-new").exit()).isZero();
        assertThat(fx.queryLong("SELECT COUNT(*) FROM finding WHERE run_id = 4 AND severity = 'critical' "
                + "AND waiver IS NULL AND state = 'OPEN'")).isEqualTo(4);
        assertThat(fx.query("SELECT fail_on_new, exit_code FROM audit_run WHERE id = 4")).containsExactly(List.of(1, 0));

        AuditHistory history = AuditHistory.openForReading(fx.db);
        List<TrendPoint> trend = history.clusters().trend("prod", 3);
        assertThat(trend).extracting(TrendPoint::runId).containsExactly(2L, 3L, 4L);
        assertThat(trend).extracting(t -> t.counts().get(Severity.CRITICAL)).containsExactly(3, 4, 4);
        assertThat(trend).extracting(TrendPoint::newFindings).containsExactly(3, 0, 0);
        assertThat(history.clusters().trend(null, 100)).hasSize(4);
    }

    @Test
    void aReplayOfAStoredRunEvaluatesTheStoredDataAndEqualsTheOriginalFindings() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        assertThat(fx.audit().exit()).isEqualTo(1);
        change(fx);
        assertThat(fx.audit().exit()).isEqualTo(1);
        HistoryFixture.Run replay = fx.audit("--replay", "1");
        assertThat(replay.exit()).as(replay.err()).isEqualTo(1);
        assertThat(replay.out()).contains("pve-audit run 3");
        String columns = "SELECT cluster, rule_id, severity, subject_kind, subject_key, message, fingerprint, "
                + "waiver FROM finding WHERE run_id = ? ORDER BY fingerprint";
        assertThat(fx.query(columns, 3)).hasSize(15).isEqualTo(fx.query(columns, 1));
        assertThat(fx.queryLong("SELECT replay_of FROM audit_run WHERE id = 3")).isEqualTo(1);
        assertThat(snapshotJson(fx, 3)).contains("\"users\"").isEqualTo(snapshotJson(fx, 1));
        // a replay is never the baseline of a live run
        assertThat(fx.audit().exit()).isEqualTo(1);
        assertThat(fx.queryLong("SELECT baseline_run FROM run_cluster WHERE run_id = 4")).isEqualTo(2);
        assertThat(fx.queryLong("SELECT n_new FROM run_cluster WHERE run_id = 4")).isZero();
        assertThat(HistoryFixture.run("history", "--database", fx.db.toString()).out()).contains("replay of run 1");

        HistoryFixture.Run missing = fx.audit("--replay", "99");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no run 99 in the history");
    }

    @Test
    void fingerprintsSurviveReorderedInputChangedMessagesAndARenamedRule() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        assertThat(fx.audit().exit()).isEqualTo(1);
        for (String file : List.of("access/users.json", "access/acl.json", "access/groups.json", "access/roles.json")) {
            fx.edit(file, list -> {
                List<JsonNode> items = new ArrayList<>();
                list.forEach(items::add);
                list.removeAll();
                for (int i = items.size() - 1; i >= 0; i--) {
                    JsonNode n = items.get(i);
                    if (n.get("tokens") instanceof ArrayNode tokens && tokens.size() > 1) {
                        List<JsonNode> ts = new ArrayList<>();
                        tokens.forEach(ts::add);
                        tokens.removeAll();
                        for (int j = ts.size() - 1; j >= 0; j--) {
                            tokens.add(ts.get(j));
                        }
                    }
                    list.add(n);
                }
            });
        }
        assertThat(fx.audit().exit()).isEqualTo(1);
        assertThat(fx.query("SELECT n_new, n_resolved, n_drift, n_open FROM run_cluster WHERE run_id = 2"))
                .containsExactly(List.of(0, 0, 0, 15));

        // new wording for one rule, and PVE-TOKEN-001 renamed with its old id as alias
        String baseline = Files.readString(Path.of("src/test/resources/seed-rules.yml"))
                .replace("message: \"API token {id} has no expiry date\"", "message: \"token {id} never expires\"")
                .replace("  - id: PVE-TOKEN-001\n", "  - id: PVE-TOKEN-101\n    aliases: [PVE-TOKEN-001]\n");
        Path renamed = work.resolve("baseline-renamed.yml");
        Files.writeString(renamed, baseline);
        fx.writeConfig(renamed, "");
        HistoryFixture.Run third = fx.audit();
        assertThat(third.exit()).as(third.err()).isEqualTo(1);
        assertThat(fx.query("SELECT n_new, n_resolved, n_open FROM run_cluster WHERE run_id = 3"))
                .containsExactly(List.of(0, 0, 15));
        assertThat(fx.query("SELECT state, first_seen_run, message FROM finding WHERE run_id = 3 "
                + "AND rule_id = 'PVE-TOKEN-101' AND subject_key = 'root@pam!backup'"))
                .containsExactly(List.of("OPEN", 1, "token root@pam!backup never expires"));
        HistoryFixture.Run diff = HistoryFixture.run("diff", "--database", fx.db.toString(), "1", "3");
        assertThat(diff.out()).contains("prod: findings +0 -0 ~0, access drift 0");
    }

    @Test
    void retentionKeepsTheLastRunsOrDaysAndPrunesBatchMetadataToo() throws Exception {
        HistoryFixture fx = new HistoryFixture(work, "keep-runs: 2");
        for (int i = 0; i < 3; i++) {
            assertThat(fx.audit().exit()).isEqualTo(1);
        }
        assertThat(fx.query("SELECT id FROM audit_run ORDER BY id")).containsExactly(List.of(2), List.of(3));
        assertThat(fx.query("SELECT DISTINCT run_id FROM finding ORDER BY 1")).containsExactly(List.of(2), List.of(3));
        assertThat(fx.query("SELECT PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS WHERE PARAMETER_NAME = 'runId' "
                + "ORDER BY 1")).containsExactly(List.of("2"), List.of("3"));
        assertThat(fx.queryLong("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")).isEqualTo(2);
        assertThat(fx.queryLong("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID NOT IN "
                + "(SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION)")).isZero();
        // the open findings keep their first-seen run although that run is gone
        assertThat(fx.queryLong("SELECT MIN(first_seen_run) FROM finding WHERE run_id = 3")).isEqualTo(1);

        // more runs, older ones, through the store itself: copies of run 3 started 1..6 x 10 days ago
        Instant now = Instant.now();
        for (int i = 6; i >= 1; i--) {
            fx.query("INSERT INTO audit_run(started_at, status, tool_version, config_hash, rule_packs, fail_on) "
                    + "SELECT ?, status, tool_version, config_hash, rule_packs, fail_on FROM audit_run WHERE id = 3 "
                    + "RETURNING id", now.minus(i * 10L, ChronoUnit.DAYS).toString());
        }
        fx.query("UPDATE audit_run SET started_at = ? WHERE id IN (2, 3) RETURNING id",
                now.minus(70, ChronoUnit.DAYS).toString());
        // ids 4..9 started 60, 50, ..., 10 days ago; 2 and 3 70 days ago
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + fx.db + "?foreign_keys=true");
        AuditHistory store = new AuditHistory(ds);
        assertThat(store.runs().prune(9, new org.pveaudit.history.Retention(null, 35), now))
                .containsExactly(2L, 3L, 4L, 5L, 6L);
        // both limits: a run goes only when neither keeps it (7 is 30 days old and not among the last 2)
        assertThat(store.runs().prune(9, new org.pveaudit.history.Retention(2, 15), now)).containsExactly(7L);
        assertThat(store.runs().prune(9, new org.pveaudit.history.Retention(1, null), now)).containsExactly(8L);
        assertThat(store.runs().prune(9, org.pveaudit.history.Retention.FOREVER, now)).isEmpty();
        assertThat(fx.query("SELECT id FROM audit_run")).containsExactly(List.of(9));
    }

    @Test
    void theReadingCommandsSayWhatIsMissingAndExitTwo() throws Exception {
        HistoryFixture fx = new HistoryFixture(work);
        HistoryFixture.Run none = HistoryFixture.run("history", "-c", fx.config.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("pve-audit: no history database at " + fx.db);
        assertThat(Files.exists(fx.db)).isFalse();
        assertThat(HistoryFixture.run("diff", "-c", fx.config.toString(), "1", "2").exit()).isEqualTo(2);
        HistoryFixture.Run noConfig = HistoryFixture.run("history", "-c", work.resolve("nope.yml").toString());
        assertThat(noConfig.exit()).isEqualTo(2);
        assertThat(noConfig.err()).contains("nope.yml: configuration file not found");

        Files.writeString(work.resolve("other.db"), "");
        HistoryFixture.Run other = HistoryFixture.run("history", "--database", work.resolve("other.db").toString());
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("is not a pve-audit history database");

        assertThat(fx.audit().exit()).isEqualTo(1);
        assertThat(HistoryFixture.run("history", "show", "7", "--database", fx.db.toString()).err())
                .contains("no run 7 in the history");
        assertThat(HistoryFixture.run("diff", "1", "7", "--database", fx.db.toString()).exit()).isEqualTo(2);
        fx.query("DELETE FROM audit_run RETURNING id");
        HistoryFixture.Run empty = HistoryFixture.run("history", "--database", fx.db.toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no audit runs recorded yet");
    }

    /** Row literals with SQLite's types (integers come back as Integer). */
    static final class Row {
        static List<Object> of(Object... values) {
            return java.util.Arrays.asList(values);
        }
    }

    /** The stored snapshot of a run's only cluster, as JSON text (stored compressed). */
    private static String snapshotJson(HistoryFixture fx, long run) {
        byte[] stored = (byte[]) fx.query("SELECT snapshot_json FROM run_cluster WHERE run_id = ?", run).get(0).get(0);
        return new String(org.pveaudit.history.SnapshotStore.snapshotJson(stored), java.nio.charset.StandardCharsets.UTF_8);
    }
}
