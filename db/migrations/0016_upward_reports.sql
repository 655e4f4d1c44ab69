-- zhucun schema version 16 (upward reports, issue 14): the report tables a
-- prefecture sends to its province besides `division` and `rollup`
-- (docs/upward.md). They are figures only, kept in the same transaction as
-- the writes they summarise by store::upward_reports::refresh_upward_month
-- (team writes, attendance writes) and at each push for the month in
-- progress. No name of a person, no note, no reason of a leave: a cadre is
-- the code `<prefecture code>-<cadre id>`, which names nobody.
--
-- Extension point: grades (年度考核) and training hours (培训) get their own
-- tables of this shape (village or division code first in the primary key,
-- figures only) with a kept copy `upward_shipped_NAME`, once their source
-- tables exist; see REPORT_TABLES in src/store/upward.rs.

-- Per village and month: the team's 1+2+N counts as of the month's last day
-- (domain::posting::team_check), its shortfalls (keys, comma separated),
-- the longest open handover gap in days and the postings due for rotation.
CREATE TABLE upward_team_month (
    village           TEXT NOT NULL,
    month             TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    first_secretaries INTEGER NOT NULL DEFAULT 0,
    residents         INTEGER NOT NULL DEFAULT 0,
    sent_down         INTEGER NOT NULL DEFAULT 0,
    shortfalls        TEXT NOT NULL DEFAULT '',
    gap_days          INTEGER NOT NULL DEFAULT 0,
    rotation_due      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (village, month)
) WITHOUT ROWID;

-- Per village, month and cadre posted there in the month: the days in the
-- village and the leave days of the month within the posting
-- (domain::attendance::days_in_village, leave_days), and the days with a
-- code at all (so an unfilled grid is told from a month away).
CREATE TABLE upward_cadre_month (
    village         TEXT NOT NULL,
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    cadre_code      TEXT NOT NULL,
    role            TEXT NOT NULL,
    days_in_village INTEGER NOT NULL DEFAULT 0,
    leave_days      INTEGER NOT NULL DEFAULT 0,
    days_recorded   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (village, month, cadre_code)
) WITHOUT ROWID;

-- What was last shipped of each (see 0007_upward.sql).
CREATE TABLE upward_shipped_upward_team_month (
    village           TEXT NOT NULL,
    month             TEXT NOT NULL,
    first_secretaries INTEGER NOT NULL DEFAULT 0,
    residents         INTEGER NOT NULL DEFAULT 0,
    sent_down         INTEGER NOT NULL DEFAULT 0,
    shortfalls        TEXT NOT NULL DEFAULT '',
    gap_days          INTEGER NOT NULL DEFAULT 0,
    rotation_due      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (village, month)
) WITHOUT ROWID;

CREATE TABLE upward_shipped_upward_cadre_month (
    village         TEXT NOT NULL,
    month           TEXT NOT NULL,
    cadre_code      TEXT NOT NULL,
    role            TEXT NOT NULL,
    days_in_village INTEGER NOT NULL DEFAULT 0,
    leave_days      INTEGER NOT NULL DEFAULT 0,
    days_recorded   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (village, month, cadre_code)
) WITHOUT ROWID;
