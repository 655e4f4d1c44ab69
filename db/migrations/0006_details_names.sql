-- zhucun schema version 6: people's names for accounts, so 记录人 shows
-- 张伟 instead of the login zhangw wherever a record is shown or exported.
--
-- Kept apart from app_user: an account whose access was taken away, or one
-- that only ever appears in loaded records (a demo team's), still has its
-- records shown by name. Set with `zhucun user add|set ACCOUNT --name NAME`.

CREATE TABLE account_name (
    account TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL CHECK (length(name) >= 1 AND length(name) <= 40),
    set_by  TEXT NOT NULL,
    set_at  TEXT NOT NULL
) WITHOUT ROWID;
