-- A coverage gap or a cluster not audited leaves the last known state where it was (docs/history.md).
-- Findings whose rule a run did not evaluate: neither resolved nor open; last_seen_run is the run that
-- last evaluated the rule and found them.
CREATE TABLE unevaluated_finding (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    rule_id         TEXT    NOT NULL,           -- as the current rules call it (aliases resolved)
    severity        TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    subject_kind    TEXT    NOT NULL,
    subject_key     TEXT    NOT NULL,
    principal       TEXT,
    path            TEXT,
    message         TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    first_seen_run  INTEGER,
    first_seen_at   TEXT,
    last_seen_run   INTEGER NOT NULL,
    waiver          INTEGER
);
CREATE INDEX unevaluated_finding_run ON unevaluated_finding(run_id, cluster);

ALTER TABLE run_cluster ADD COLUMN n_unevaluated INTEGER;
-- datasets whose access drift could not be compared (not read in this run, or in no earlier run), e.g. "tfa,users"
ALTER TABLE run_cluster ADD COLUMN not_compared TEXT;

DROP INDEX run_cluster_summary;
CREATE INDEX run_cluster_summary ON run_cluster(run_id, cluster, status, pve_version, error, coverage_gaps,
    baseline_run, n_critical, n_high, n_medium, n_low, n_info, n_waived, n_new, n_open, n_regressed, n_resolved,
    n_drift, access_hash, n_unevaluated, not_compared);
