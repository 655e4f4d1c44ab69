-- zhucun schema version 3: the value checks of completion.status,
-- team_member.role and app_user.role written as comparisons joined by OR
-- instead of `x IN (...)`.
--
-- SQLite codes an IN list of three or more values inside a CHECK constraint
-- by building a temporary index each time it checks a row: for every row
-- written, and for every row `PRAGMA quick_check` reads. Measured on the demo
-- prefecture with the sqlite3 shell: quick_check took 0.23-0.42 s before and
-- 0.08-0.12 s after; inserting 100,000 team members took 0.17-0.30 s of CPU
-- before and 0.10 s after.
--
-- A constraint cannot be changed in place, so the three tables are rebuilt
-- with the same rows (and team member ids). This runs once, when a version 2
-- database is first opened: about a second for a prefecture; a database the
-- size of the whole country needs minutes and free disk for a second copy
-- of its completion table. Nothing refers to these tables by foreign key,
-- and no view or trigger names them.

CREATE TABLE completion_v3 (
    village           TEXT NOT NULL REFERENCES division(code),
    task              INTEGER NOT NULL CHECK (task >= 1),
    period            TEXT NOT NULL,
    status            TEXT NOT NULL
                      CHECK (status = 'todo' OR status = 'doing' OR status = 'done' OR status = 'na'),
    note              TEXT NOT NULL DEFAULT '',
    done_on           TEXT,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    version           INTEGER NOT NULL CHECK (version >= 1),
    catalogue_version INTEGER NOT NULL REFERENCES catalogue(version),
    PRIMARY KEY (village, task, period)
) WITHOUT ROWID;
INSERT INTO completion_v3(village, task, period, status, note, done_on, recorded_by,
                          recorded_at, version, catalogue_version)
    SELECT village, task, period, status, note, done_on, recorded_by,
           recorded_at, version, catalogue_version
    FROM completion ORDER BY village, task, period;
DROP TABLE completion;
ALTER TABLE completion_v3 RENAME TO completion;

CREATE TABLE team_member_v3 (
    id       INTEGER PRIMARY KEY,
    village  TEXT NOT NULL REFERENCES division(code),
    name     TEXT NOT NULL,
    role     TEXT NOT NULL
             CHECK (role = 'first_secretary' OR role = 'resident' OR role = 'sent_down'),
    unit     TEXT NOT NULL,
    start_on TEXT NOT NULL,
    end_on   TEXT
);
INSERT INTO team_member_v3(id, village, name, role, unit, start_on, end_on)
    SELECT id, village, name, role, unit, start_on, end_on FROM team_member ORDER BY id;
DROP TABLE team_member;
ALTER TABLE team_member_v3 RENAME TO team_member;
CREATE INDEX team_member_village ON team_member(village);

CREATE TABLE app_user_v3 (
    account  TEXT PRIMARY KEY,
    role     TEXT NOT NULL
             CHECK (role = 'admin' OR role = 'county' OR role = 'township' OR role = 'team' OR role = 'viewer'),
    scope    TEXT REFERENCES division(code),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO app_user_v3(account, role, scope, added_by, added_at)
    SELECT account, role, scope, added_by, added_at FROM app_user ORDER BY account;
DROP TABLE app_user;
ALTER TABLE app_user_v3 RENAME TO app_user;
