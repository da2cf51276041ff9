-- Issue 12: a run whose process is stopped (SIGTERM from systemctl stop or kill, Ctrl-C) is marked INTERRUPTED
-- by that process as it stops, and can be restarted like a FAILED or ABANDONED one (docs/history.md).
-- The statuses of a run are now checked by the database itself, so no writer can leave one that no reader
-- knows (a restart, the retention and "the previous completed run" all decide by status).
CREATE TRIGGER audit_run_status_insert BEFORE INSERT ON audit_run
WHEN NEW.status NOT IN ('RUNNING', 'COMPLETED', 'FAILED', 'ABANDONED', 'INTERRUPTED')
BEGIN
    SELECT RAISE(ABORT, 'audit_run.status must be RUNNING, COMPLETED, FAILED, ABANDONED or INTERRUPTED');
END;

CREATE TRIGGER audit_run_status_update BEFORE UPDATE OF status ON audit_run
WHEN NEW.status NOT IN ('RUNNING', 'COMPLETED', 'FAILED', 'ABANDONED', 'INTERRUPTED')
BEGIN
    SELECT RAISE(ABORT, 'audit_run.status must be RUNNING, COMPLETED, FAILED, ABANDONED or INTERRUPTED');
END;
