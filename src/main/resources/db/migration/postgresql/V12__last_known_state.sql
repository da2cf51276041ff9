-- sqlite/V12__last_known_state.sql with PostgreSQL's types (no covering index to rebuild, see V4).
CREATE TABLE unevaluated_finding (
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
CREATE INDEX unevaluated_finding_run ON unevaluated_finding(run_id, cluster);

ALTER TABLE run_cluster ADD COLUMN n_unevaluated INTEGER;
ALTER TABLE run_cluster ADD COLUMN not_compared TEXT COLLATE "C";
