//! Issue 14: grades and training hours in the upward report tables
//! (migration 0017), kept in the same transaction as the writes they
//! summarise: counts of each grade per county pool and year, never who;
//! each cadre-month's training hours under the cadre's code, never a name.
//! Without the `upward` feature: the tables are kept whether or not this
//! build can push.

use crate::common::zhucun_text as zhucun;
use std::path::Path;

fn rows(db: &Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                v => format!("{v:?}"),
            })
            .collect::<Vec<_>>()
            .join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn grade_counts_follow_every_grade_write_and_name_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::assess_store::pool_db(dir.path())
        .path()
        .to_path_buf();
    let counts = || {
        rows(
            &db,
            "SELECT county, year, grade, cadres FROM upward_grade_count ORDER BY 1, 2, 3",
        )
    };
    assert!(counts().is_empty());
    for (n, g) in [("王芳", "优秀"), ("李强", "称职"), ("张敏", "称职")] {
        let (ok, _, err) = zhucun(
            &db,
            &[
                "assess", "set", "--county", "522701", "--name", n, "--grade", g,
            ],
        );
        assert!(ok, "{err}");
    }
    assert_eq!(
        counts(),
        vec![
            "522701|Integer(2026)|competent|Integer(2)",
            "522701|Integer(2026)|excellent|Integer(1)"
        ]
    );
    // A changed grade moves a count from one grade to the other.
    let (ok, _, err) = zhucun(
        &db,
        &[
            "assess",
            "set",
            "--county",
            "522701",
            "--name",
            "李强",
            "--grade",
            "基本称职",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(
        counts(),
        vec![
            "522701|Integer(2026)|basic|Integer(1)",
            "522701|Integer(2026)|competent|Integer(1)",
            "522701|Integer(2026)|excellent|Integer(1)"
        ]
    );
    // A refused grade (over the quota) leaves the counts as they were.
    let before = counts();
    let (ok, _, _) = zhucun(
        &db,
        &[
            "assess", "set", "--county", "522701", "--name", "李强", "--grade", "优秀",
        ],
    );
    if !ok {
        assert_eq!(counts(), before);
    }
    assert!(
        !counts()
            .iter()
            .any(|r| r.contains("王芳") || r.contains("李强"))
    );
}

#[test]
fn training_hours_follow_the_marks_and_the_dates_on_the_cadre_month_rows() {
    let dir = tempfile::tempdir().unwrap();
    drop(crate::training_store::db(dir.path()));
    let db = dir.path().join("t.db");
    let (ok, _, err) = zhucun(
        &db,
        &[
            "training",
            "add",
            "--title",
            "政策专题培训",
            "--kind",
            "政策",
            "--division",
            "522701",
            "--from",
            "2026-05-06",
            "--to",
            "2026-05-08",
            "--hours",
            "24",
        ],
    );
    assert!(ok, "{err}");
    let hours = |month: &str| {
        rows(
            &db,
            &format!(
                "SELECT cadre_code, training_hours FROM upward_cadre_month
                 WHERE month = '{month}' AND training_hours > 0 ORDER BY 1"
            ),
        )
    };
    assert!(hours("2026-05").is_empty());
    let (ok, _, err) = zhucun(
        &db,
        &["training", "mark", "1", "--all", "--status", "attended"],
    );
    assert!(ok, "{err}");
    let may = hours("2026-05");
    assert!(!may.is_empty(), "attended: hours on the May rows");
    assert!(may.iter().all(|r| r.ends_with("|Integer(24)")), "{may:?}");
    assert!(
        may.iter().all(|r| r.starts_with("522700-")),
        "under a code, never a name: {may:?}"
    );
    // The session moved to June: the hours move with it.
    let (ok, _, err) = zhucun(
        &db,
        &[
            "training",
            "edit",
            "1",
            "--from",
            "2026-06-03",
            "--to",
            "2026-06-05",
        ],
    );
    assert!(ok, "{err}");
    assert!(hours("2026-05").is_empty(), "{:?}", hours("2026-05"));
    assert_eq!(hours("2026-06").len(), may.len());
    // Each county's training of the year, as the push sends it, is kept by
    // every training write in its transaction: it reads as the live figure.
    let kept_is_live = |year: i32| -> Vec<[u64; 5]> {
        let kept = rows(
            &db,
            &format!(
                "SELECT county, cadres, hours, reached, untrained, target
                 FROM upward_training_count WHERE year = {year} AND cadres > 0 ORDER BY 1"
            ),
        );
        let (ok, json, err) = zhucun(
            &db,
            &[
                "training",
                "counties",
                "--year",
                &year.to_string(),
                "--format",
                "json",
            ],
        );
        assert!(ok, "{err}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut live = Vec::new();
        let mut figures = Vec::new();
        for c in v.as_array().unwrap() {
            let n = |k: &str| c[k].as_u64().unwrap();
            if n("cadres") == 0 {
                continue;
            }
            let f = [
                n("cadres"),
                n("hours"),
                n("reached"),
                n("untrained"),
                n("target"),
            ];
            live.push(format!(
                "{}|{}",
                c["county"].as_str().unwrap(),
                f.map(|x| format!("Integer({x})")).join("|")
            ));
            figures.push(f);
        }
        assert_eq!(kept, live, "{year}");
        assert!(!figures.is_empty(), "{year}: {json}");
        figures
    };
    let hours_of = |f: &[[u64; 5]]| f.iter().map(|r| r[1]).sum::<u64>();
    let reached_of = |f: &[[u64; 5]]| f.iter().map(|r| r[2]).sum::<u64>();
    let june = kept_is_live(2026);
    assert_eq!(hours_of(&june), 24 * may.len() as u64, "{june:?}");
    // Moved into last December: the hours leave this year's row for last
    // year's, in the same write.
    let (ok, _, err) = zhucun(
        &db,
        &[
            "training",
            "edit",
            "1",
            "--from",
            "2025-12-29",
            "--to",
            "2025-12-31",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(hours_of(&kept_is_live(2026)), 0);
    // (Counted for those posted in the county in 2025.)
    let december = kept_is_live(2025);
    let trained = hours_of(&december) / 24;
    assert!(trained > 0 && hours_of(&december) % 24 == 0, "{december:?}");
    assert_eq!(reached_of(&december), 0, "below the 90 hours");
    let (ok, _, err) = zhucun(&db, &["training", "settings", "--target-hours", "24"]);
    assert!(ok, "{err}");
    assert_eq!(reached_of(&kept_is_live(2025)), trained);
    let (ok, _, err) = zhucun(&db, &["training", "delete", "1"]);
    assert!(ok, "{err}");
    assert_eq!(hours_of(&kept_is_live(2025)), 0);
}
