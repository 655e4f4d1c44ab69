-- zhucun schema version 19 (issue 14): each county's training in a year, and
-- the quota percentage beside each pool size, in
-- the upward report tables, so the province reads the prefecture's figure
-- (domain::training::CountyTraining) instead of re-deriving it from the
-- cadre-month rows, which reach back only to the tracking start and carry
-- no mark. Counts only, never who: the cadres posted in the county's
-- villages at any time in the year, the hours credited to them at the
-- year's sessions, how many reach the target (the prefecture's setting,
-- kept beside them) and how many attended no session (未参训).
-- Kept by every training write (the years of the session's dates) in its
-- transaction, and recomputed at each push, for the years with sessions
-- and those of the report months (store::upward_reports).
CREATE TABLE upward_training_count (
    county    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    cadres    INTEGER NOT NULL CHECK (cadres >= 0),
    hours     INTEGER NOT NULL CHECK (hours >= 0),
    reached   INTEGER NOT NULL CHECK (reached >= 0 AND reached <= cadres),
    untrained INTEGER NOT NULL CHECK (untrained >= 0 AND untrained <= cadres),
    target    INTEGER NOT NULL CHECK (target >= 0),
    PRIMARY KEY (county, year)
) WITHOUT ROWID;

CREATE TABLE upward_shipped_upward_training_count (
    county    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    cadres    INTEGER NOT NULL,
    hours     INTEGER NOT NULL,
    reached   INTEGER NOT NULL,
    untrained INTEGER NOT NULL,
    target    INTEGER NOT NULL,
    PRIMARY KEY (county, year)
) WITHOUT ROWID;

-- The 优秀 quota percentage each pool size was read with (the prefecture's
-- excellent_quota_pct setting), so the province shows the prefecture's
-- quota, not one from its own setting. NULL on rows pushed before.
ALTER TABLE upward_pool_size ADD COLUMN quota_pct INTEGER CHECK (quota_pct IS NULL OR (quota_pct >= 1 AND quota_pct <= 100));
ALTER TABLE upward_shipped_upward_pool_size ADD COLUMN quota_pct INTEGER;

-- The next push fills them.
DELETE FROM meta WHERE key = 'upward_reports_filled';
