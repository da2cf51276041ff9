-- E-mail notification of each run (pve-audit notify): whether it was sent, skipped by the send
-- policy, or failed after retries. The error text never contains the SMTP password.
CREATE TABLE run_mail (
    run_id          INTEGER NOT NULL REFERENCES audit_run(id) ON DELETE CASCADE,
    attempted_at    TEXT    NOT NULL,
    status          TEXT    NOT NULL,           -- SENT, SKIPPED, FAILED
    policy          TEXT    NOT NULL,           -- always, on-findings, on-new-findings, on-failure, never
    subject         TEXT,
    recipients      TEXT,                       -- comma-separated To and Cc addresses
    attempts        INTEGER NOT NULL DEFAULT 0,
    attachments     TEXT,                       -- file names attached
    error           TEXT,
    PRIMARY KEY (run_id)
);
