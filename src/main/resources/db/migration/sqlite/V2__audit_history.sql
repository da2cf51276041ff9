-- pve-audit history. A run's rows count only once audit_run.status is COMPLETED, so a crashed or
-- killed run never changes what earlier runs say.
CREATE TABLE audit_run (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at      TEXT    NOT NULL,
    finished_at     TEXT,
    status          TEXT    NOT NULL,           -- RUNNING, COMPLETED, FAILED
    tool_version    TEXT    NOT NULL,
    config_hash     TEXT    NOT NULL,
    rule_packs      TEXT    NOT NULL,           -- "name@version, ..."
    fail_on         TEXT    NOT NULL,
    report_dir      TEXT,
    exit_code       INTEGER
);

CREATE TABLE run_cluster (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    status          TEXT    NOT NULL,           -- COLLECTED, NOT_AUDITED, INVALID_INPUT, EVALUATED
    pve_version     TEXT,
    error           TEXT,
    collected_at    TEXT,
    snapshot_json   TEXT,                       -- normalised access data; secrets never reach it
    PRIMARY KEY (run_id, cluster)
);

CREATE TABLE rule_outcome (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    rule_id         TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    status          TEXT    NOT NULL,           -- PASSED, FAILED, WAIVED, NOT_EVALUATED
    findings        INTEGER NOT NULL,
    reason          TEXT,
    PRIMARY KEY (run_id, cluster, rule_id)
);

CREATE TABLE finding (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    rule_id         TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    subject_kind    TEXT    NOT NULL,
    subject_key     TEXT    NOT NULL,
    path            TEXT,
    message         TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'NEW',   -- NEW or OPEN (seen in the previous run)
    first_seen_run  INTEGER,
    first_seen_at   TEXT
);

CREATE INDEX finding_run ON finding(run_id, cluster);
CREATE INDEX finding_fingerprint ON finding(fingerprint, run_id);
