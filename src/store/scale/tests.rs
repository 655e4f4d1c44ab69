//! The generator against the store's own per-row paths, at a tiny scale.

use super::*;
use crate::store::RecordInput;

/// Two provinces, so the per-province aggregation is exercised too.
const TINY: Scale = Scale {
    name: "tiny",
    provinces: 2,
    prefectures: 2,
    counties: 1,
    townships: 2,
    villages: 19,
    months: 12,
    tasks: TaskSet::All,
};

fn rows(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok(format!("{v:?}"))
            })
            .collect()
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

const DIVISIONS: &str =
    "SELECT code, name, level, parent, types, initials, villages FROM division ORDER BY code";
const ROLLUPS: &str = "SELECT code, period, done, doing, na FROM rollup ORDER BY code, period";
const COMPLETIONS: &str =
    "SELECT village, task, period, status, note FROM completion ORDER BY village, task, period";

#[test]
fn aggregate_equals_per_row_deltas() {
    let dir = tempfile::tempdir().unwrap();
    let a_path = dir.path().join("a.db");
    let stats = generate(&a_path, &TINY).unwrap();
    let a = Store::open(&a_path, today()).unwrap();
    assert_eq!(stats.villages, 19);
    assert_eq!(stats.divisions, 2 + 4 + 4 + 8 + 19);
    assert!(stats.completions > 19 * 100, "{stats:?}");
    let count =
        |sql: &str| -> u64 { a.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64 };
    assert_eq!(count("SELECT count(*) FROM completion"), stats.completions);
    assert_eq!(count("SELECT count(*) FROM rollup"), stats.rollups);
    assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_eq!(a.check().unwrap().integrity, "ok");

    // Replay the same divisions and completions through the store's own
    // per-row paths, in another order than the generator wrote them.
    let b_path = dir.path().join("b.db");
    let mut b = Store::create(&b_path, &Catalogue::builtin(), today()).unwrap();
    b.conn().pragma_update(None, "synchronous", "OFF").unwrap();
    b.set_settings(crate::store::SettingsChange {
        zone: None,
        tracking_start: Some(a.tracking_start()),
    })
    .unwrap();
    let mut st = a
        .conn()
        .prepare("SELECT code, name, types FROM division ORDER BY code")
        .unwrap();
    let divs: Vec<(DivisionCode, String, Vec<VillageType>)> = st
        .query_map([], |r| {
            let c: String = r.get(0)?;
            let t: String = r.get(2)?;
            Ok((
                DivisionCode::parse(&c).unwrap(),
                r.get(1)?,
                VillageType::decode(&t),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    b.add_divisions(&divs).unwrap();
    let mut st = a
        .conn()
        .prepare("SELECT village, task, period, status, note FROM completion ORDER BY period DESC, task, village DESC")
        .unwrap();
    let recs: Vec<(String, u32, String, String, String)> = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (village, task, period, status, note) in recs {
        b.record(&RecordInput {
            village: DivisionCode::parse(&village).unwrap(),
            task,
            period: Period::parse(&period).unwrap(),
            status: Status::from_key(&status).unwrap(),
            note: Some(note),
            done_on: None,
            expected_version: Some(0),
        })
        .unwrap();
    }
    for sql in [DIVISIONS, ROLLUPS, COMPLETIONS] {
        let (x, y) = (rows(a.conn(), sql), rows(b.conn(), sql));
        assert!(!x.is_empty(), "{sql}");
        let first_diff = x.iter().zip(&y).position(|(p, q)| p != q);
        assert_eq!(first_diff.map(|i| (&x[i], &y[i])), None, "{sql}");
        assert_eq!(x.len(), y.len(), "{sql}");
    }
    // Every level has rollup rows, up to both provinces.
    let r = rows(
        a.conn(),
        "SELECT DISTINCT length(code) FROM rollup ORDER BY 1",
    );
    assert_eq!(r.len(), 3, "{r:?}");
    for p in ["520000", "110000"] {
        let code = DivisionCode::parse(p).unwrap();
        let year = a.progress(&code, Period::parse("2026").unwrap()).unwrap();
        assert!(year.done > 0 && year.done < year.expected, "{year:?}");
    }
}

#[test]
fn periods_cover_twelve_months_and_what_they_touch() {
    let [m, q, y] = periods(&TINY);
    let s = |v: &[Period]| v.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    assert_eq!(m.len(), 12);
    assert_eq!(m[0].to_string(), "2025-12");
    assert_eq!(m[11].to_string(), "2026-11");
    assert_eq!(s(&q), ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]);
    assert_eq!(s(&y), ["2025", "2026"]);
}

#[test]
fn ensure_reuses_a_matching_file_and_rebuilds_another_shape() {
    let dir = tempfile::tempdir().unwrap();
    let small = Scale {
        villages: 8,
        months: 2,
        provinces: 1,
        ..TINY
    };
    let (path, first, made) = ensure(dir.path(), &small).unwrap();
    assert!(made);
    assert_eq!(path, dir.path().join("tiny.db"));
    let (_, again, made) = ensure(dir.path(), &small).unwrap();
    assert!(!made);
    assert_eq!(again, first);
    let monthly = Scale {
        tasks: TaskSet::MonthKind,
        ..small
    };
    let (_, other, made) = ensure(dir.path(), &monthly).unwrap();
    assert!(made);
    assert!(other.completions < first.completions, "{other:?} {first:?}");
    let store = Store::open(&path, today()).unwrap();
    let kinds = rows(
        store.conn(),
        "SELECT DISTINCT length(period) FROM completion",
    );
    // Only month periods ("2026-10", "2026-11"): 7 characters.
    assert_eq!(kinds, vec![vec!["Integer(7)".to_string()]]);
}

#[test]
fn a_shape_that_does_not_fit_codes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bad = Scale {
        counties: 80,
        ..TINY
    };
    let e = generate(&dir.path().join("x.db"), &bad)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "scale tiny: the shape does not fit statistical division codes"
    );
    assert!(!dir.path().join("x.db").exists());
}
