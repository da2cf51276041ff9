-- Compact forms of a run for comparing it with another (history.DigestSet): diff merges two sorted
-- lists of 64-bit digests per cluster and reads only the rows whose digests differ.

-- Access data as content-addressed facts (history.AccessFact): a fact that does not change is stored
-- once however many runs have it. snapshot_json stays the record a replay reads.
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

-- The findings of a cluster in a run as sorted (digest, finding id) pairs, 16 bytes each; the digest
-- is the first 8 bytes of SHA-256 over fingerprint, severity and waived. A diff merges two such
-- lists and reads only the findings whose digests differ.
CREATE TABLE run_finding_digest (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT    NOT NULL,
    digests         BLOB    NOT NULL,
    PRIMARY KEY (run_id, cluster)
);
