-- zhucun schema version 2: accounts with a role and a scope, and drafts of
-- notes that were being typed when a session ended.

-- scope NULL: the whole database (administrators).
CREATE TABLE app_user (
    account  TEXT PRIMARY KEY,
    role     TEXT NOT NULL CHECK (role IN ('admin', 'county', 'township', 'team', 'viewer')),
    scope    TEXT REFERENCES division(code),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE draft (
    account  TEXT NOT NULL,
    village  TEXT NOT NULL,
    task     INTEGER NOT NULL,
    period   TEXT NOT NULL,
    note     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (account, village, task, period)
) WITHOUT ROWID;
