-- zhucun schema version 10 (allowances, 激): versioned rates, round trips and
-- insurance policies (issue 13). The 驻村补助发放表 is computed from these and
-- the attendance grid (domain::allowance) and never stored.

-- A rate from a date onward, until the next version of the same kind.
-- Money in fen (6000 = 60 yuan). A version is never changed or removed: a
-- correction is a new version, and one dated before today needs a reason.
CREATE TABLE rate (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind = 'living_per_day' OR kind = 'trips_per_month'
                                        OR kind = 'insurance_cover'),
    effective_from TEXT NOT NULL,
    value          INTEGER NOT NULL CHECK (value >= 0),
    set_by         TEXT NOT NULL,
    set_at         TEXT NOT NULL,
    -- why a version starts before the day it was set (empty otherwise)
    reason         TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, effective_from)
);
INSERT INTO rate(kind, effective_from, value, set_by, set_at) VALUES
    ('living_per_day', '2000-01-01', 6000, 'zhucun', '2000-01-01T00:00:00+08:00'),
    ('trips_per_month', '2000-01-01', 2, 'zhucun', '2000-01-01T00:00:00+08:00'),
    ('insurance_cover', '2000-01-01', 100000000, 'zhucun', '2000-01-01T00:00:00+08:00');

-- A round trip home a cadre claims (date, route, amount in fen).
CREATE TABLE trip (
    id          INTEGER PRIMARY KEY,
    cadre       INTEGER NOT NULL REFERENCES cadre(id),
    on_date     TEXT NOT NULL,
    route       TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX trip_cadre ON trip(cadre, on_date);

-- 人身意外伤害保险: policy number, insurer, cover in fen, start and end.
CREATE TABLE insurance_policy (
    id          INTEGER PRIMARY KEY,
    cadre       INTEGER NOT NULL REFERENCES cadre(id),
    policy_no   TEXT NOT NULL,
    insurer     TEXT NOT NULL,
    cover       INTEGER NOT NULL CHECK (cover >= 0),
    start_on    TEXT NOT NULL,
    end_on      TEXT NOT NULL CHECK (end_on >= start_on),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX insurance_policy_cadre ON insurance_policy(cadre, end_on);

-- A unit's cadres (the statement of one unit starts from them).
CREATE INDEX cadre_unit ON cadre(unit);
