-- zhucun schema version 15 (issue 15, item 5): large imports written in
-- bounded batches, all or nothing for readers.
--
-- A large teams import writes its new postings in many short transactions
-- (each at most a few thousand rows, so other writers get the lock in
-- between), every row marked with the import's batch. A batch is invisible
-- until its one final transaction sets its state to 'visible' (a one-row
-- update, whatever the import's size). Every query that reads postings
-- leaves out the rows of batches that are not visible
-- (store::batches::VISIBLE, and the view `posting` below). A batch whose
-- process is gone (killed, crashed) is 'abandoned': its rows are deleted,
-- a few thousand per transaction, at the next open or import, or by
-- `zhucun doctor`.
--
-- Rows written outside a batched import (NULL batch) are visible as before.

CREATE TABLE import_batch (
    id           INTEGER PRIMARY KEY,
    -- what is imported (teams)
    kind         TEXT NOT NULL,
    -- the file's name, as in the import's audit row
    label        TEXT NOT NULL,
    account      TEXT NOT NULL,
    -- the writing process, to tell a running import from a dead one
    pid          INTEGER NOT NULL,
    -- its start time (field 22 of /proc/PID/stat): a reused pid is not it
    proc_start   INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    -- unix milliseconds of the last batch written (a stopped importer
    -- left for long is abandoned too)
    touched_ms   INTEGER NOT NULL,
    -- the first team_member, cadre and dispatch_unit ids the import may
    -- have written: leftovers are looked for from there on
    first_member INTEGER NOT NULL,
    first_cadre  INTEGER NOT NULL,
    first_unit   INTEGER NOT NULL,
    rows         INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL
                 CHECK (state = 'writing' OR state = 'visible' OR state = 'abandoned'),
    ended_at     TEXT
);
CREATE INDEX import_batch_open ON import_batch(state) WHERE state <> 'visible';

ALTER TABLE team_member ADD COLUMN batch INTEGER;

DROP VIEW posting;
CREATE VIEW posting AS
    SELECT id, cadre, village, role, start_on, end_on, end_reason FROM team_member
    WHERE batch IS NULL OR batch NOT IN (SELECT id FROM import_batch WHERE state <> 'visible');

-- Every posting row a reader may see: what the screens, reports and exports
-- of the management and incentive work read (never `team_member` itself),
-- so a large import being written shows all at once or not at all there too.
CREATE VIEW team_member_visible AS
    SELECT * FROM team_member
    WHERE batch IS NULL OR batch NOT IN (SELECT id FROM import_batch WHERE state <> 'visible');
