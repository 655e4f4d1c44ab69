-- zhucun schema version 1: divisions, catalogue, completion, rollups, audit,
-- teams and guidance. Every text value is bound as a parameter by the program.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Province, prefecture, county, township and village rows, keyed by the
-- statistical division code. Abolished divisions keep their row and get an end date.
CREATE TABLE division (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    level        INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    parent       TEXT REFERENCES division(code),
    types        TEXT NOT NULL DEFAULT '',
    initials     TEXT NOT NULL DEFAULT '',   -- pinyin initials, for search
    villages     INTEGER NOT NULL DEFAULT 0, -- active villages at or below this division
    abolished_on TEXT
) WITHOUT ROWID;
CREATE INDEX division_parent ON division(parent, code);

-- Each version of the duty catalogue, as the TOML text it was loaded from.
CREATE TABLE catalogue (
    version   INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    effective TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    source    TEXT NOT NULL
);

-- One row per village, task and period that somebody recorded. Overdue is
-- derived from the period and the day, never stored.
CREATE TABLE completion (
    village           TEXT NOT NULL REFERENCES division(code),
    task              INTEGER NOT NULL CHECK (task >= 1),
    period            TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done', 'na')),
    note              TEXT NOT NULL DEFAULT '',
    done_on           TEXT,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    version           INTEGER NOT NULL CHECK (version >= 1),
    catalogue_version INTEGER NOT NULL REFERENCES catalogue(version),
    PRIMARY KEY (village, task, period)
) WITHOUT ROWID;

-- Counts per division (every level) and task period, kept in the same
-- transaction as each completion write, so a rollup never scans completion.
CREATE TABLE rollup (
    code   TEXT NOT NULL,
    period TEXT NOT NULL,
    done   INTEGER NOT NULL DEFAULT 0,
    doing  INTEGER NOT NULL DEFAULT 0,
    na     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (code, period)
) WITHOUT ROWID;

-- Append-only audit trail; each row's hash chains to the previous row's.
CREATE TABLE audit (
    seq     INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    account TEXT NOT NULL,
    action  TEXT NOT NULL,
    record  TEXT NOT NULL,
    old     TEXT,
    new     TEXT,
    outcome TEXT NOT NULL,
    hash    TEXT NOT NULL
);
CREATE INDEX audit_record ON audit(record, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;

-- "1+2+N" team members of each village.
CREATE TABLE team_member (
    id       INTEGER PRIMARY KEY,
    village  TEXT NOT NULL REFERENCES division(code),
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('first_secretary', 'resident', 'sent_down')),
    unit     TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on   TEXT
);
CREATE INDEX team_member_village ON team_member(village);

-- Quarterly guidance points (period 2026Q4) and monthly prompts (period 2026-11).
CREATE TABLE guidance (
    id         INTEGER PRIMARY KEY,
    period     TEXT NOT NULL,
    scope      TEXT NOT NULL REFERENCES division(code),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tasks      TEXT NOT NULL DEFAULT '',
    issued_by  TEXT NOT NULL,
    issued_at  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
);
CREATE INDEX guidance_period ON guidance(period);
