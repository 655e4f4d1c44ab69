-- zhucun schema version 11 (assessment, 年度考核): each cadre's grade of a
-- year and the commendations a cadre received (issue 13). The 优秀 quota,
-- the recalled rule and the attendance suggestion are rules in
-- domain::assessment; nothing derived is stored here.

-- One grade per cadre and year, entered by the assessing body for its pool
-- (a county's cadres, or a dispatching unit's). The pool is stored with the
-- grade so the quota counts what that body graded; version makes a
-- colleague's change meanwhile a conflict, not a loss.
CREATE TABLE assessment (
    id          INTEGER PRIMARY KEY,
    cadre       INTEGER NOT NULL REFERENCES cadre(id),
    year        INTEGER NOT NULL CHECK (year >= 2000 AND year <= 2100),
    -- 优秀 excellent, 称职 competent, 基本称职 basic, 不称职 incompetent
    grade       TEXT NOT NULL CHECK ((grade = 'excellent' OR grade = 'competent' OR grade = 'basic' OR grade = 'incompetent')),
    -- 考核单位, as written on the sheet
    body        TEXT NOT NULL,
    -- county: pool_key is the county's division code; unit: the
    -- dispatch_unit id
    pool_kind   TEXT NOT NULL CHECK ((pool_kind = 'county' OR pool_kind = 'unit')),
    pool_key    TEXT NOT NULL,
    assessed_on TEXT NOT NULL CHECK (assessed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- 依据: a note on the basis
    basis       TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    set_by      TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    UNIQUE (cadre, year)
);
CREATE INDEX assessment_pool ON assessment(year, pool_kind, pool_key, grade);

-- 表彰: a commendation at 州级 (prefecture) or above puts the cadre on the
-- list of those due a 专项培养方案 (domain::assessment).
CREATE TABLE commendation (
    id          INTEGER PRIMARY KEY,
    cadre       INTEGER NOT NULL REFERENCES cadre(id),
    level       TEXT NOT NULL CHECK ((level = 'national' OR level = 'province' OR level = 'prefecture' OR level = 'county' OR level = 'township')),
    title       TEXT NOT NULL,
    on_date     TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    doc_no      TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX commendation_cadre ON commendation(cadre, on_date);
