-- zhucun schema version 14 (units): each dispatching unit's responsibility
-- list per village and year (四个捆绑: the responsibilities, the projects,
-- the funds planned and delivered) and its help plan (issue 12). The people
-- are never stored here: they come from the postings. Money is integer fen.

CREATE TABLE unit_bundle (
    id              INTEGER PRIMARY KEY,
    unit            INTEGER NOT NULL REFERENCES dispatch_unit(id),
    village         TEXT NOT NULL REFERENCES division(code),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- the responsibility items, one per line
    duties          TEXT NOT NULL DEFAULT '',
    -- 计划/到位资金, in fen
    funds_planned   INTEGER NOT NULL DEFAULT 0 CHECK (funds_planned >= 0),
    funds_delivered INTEGER NOT NULL DEFAULT 0 CHECK (funds_delivered >= 0),
    saved_by        TEXT NOT NULL,
    saved_at        TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (unit, village, year)
);
CREATE INDEX unit_bundle_village ON unit_bundle(village, year);

-- The projects of a bundle, in the order they were entered.
CREATE TABLE bundle_project (
    bundle INTEGER NOT NULL REFERENCES unit_bundle(id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL CHECK (seq >= 1),
    name   TEXT NOT NULL,
    -- in fen
    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
    -- planned 计划, underway 实施中, done 已完成, dropped 已取消
    status TEXT NOT NULL CHECK ((status = 'planned' OR status = 'underway' OR status = 'done' OR status = 'dropped')),
    PRIMARY KEY (bundle, seq)
) WITHOUT ROWID;

-- 帮扶计划: one per unit, village and year. Its progress is read from the
-- linked duty tasks' records in the checklist, never typed.
CREATE TABLE help_plan (
    id          INTEGER PRIMARY KEY,
    unit        INTEGER NOT NULL REFERENCES dispatch_unit(id),
    village     TEXT NOT NULL REFERENCES division(code),
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    goals       TEXT NOT NULL DEFAULT '',
    -- in fen
    budget      INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),
    -- linked duty task numbers, comma-separated (as guidance.tasks)
    tasks       TEXT NOT NULL DEFAULT '',
    -- NULL: not yet approved
    approved_on TEXT CHECK (approved_on IS NULL OR approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    saved_by    TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (unit, village, year)
);
CREATE INDEX help_plan_village ON help_plan(village, year);
