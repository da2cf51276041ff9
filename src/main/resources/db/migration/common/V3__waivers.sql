-- Who or what a finding concerns (for waiver matching), and the waivers in force for each run.
ALTER TABLE finding ADD COLUMN principal TEXT;
ALTER TABLE finding ADD COLUMN waiver INTEGER;   -- position in run_waiver of the waiver covering it

CREATE TABLE run_waiver (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    rule_id         TEXT    NOT NULL,
    cluster         TEXT,
    principal       TEXT,
    path            TEXT,
    subject         TEXT,
    reason          TEXT    NOT NULL,
    owner           TEXT    NOT NULL,
    expires         TEXT    NOT NULL,
    ticket          TEXT,
    source          TEXT    NOT NULL,
    PRIMARY KEY (run_id, position)
);
