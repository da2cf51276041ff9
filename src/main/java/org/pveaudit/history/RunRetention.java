package org.pveaudit.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Deletes the runs a {@link Retention} no longer keeps: their rows in every table, and their Spring Batch metadata. */
final class RunRetention {

    /** The tables with rows per run, deleted explicitly: a jdbc: URL of the user's may not enable foreign keys. */
    private static final List<String> RUN_TABLES = List.of("access_drift", "resolved_finding", "unevaluated_finding",
            "run_rule_alias", "run_waiver", "finding", "rule_outcome", "run_mail", "run_access", "run_finding_digest",
            "run_cluster");

    private final JdbcTemplate jdbc;

    RunRetention(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes the runs retention no longer keeps. Kept are: the run being written, every RUNNING run,
     * the last {@code keepRuns} completed runs, the runs of the last {@code keepDays} days, and every
     * run newer than the oldest completed run kept. With neither limit set nothing is pruned. Runs in
     * the current transaction of the caller.
     *
     * @return the ids pruned
     */
    List<Long> prune(long currentRunId, Retention retention, Instant now) {
        if (retention == null || !retention.limited()) {
            return List.of();
        }
        List<Long> doomed = doomed(currentRunId, retention, now);
        for (Long id : doomed) {
            deleteBatchMetadata(id);
            for (String table : RUN_TABLES) {
                jdbc.update("DELETE FROM " + table + " WHERE run_id = ?", id);
            }
            jdbc.update("DELETE FROM audit_run WHERE id = ?", id);
        }
        if (!doomed.isEmpty()) {
            // a fact every remaining run lacks: last seen before the oldest run kept
            jdbc.update("DELETE FROM access_fact WHERE last_run < (SELECT MIN(id) FROM audit_run)");
        }
        return doomed;
    }

    /** The runs to delete, oldest first. */
    private List<Long> doomed(long currentRunId, Retention retention, Instant now) {
        long keepFrom = Long.MAX_VALUE;
        if (retention.keepRuns() != null) {
            List<Long> completed = jdbc.queryForList("SELECT id FROM audit_run WHERE status = 'COMPLETED' "
                    + "ORDER BY id DESC", Long.class);
            if (!completed.isEmpty()) {
                keepFrom = completed.get(Math.min(completed.size(), Math.max(1, retention.keepRuns())) - 1);
            }
        }
        String query = "SELECT id FROM audit_run WHERE id < ? AND id <> ? AND status <> 'RUNNING'";
        List<Object> args = new ArrayList<>(List.of(keepFrom, currentRunId));
        if (retention.keepDays() != null) {
            query += " AND started_at < ?";
            args.add(now.minus(Duration.ofDays(retention.keepDays())).toString());
        }
        return jdbc.queryForList(query + " ORDER BY id", Long.class, args.toArray());
    }

    /** Deletes the Spring Batch job instance (executions, steps, contexts, parameters) of a run. */
    private void deleteBatchMetadata(long runId) {
        List<Long> instances = jdbc.queryForList("""
                SELECT DISTINCT e.JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION e
                JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                WHERE p.PARAMETER_NAME = 'runId' AND p.PARAMETER_VALUE = ?""", Long.class, String.valueOf(runId));
        for (Long instance : instances) {
            String executions = "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = " + instance;
            String steps = "SELECT STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN ("
                    + executions + ")";
            jdbc.update("DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (" + steps + ")");
            jdbc.update("DELETE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN (" + executions + ")");
            jdbc.update("DELETE FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN (" + executions + ")");
            jdbc.update("DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN (" + executions + ")");
            jdbc.update("DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?", instance);
            jdbc.update("DELETE FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID = ?", instance);
        }
    }
}
