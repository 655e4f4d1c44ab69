-- zhucun schema version 4: installation settings an administrator changes
-- with `zhucun settings`.
--
--   time_zone       the installation's one time zone (IANA name): every
--                   "today", period boundary, due date and shown time
--                   follows it, whatever TZ a user's shell has.
--   tracking_start  the first day tracked: nothing in a period that ended
--                   before it is due, overdue or counted in a trend.
--
-- A new database gets the first day of its `init` month (written by init).
-- An existing database being upgraded gets the first day of the earliest
-- month with any monthly record, else the first day of the month it was
-- created in, else the first day of the current month: what it already
-- tracks stays visible, and nothing before it turns overdue.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO setting(key, value) VALUES ('time_zone', 'Asia/Shanghai');

INSERT INTO setting(key, value) VALUES ('tracking_start', coalesce(
    (SELECT min(period) || '-01' FROM completion
      WHERE length(period) = 7 AND substr(period, 5, 1) = '-'),
    (SELECT substr(value, 1, 7) || '-01' FROM meta
      WHERE key = 'created_at' AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'),
    date('now', 'start of month')
));
