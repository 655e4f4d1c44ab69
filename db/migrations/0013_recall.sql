-- zhucun schema version 13 (recall): the optional summary line of a
-- cadre's 工作纪实 for a month. The rest of a work record (the month's
-- completion notes and attendance) is assembled from what is already
-- stored, never copied here.
CREATE TABLE work_record_summary (
    cadre    INTEGER NOT NULL REFERENCES cadre(id),
    month    TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    text     TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    version  INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (cadre, month)
) WITHOUT ROWID;

-- The ledger finds a case's replacement posting, and a cadre's cases.
CREATE INDEX recall_case_cadre ON recall_case(cadre, opened_on);
