//! A database made by every older schema version upgrades without losing rows.

use crate::common;
use common::*;
use zhucun::store::{SCHEMA_VERSION, Store, StoreError, migrate_to};

fn tables(c: &rusqlite::Connection) -> Vec<String> {
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn counts(c: &rusqlite::Connection) -> Vec<(String, i64)> {
    tables(c)
        .into_iter()
        .map(|t| {
            let n = c
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Build a database at schema `version` holding the fixture rows of every
/// version up to it.
fn build(dir: &std::path::Path, version: i64) -> std::path::PathBuf {
    let path = dir.join(format!("v{version}.db"));
    let mut c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    migrate_to(&mut c, &path, version).unwrap();
    c.execute(
        "INSERT INTO catalogue(version, name, effective, loaded_at, source) VALUES (1, 'v1', '2021-06-01', '2026-01-05', ?1)",
        [zhucun::domain::catalogue::BUILTIN_V1],
    )
    .unwrap();
    for v in 1..=version {
        let f = format!(
            "{}/tests/fixtures/schema/v{v}.sql",
            env!("CARGO_MANIFEST_DIR")
        );
        let sql = std::fs::read_to_string(&f)
            .unwrap_or_else(|_| panic!("{f} is missing: every schema version needs a fixture"));
        c.execute_batch(&sql).unwrap();
    }
    path
}

#[test]
fn every_schema_version_has_a_fixture() {
    for v in 1..=SCHEMA_VERSION {
        let f = format!(
            "{}/tests/fixtures/schema/v{v}.sql",
            env!("CARGO_MANIFEST_DIR")
        );
        assert!(std::path::Path::new(&f).exists(), "{f} is missing");
    }
}

#[test]
fn every_older_version_upgrades_without_losing_rows() {
    let dir = tempfile::tempdir().unwrap();
    for v in 1..=SCHEMA_VERSION {
        let path = build(dir.path(), v);
        let before = counts(&rusqlite::Connection::open(&path).unwrap());
        assert!(before.iter().any(|(t, n)| t == "completion" && *n == 2));
        let store = Store::open(&path, today()).unwrap();
        let after = counts(store.conn());
        for (t, n) in &before {
            let m = after.iter().find(|(u, _)| u == t).map(|x| x.1);
            assert_eq!(m, Some(*n), "table {t} lost rows upgrading from v{v}");
        }
        let uv: i64 = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(uv, SCHEMA_VERSION);
        // Settings (version 4): an upgraded database tracks from its
        // earliest monthly record and gets the default zone; a version 4
        // database keeps the zone it had.
        if v < 4 {
            assert_eq!(store.tracking_start().to_string(), "2026-01-01");
            assert_eq!(store.zone().name(), "Asia/Shanghai");
        } else {
            assert_eq!(store.zone().name(), "Asia/Urumqi");
        }
        // Pinyin (version 5) is filled in for the rows already there.
        let found = store.search("song ling", None, 5).unwrap();
        assert_eq!(
            found.len(),
            1,
            "search by full pinyin after upgrading from v{v}"
        );
        assert_eq!(found[0].name, "松岭村");
        // The upgraded database still answers the ordinary queries.
        let rows = store
            .checklist(&code("522701001201"), today().with_month(1).unwrap())
            .unwrap();
        assert_eq!(rows.len(), 25);
        assert_eq!(
            rows[0].record.as_ref().unwrap().note,
            "召开院坝会，到会42人"
        );
    }
}

/// Version 3 rebuilt completion, team_member and app_user (their value
/// checks): every row and team member id survives, and each check still
/// refuses what it refused before.
#[test]
fn rebuilt_tables_keep_rows_ids_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), 2);
    let dump = |c: &rusqlite::Connection| -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT id || ' ' || village || ' ' || name || ' ' || role FROM team_member ORDER BY id",
            "SELECT village || ' ' || task || ' ' || period || ' ' || status || ' ' || note || ' ' || version FROM completion ORDER BY 1",
            "SELECT account || ' ' || role || ' ' || ifnull(scope, '-') FROM app_user ORDER BY 1",
        ] {
            let mut st = c.prepare(sql).unwrap();
            let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
            out.extend(rows.map(Result::unwrap));
        }
        out
    };
    let before = dump(&rusqlite::Connection::open(&path).unwrap());
    assert_eq!(before.len(), 2 + 2 + 2);
    let store = Store::open(&path, today()).unwrap();
    assert_eq!(dump(store.conn()), before);
    let refused = |sql: &str, bad: &str| {
        let err = store.conn().execute(sql, [bad]).unwrap_err();
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{bad:?}: {err}"
        );
    };
    for bad in ["leader", "", "Resident"] {
        refused(
            "INSERT INTO team_member(village, name, role, unit, start_on) VALUES ('522701001201', 'x', ?1, 'u', '2026-01-01')",
            bad,
        );
    }
    for bad in ["finished", "", "DONE"] {
        refused(
            "INSERT INTO completion(village, task, period, status, recorded_by, recorded_at, version, catalogue_version) VALUES ('522701001201', 9, '2026-02', ?1, 'root', 'now', 1, 1)",
            bad,
        );
    }
    for bad in ["root", "", "Admin"] {
        refused(
            "INSERT INTO app_user(account, role, added_by, added_at) VALUES ('someone', ?1, 'root', 'now')",
            bad,
        );
    }
    // Good values still go in, and the index the village lookups use is back.
    store
        .conn()
        .execute(
            "INSERT INTO completion(village, task, period, status, recorded_by, recorded_at, version, catalogue_version) VALUES ('522701001201', 9, '2026-02', 'na', 'root', 'now', 1, 1)",
            [],
        )
        .unwrap();
    let index: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'team_member_village'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
    // No IN list is left in a CHECK constraint (see db/migrations/0003).
    let with_in: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK%' AND sql LIKE '% IN (%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(with_in, 0);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = build(dir.path(), SCHEMA_VERSION);
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    match Store::open(&path, today()) {
        Err(StoreError::NewerSchema {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
}

use chrono::Datelike;
