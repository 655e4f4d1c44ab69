-- zhucun schema version 7 (cadres): dispatching units, cadres and postings
-- (issue 12, first slice).
--
-- team_member stays the table that holds postings: every row keeps its id,
-- so posting id = team_member id, and everything that reads or writes
-- team_member keeps working. Each posting now names its cadre (a person,
-- kept once) and may carry an end reason. The view `posting` reads them
-- under the new names.
--
-- A cadre is identified by name and dispatching unit. Existing rows get
-- their units and cadres here; rows written later get theirs after the
-- write (see below), and a changed name or unit relinks by the trigger.

CREATE TABLE dispatch_unit (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    -- 中央/省/市(州)/县/乡镇/部队/其他; NULL: not yet known
    level   TEXT CHECK (level IS NULL OR level = 'central' OR level = 'province'
                        OR level = 'prefecture' OR level = 'county' OR level = 'township'
                        OR level = 'army' OR level = 'other'),
    contact TEXT,
    -- 负总责的领导
    leader  TEXT
);

CREATE TABLE cadre (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    unit          INTEGER NOT NULL REFERENCES dispatch_unit(id),
    post          TEXT,
    -- 科级以上: 1 yes, 0 no, NULL not yet known
    section_level INTEGER CHECK (section_level IS NULL OR section_level = 0 OR section_level = 1),
    -- specialty tags separated by 、
    tags          TEXT NOT NULL DEFAULT '',
    -- 单位推荐 (unit) or 组织部门选派 (org); NULL not yet known
    selection     TEXT CHECK (selection IS NULL OR selection = 'unit' OR selection = 'org'),
    -- An account that belongs to this person (optional)
    account       TEXT UNIQUE,
    UNIQUE (name, unit)
);

ALTER TABLE team_member ADD COLUMN cadre INTEGER REFERENCES cadre(id);
ALTER TABLE team_member ADD COLUMN end_reason TEXT
    CHECK (end_reason IS NULL OR end_reason = 'rotation' OR end_reason = 'poor_performance'
           OR end_reason = 'health' OR end_reason = 'recalled' OR end_reason = 'other');

INSERT INTO dispatch_unit(name)
    SELECT unit FROM team_member GROUP BY unit ORDER BY min(id);
INSERT INTO cadre(name, unit)
    SELECT t.name, u.id FROM team_member t JOIN dispatch_unit u ON u.name = t.unit
    GROUP BY t.name, u.id ORDER BY min(t.id);
UPDATE team_member SET cadre = (
    SELECT c.id FROM cadre c JOIN dispatch_unit u ON u.id = c.unit
    WHERE c.name = team_member.name AND u.name = team_member.unit);
CREATE INDEX team_member_cadre ON team_member(cadre);

-- Rows written later without a cadre are linked by the program after each
-- write (store::postings::link_cadres, set-based: a 100,000-row import
-- links in a few statements); this index finds them.
CREATE INDEX team_member_unlinked ON team_member(id) WHERE cadre IS NULL;

CREATE TRIGGER team_member_relink AFTER UPDATE OF name, unit ON team_member
BEGIN
    INSERT OR IGNORE INTO dispatch_unit(name) VALUES (NEW.unit);
    INSERT OR IGNORE INTO cadre(name, unit)
        VALUES (NEW.name, (SELECT id FROM dispatch_unit WHERE name = NEW.unit));
    UPDATE team_member SET cadre = (
        SELECT c.id FROM cadre c JOIN dispatch_unit u ON u.id = c.unit
        WHERE c.name = NEW.name AND u.name = NEW.unit) WHERE id = NEW.id;
END;

CREATE VIEW posting AS
    SELECT id, cadre, village, role, start_on, end_on, end_reason FROM team_member;
