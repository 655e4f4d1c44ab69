-- zhucun schema version 7 (upward): the prefecture's report tables go to the
-- province as SQLite session-extension changesets (`zhucun upward export`,
-- `zhucun upward apply`, docs/upward.md).
--
-- The report tables are the existing `division` and `rollup` rows at and
-- below the prefecture: they are already kept in the same transaction as the
-- writes they summarise, and they hold no notes and no names of people.
-- Tables added later (teams, attendance, grades) follow the same shape: a
-- primary key, no personal text, and a kept copy here.
--
-- What was last shipped, row for row, so the next batch is the session
-- extension's diff of the current rows against this copy (a session that only
-- recorded while one process ran would miss every other process's writes).
-- Same columns in the same order as the table it copies: a migration that
-- changes `division` or `rollup` changes its copy too.
CREATE TABLE upward_shipped_division (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    level        INTEGER NOT NULL,
    parent       TEXT,
    types        TEXT NOT NULL DEFAULT '',
    initials     TEXT NOT NULL DEFAULT '',
    villages     INTEGER NOT NULL DEFAULT 0,
    abolished_on TEXT,
    pinyin       TEXT NOT NULL DEFAULT '',
    pinyin_key   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE upward_shipped_rollup (
    code   TEXT NOT NULL,
    period TEXT NOT NULL,
    done   INTEGER NOT NULL DEFAULT 0,
    doing  INTEGER NOT NULL DEFAULT 0,
    na     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (code, period)
) WITHOUT ROWID;

-- The batch ledger: every batch a prefecture sent and every batch a province
-- applied, by prefecture and sequence number (1, 2, ... without gaps).
CREATE TABLE upward_batch (
    direction  TEXT NOT NULL CHECK (direction = 'sent' OR direction = 'applied'),
    prefecture TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    sha256     TEXT NOT NULL,
    changes    INTEGER NOT NULL,
    bytes      INTEGER NOT NULL,
    at         TEXT NOT NULL,
    account    TEXT NOT NULL,
    PRIMARY KEY (direction, prefecture, seq)
) WITHOUT ROWID;
