-- Issue 6: replay, run lock facts, per-cluster counts, resolved findings, access drift, rule aliases.
-- Everything a run writes stays invisible to "previous run" readers until audit_run.status is COMPLETED.

-- The run whose stored snapshots this run re-evaluated (pve-audit audit --replay), or NULL for a live run.
ALTER TABLE audit_run ADD COLUMN replay_of INTEGER;
-- Who ran it (for "another audit is running" and for ABANDONED runs left by a killed process).
ALTER TABLE audit_run ADD COLUMN pid INTEGER;
ALTER TABLE audit_run ADD COLUMN host TEXT;
-- 1 when only new or regressed findings decided the exit code (--fail-on-new).
ALTER TABLE audit_run ADD COLUMN fail_on_new INTEGER NOT NULL DEFAULT 0;
-- How often the run was restarted (pve-audit audit --restart).
ALTER TABLE audit_run ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;

-- Coverage gaps ("dataset: source (reason)", one a line) and their number.
ALTER TABLE run_cluster ADD COLUMN coverage_gaps TEXT;
ALTER TABLE run_cluster ADD COLUMN gap_count INTEGER;
-- SHA-256 of the snapshot without its collection time: equal hashes mean no access drift.
ALTER TABLE run_cluster ADD COLUMN access_hash TEXT;
-- The previous completed run of the cluster this run was compared with (NULL: first run of the cluster).
ALTER TABLE run_cluster ADD COLUMN baseline_run INTEGER;
-- Counts written by the history step: unwaived findings per severity, waived, and the comparison.
ALTER TABLE run_cluster ADD COLUMN n_critical INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_high INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_medium INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_low INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_info INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_waived INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_new INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_open INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_regressed INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_resolved INTEGER;
ALTER TABLE run_cluster ADD COLUMN n_drift INTEGER;

-- Former rule ids (Rule.aliases) in force for a run: a finding of an alias is the same finding.
CREATE TABLE run_rule_alias (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    alias           TEXT    NOT NULL,           -- lower case
    rule_id         TEXT    NOT NULL,
    PRIMARY KEY (run_id, alias)
);

-- Findings of the baseline run that this run no longer has (one row per finding and resolving run).
CREATE TABLE resolved_finding (
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
    waiver          INTEGER                     -- whether it was waived when last seen (position there)
);
CREATE INDEX resolved_finding_run ON resolved_finding(run_id, cluster);

-- Access drift of a cluster against its baseline run, computed from the two stored snapshots.
CREATE TABLE access_drift (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    baseline_run    INTEGER NOT NULL,
    object          TEXT    NOT NULL,           -- user, group, token, acl, role, realm
    change          TEXT    NOT NULL,           -- ADDED, REMOVED, CHANGED
    object_key      TEXT    NOT NULL,           -- user/group/token/role/realm id, or path|principal for acl
    before_value    TEXT,
    after_value     TEXT
);
CREATE INDEX access_drift_run ON access_drift(run_id, cluster);

CREATE INDEX audit_run_status ON audit_run(status, id);
CREATE INDEX run_cluster_cluster ON run_cluster(cluster, status, run_id);
-- Covers every column the run lists, counts and trends read, so they never walk the overflow pages
-- of snapshot_json (hundreds of KB per row, stored before the columns added here).
CREATE INDEX run_cluster_summary ON run_cluster(run_id, cluster, status, pve_version, error, coverage_gaps,
    baseline_run, n_critical, n_high, n_medium, n_low, n_info, n_waived, n_new, n_open, n_regressed, n_resolved,
    n_drift, access_hash);
