-- Issue 16: access review campaigns. A campaign reviews the users and tokens of one completed run; reviewers'
-- decisions come back from the filled workbook (review import) with a trail of every import. Campaigns are
-- evidence: the history's retention never prunes them, so run_id is a plain number, not a foreign key.
CREATE TABLE review_campaign (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    run_id      INTEGER NOT NULL,
    due         TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    closed_at   TEXT,
    token       TEXT NOT NULL
);

-- One row a principal to review: what the reviewer was shown (facts, as JSON) and who was to review it.
CREATE TABLE review_row (
    campaign_id       INTEGER NOT NULL REFERENCES review_campaign (id) ON DELETE CASCADE,
    cluster           TEXT NOT NULL,
    principal         TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('user', 'token')),
    reviewer          TEXT,
    admin_equivalent  INTEGER NOT NULL CHECK (admin_equivalent IN (0, 1)),
    access_digest     TEXT NOT NULL,
    facts             TEXT NOT NULL,
    PRIMARY KEY (campaign_id, cluster, principal)
);

CREATE TABLE review_import (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id  INTEGER NOT NULL REFERENCES review_campaign (id) ON DELETE CASCADE,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    reviewers    TEXT NOT NULL
);

-- The decision in force per row; an import replaces its reviewers' earlier answers (the trail is review_import).
CREATE TABLE review_decision (
    campaign_id    INTEGER NOT NULL REFERENCES review_campaign (id) ON DELETE CASCADE,
    cluster        TEXT NOT NULL,
    principal      TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('keep', 'revoke', 'change')),
    justification  TEXT,
    reviewer       TEXT NOT NULL,
    decided_on     TEXT NOT NULL,
    import_id      INTEGER NOT NULL REFERENCES review_import (id),
    PRIMARY KEY (campaign_id, cluster, principal),
    FOREIGN KEY (campaign_id, cluster, principal) REFERENCES review_row (campaign_id, cluster, principal)
);
