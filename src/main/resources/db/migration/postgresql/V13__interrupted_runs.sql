-- The statuses of a run, checked by the database itself (SQLite does it with triggers, sqlite/V13).
ALTER TABLE audit_run ADD CONSTRAINT audit_run_status
    CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'ABANDONED', 'INTERRUPTED'));
