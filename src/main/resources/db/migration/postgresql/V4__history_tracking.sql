-- The columns and tables of sqlite/V4__history_tracking.sql (replay, run facts, counts, resolved findings,
-- access drift, rule aliases) with PostgreSQL's types.
ALTER TABLE audit_run ADD COLUMN replay_of BIGINT;
ALTER TABLE audit_run ADD COLUMN pid BIGINT;
ALTER TABLE audit_run ADD COLUMN host TEXT COLLATE "C";
ALTER TABLE audit_run ADD COLUMN fail_on_new INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_run ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;

ALTER TABLE run_cluster ADD COLUMN coverage_gaps TEXT COLLATE "C";
ALTER TABLE run_cluster ADD COLUMN gap_count INTEGER;
ALTER TABLE run_cluster ADD COLUMN access_hash TEXT COLLATE "C";
ALTER TABLE run_cluster ADD COLUMN baseline_run BIGINT;
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

CREATE TABLE run_rule_alias (
    run_id          BIGINT  NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    alias           TEXT COLLATE "C" NOT NULL,
    rule_id         TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (run_id, alias)
);

CREATE TABLE resolved_finding (
    run_id          BIGINT  NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT COLLATE "C" NOT NULL,
    rule_id         TEXT COLLATE "C" NOT NULL,
    severity        TEXT COLLATE "C" NOT NULL,
    title           TEXT COLLATE "C" NOT NULL,
    subject_kind    TEXT COLLATE "C" NOT NULL,
    subject_key     TEXT COLLATE "C" NOT NULL,
    principal       TEXT COLLATE "C",
    path            TEXT COLLATE "C",
    message         TEXT COLLATE "C" NOT NULL,
    fingerprint     TEXT COLLATE "C" NOT NULL,
    first_seen_run  BIGINT,
    first_seen_at   TEXT COLLATE "C",
    last_seen_run   BIGINT  NOT NULL,
    waiver          INTEGER
);
CREATE INDEX resolved_finding_run ON resolved_finding(run_id, cluster);

CREATE TABLE access_drift (
    run_id          BIGINT  NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT COLLATE "C" NOT NULL,
    baseline_run    BIGINT  NOT NULL,
    object          TEXT COLLATE "C" NOT NULL,
    change          TEXT COLLATE "C" NOT NULL,
    object_key      TEXT COLLATE "C" NOT NULL,
    before_value    TEXT COLLATE "C",
    after_value     TEXT COLLATE "C"
);
CREATE INDEX access_drift_run ON access_drift(run_id, cluster);

CREATE INDEX audit_run_status ON audit_run(status, id);
CREATE INDEX run_cluster_cluster ON run_cluster(cluster, status, run_id);
-- No covering run_cluster_summary index as on SQLite: PostgreSQL keeps snapshot_json out of line (TOAST),
-- so reading the other columns never walks it.
