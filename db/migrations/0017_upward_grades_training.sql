-- zhucun schema version 17 (issue 14): grades and training hours in the
-- upward report tables. Figures only, as 0016: the counts of each grade of
-- a county's pool and year (never who), and each cadre-month row's training
-- hours (under the cadre's code, never a name). Kept in the same
-- transaction as the writes they summarise (store::upward_reports: grades
-- by every grade write, hours by every training write through the cadre's
-- months), and recomputed at each push.

-- Hours credited at sessions attended whose first day falls in the month,
-- counted on the row of the posting in force that day (a cadre posted in
-- two villages in one month is counted once).
ALTER TABLE upward_cadre_month ADD COLUMN training_hours INTEGER NOT NULL DEFAULT 0;
ALTER TABLE upward_shipped_upward_cadre_month ADD COLUMN training_hours INTEGER NOT NULL DEFAULT 0;

-- Per county (the pool of the county's cadres), year and grade: how many
-- cadres have it. Pools of a dispatching unit have no division code and
-- stay at the prefecture.
CREATE TABLE upward_grade_count (
    county TEXT NOT NULL,
    year   INTEGER NOT NULL,
    grade  TEXT NOT NULL CHECK ((grade = 'excellent' OR grade = 'competent' OR grade = 'basic' OR grade = 'incompetent')),
    cadres INTEGER NOT NULL CHECK (cadres > 0),
    PRIMARY KEY (county, year, grade)
) WITHOUT ROWID;

CREATE TABLE upward_shipped_upward_grade_count (
    county TEXT NOT NULL,
    year   INTEGER NOT NULL,
    grade  TEXT NOT NULL,
    cadres INTEGER NOT NULL,
    PRIMARY KEY (county, year, grade)
) WITHOUT ROWID;

-- Existing rows lack the hours and the counts: the next push recomputes
-- every report month (store::upward, refresh_before_push).
DELETE FROM meta WHERE key = 'upward_reports_filled';
