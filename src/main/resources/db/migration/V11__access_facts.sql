-- Access data as content-addressed facts (history.AccessFact): a diff of two runs far apart compares
-- their sets of fact ids instead of parsing both snapshots, and a fact that does not change is
-- stored once however many runs have it. snapshot_json stays the record a replay reads.
CREATE TABLE access_fact (
    id              INTEGER PRIMARY KEY,        -- first 8 bytes of SHA-256(object, key, description)
    object          TEXT    NOT NULL,           -- user, group, token, acl, role, realm
    object_key      TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    last_run        INTEGER NOT NULL            -- newest run that had it; retention drops facts older than every run kept
);

-- The facts of a cluster in a run. Own table: reading it never walks snapshot_json's overflow pages.
CREATE TABLE run_access (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    fact_ids        BLOB    NOT NULL,           -- the ids, ascending, 8 bytes each, big-endian
    PRIMARY KEY (run_id, cluster)
);
