-- The compact forms of sqlite/V11__comparison_digests.sql: facts by 64-bit id, digests as bytes.
CREATE TABLE access_fact (
    id              BIGINT  PRIMARY KEY,        -- first 8 bytes of SHA-256(object, key, description), signed
    object          TEXT COLLATE "C" NOT NULL,
    object_key      TEXT COLLATE "C" NOT NULL,
    description     TEXT COLLATE "C" NOT NULL,
    last_run        BIGINT  NOT NULL
);

CREATE TABLE run_access (
    run_id          BIGINT  NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT COLLATE "C" NOT NULL,
    fact_ids        BYTEA   NOT NULL,
    PRIMARY KEY (run_id, cluster)
);

CREATE TABLE run_finding_digest (
    run_id          BIGINT  NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    cluster         TEXT COLLATE "C" NOT NULL,
    digests         BYTEA   NOT NULL,
    PRIMARY KEY (run_id, cluster)
);
