-- zhucun schema version 9 (management, 管): the attendance grid, leave,
-- incidents and recall cases (issue 12). The tables only hold what people
-- enter; everything derived (days in the village, the < 20 warning, leave
-- routing, overrun, recall leads) is computed in domain::attendance and
-- domain::recall and never stored twice.

-- One code per cadre and day (考勤). Entered once a month per team by the
-- township as a grid, or imported from its sheet; approved leave and
-- training sessions write their days here too (source/ref say which one,
-- so changing the leave or the session changes exactly its own days).
CREATE TABLE attendance (
    cadre  INTEGER NOT NULL REFERENCES cadre(id),
    day    TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- 在村 present, 公务外出报备 duty_out, 培训 training, 事假 personal_leave,
    -- 病假 sick_leave, 轮休 rest, 未在岗 absent
    code   TEXT NOT NULL CHECK ((code = 'present' OR code = 'duty_out' OR code = 'training' OR code = 'personal_leave' OR code = 'sick_leave' OR code = 'rest' OR code = 'absent')),
    -- grid (typed in the grid), import, leave (ref = leave_request.id),
    -- training (ref = the training session's id)
    source TEXT NOT NULL DEFAULT 'grid' CHECK ((source = 'grid' OR source = 'import' OR source = 'leave' OR source = 'training')),
    ref    INTEGER,
    PRIMARY KEY (cadre, day)
) WITHOUT ROWID;
CREATE INDEX attendance_day ON attendance(day);
CREATE INDEX attendance_ref ON attendance(source, ref) WHERE ref IS NOT NULL;

-- A team's month as saved (one audited write per village and month); its
-- version makes a colleague's save meanwhile a conflict, not a loss.
CREATE TABLE attendance_month (
    village  TEXT NOT NULL REFERENCES division(code),
    month    TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    -- set when the month is closed (the < 20 check and its leads run then)
    closed_at TEXT,
    PRIMARY KEY (village, month)
) WITHOUT ROWID;

-- 请假/销假. Who approves follows from the length (domain::attendance
-- ::approver_for, threshold a setting); it is stored when the request is
-- made so a later change of the setting does not move a pending request.
CREATE TABLE leave_request (
    id           INTEGER PRIMARY KEY,
    cadre        INTEGER NOT NULL REFERENCES cadre(id),
    posting      INTEGER REFERENCES team_member(id),
    -- personal_leave 事假, sick_leave 病假, rest 轮休
    kind         TEXT NOT NULL CHECK ((kind = 'personal_leave' OR kind = 'sick_leave' OR kind = 'rest')),
    from_on      TEXT NOT NULL,
    to_on        TEXT NOT NULL CHECK (to_on >= from_on),
    -- free text for 事假/轮休; for 病假 only a code is kept, never a detail
    reason       TEXT NOT NULL DEFAULT '',
    approver     TEXT NOT NULL CHECK ((approver = 'township' OR approver = 'county')),
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK ((state = 'pending' OR state = 'approved' OR state = 'refused' OR state = 'withdrawn')),
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by   TEXT,
    decided_at   TEXT,
    refusal      TEXT,
    -- 销假: the day the cadre came back
    back_on      TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX leave_request_cadre ON leave_request(cadre, from_on);
CREATE INDEX leave_request_pending ON leave_request(state) WHERE state = 'pending';

-- Facts people record (四个一律); never inferred from use of the program.
CREATE TABLE incident (
    id          INTEGER PRIMARY KEY,
    cadre       INTEGER NOT NULL REFERENCES cadre(id),
    posting     INTEGER REFERENCES team_member(id),
    -- not_detached 未脱钩原单位, disobedient 不服从当地党委管理,
    -- poor_performance 作用发挥不好, absent 无故不在岗
    kind        TEXT NOT NULL CHECK ((kind = 'not_detached' OR kind = 'disobedient' OR kind = 'poor_performance' OR kind = 'absent')),
    on_date     TEXT NOT NULL,
    -- inspection 督查, public 群众反映, township 乡镇, other 其他
    source      TEXT NOT NULL CHECK ((source = 'inspection' OR source = 'public' OR source = 'township' OR source = 'other')),
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX incident_cadre ON incident(cadre, on_date);

-- 召回台账: 线索 lead → 核实 verifying → 决定 decided (document number) →
-- 通知派出单位 notified → 离村 left (ends the posting) → 补派 replaced (a new
-- posting) → 结案 closed; or 约谈 talk instead of a recall.
CREATE TABLE recall_case (
    id          INTEGER PRIMARY KEY,
    cadre       INTEGER NOT NULL REFERENCES cadre(id),
    posting     INTEGER REFERENCES team_member(id),
    -- what opened it: a person (manual), an incident, a month under 20 days
    -- (low_days, origin_ref = 'YYYY-MM'), a year over 30 leave days
    -- (leave_over_30, origin_ref = 'YYYY')
    origin      TEXT NOT NULL CHECK ((origin = 'manual' OR origin = 'incident' OR origin = 'low_days' OR origin = 'leave_over_30')),
    origin_ref  TEXT,
    opened_on   TEXT NOT NULL,
    stage       TEXT NOT NULL DEFAULT 'lead'
                CHECK ((stage = 'lead' OR stage = 'verifying' OR stage = 'decided' OR stage = 'notified' OR stage = 'left' OR stage = 'replaced' OR stage = 'closed' OR stage = 'talk' OR stage = 'dropped')),
    doc_no      TEXT,
    decided_on  TEXT,
    notified_on TEXT,
    left_on     TEXT,
    -- the new posting that replaces the recalled cadre
    replacement INTEGER REFERENCES team_member(id),
    closed_on   TEXT,
    note        TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    -- an automatic lead opens once per cadre and month (or year)
    UNIQUE (cadre, origin, origin_ref)
);
CREATE INDEX recall_case_stage ON recall_case(stage);
