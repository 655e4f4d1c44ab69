-- zhucun schema version 18 (issue 14): the size of each county's pool per
-- year in the upward report tables, so the province reads the same 优秀
-- quota base as the prefecture (the cadres posted in the county's villages
-- at any time in the year; the cadre-month rows reach back only to the
-- tracking start). A count only, never who. Kept with the grade counts:
-- by every grade write (its county and year), and recomputed at each push
-- (store::upward_reports), for the years with grades and the current one.
CREATE TABLE upward_pool_size (
    county TEXT NOT NULL,
    year   INTEGER NOT NULL,
    cadres INTEGER NOT NULL CHECK (cadres >= 0),
    PRIMARY KEY (county, year)
) WITHOUT ROWID;

CREATE TABLE upward_shipped_upward_pool_size (
    county TEXT NOT NULL,
    year   INTEGER NOT NULL,
    cadres INTEGER NOT NULL,
    PRIMARY KEY (county, year)
) WITHOUT ROWID;

-- The next push fills it (with every report month).
DELETE FROM meta WHERE key = 'upward_reports_filled';
