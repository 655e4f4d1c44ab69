-- zhucun schema version 12 (training, 训): training sessions and who
-- attended them (issue 13). What is derived (hours in the year against the
-- target, kinds covered, the 未参训 list, new cadres still untrained) is
-- computed in domain::training and never stored. A session's days are
-- written into `attendance` (source 'training', ref = the session's id) in
-- the same transaction as the session or the mark that causes them.

CREATE TABLE training_session (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL CHECK (length(title) > 0),
    -- 理论 theory, 政策 policy, 实践经验 practice
    kind       TEXT NOT NULL CHECK ((kind = 'theory' OR kind = 'policy' OR kind = 'practice')),
    -- 州 prefecture, 县 county, 镇 township: the level of `division`
    level      TEXT NOT NULL CHECK ((level = 'prefecture' OR level = 'county' OR level = 'township')),
    -- the division that runs the session (its scope records the attendance)
    division   TEXT NOT NULL REFERENCES division(code),
    organiser  TEXT NOT NULL DEFAULT '',
    from_on    TEXT NOT NULL CHECK (from_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    to_on      TEXT NOT NULL CHECK (to_on >= from_on),
    -- 学时, whole hours
    hours      INTEGER NOT NULL CHECK (hours >= 0),
    venue      TEXT NOT NULL DEFAULT '',
    speakers   TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_session_from ON training_session(from_on, division);

-- 参训 attended, 请假 leave, 缺席 absent; hours credited (学时).
CREATE TABLE training_attendance (
    session   INTEGER NOT NULL REFERENCES training_session(id),
    cadre     INTEGER NOT NULL REFERENCES cadre(id),
    status    TEXT NOT NULL CHECK ((status = 'attended' OR status = 'leave' OR status = 'absent')),
    hours     INTEGER NOT NULL DEFAULT 0 CHECK (hours >= 0),
    marked_by TEXT NOT NULL,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (session, cadre)
) WITHOUT ROWID;
CREATE INDEX training_attendance_cadre ON training_attendance(cadre);

-- Grid cells (typed 在村 by the township, or imported) a session's 培训
-- day replaced; put back as they were when the session's days are removed
-- (the session edited, deleted, or the cadre's mark changed).
CREATE TABLE training_displaced (
    session INTEGER NOT NULL REFERENCES training_session(id),
    cadre   INTEGER NOT NULL REFERENCES cadre(id),
    day     TEXT NOT NULL,
    code    TEXT NOT NULL,
    source  TEXT NOT NULL,
    PRIMARY KEY (session, cadre, day)
) WITHOUT ROWID;
