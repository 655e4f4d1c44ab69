//! `zhucun assess` and `zhucun commend` on the real binary: grades up to the
//! quota, the refusal with the counts (non-zero exit, nothing written), bad
//! input, the distribution, the export and the 专项培养方案 list.

use crate::assess_store::pool_db;
use crate::common::zhucun_text as zhucun;

fn grades(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn grades_up_to_the_quota_then_a_refusal_with_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = pool_db(dir.path()).path().to_path_buf();
    for n in ["王芳", "李强", "张敏"] {
        let (ok, out, err) = zhucun(
            &db,
            &[
                "assess", "set", "--county", "522701", "--name", n, "--grade", "优秀",
            ],
        );
        assert!(ok, "{err}");
        assert!(out.contains("优秀"), "{out}");
    }
    let (ok, out, _) = zhucun(&db, &["assess", "list", "--county", "522701"]);
    assert!(ok);
    assert!(out.contains("优秀 3 / 限额 3"), "{out}");
    assert!(out.contains("考核人数 10"), "{out}");
    let (ok, _, err) = zhucun(
        &db,
        &[
            "assess",
            "set",
            "--county",
            "522701",
            "--name",
            "刘洋",
            "--grade",
            "excellent",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("优秀限额 3") && err.contains("已评优秀 3"),
        "{err}"
    );
    assert_eq!(grades(&db), 3, "nothing written");
    let (ok, _, err) = zhucun(
        &db,
        &[
            "--lang",
            "en",
            "assess",
            "set",
            "--county",
            "522701",
            "--name",
            "刘洋",
            "--grade",
            "excellent",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("quota 3") && err.contains("3 already excellent"),
        "{err}"
    );
    // Other grades go in.
    let (ok, out, err) = zhucun(
        &db,
        &[
            "assess", "set", "--county", "522701", "--name", "刘洋", "--grade", "称职",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("优秀 3 / 限额 3"), "{out}");
}

#[test]
fn bad_input_is_refused_with_what_to_do_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = pool_db(dir.path()).path().to_path_buf();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "assess", "set", "--county", "522701", "--name", "王芳", "--grade", "良好",
            ],
            "优秀/称职/基本称职/不称职",
        ),
        (
            &[
                "assess", "set", "--county", "522701", "--name", "孙悦", "--grade", "称职",
            ],
            "不在该考核范围",
        ),
        (
            &[
                "assess",
                "set",
                "--county",
                "522701001",
                "--name",
                "王芳",
                "--grade",
                "称职",
            ],
            "不是县级区划代码",
        ),
        (
            &[
                "assess", "set", "--county", "522701", "--cadre", "999", "--grade", "称职",
            ],
            "没有编号为 999 的干部",
        ),
        (
            &["assess", "set", "--name", "王芳", "--grade", "称职"],
            "--county",
        ),
        (
            &[
                "commend",
                "add",
                "--cadre",
                "1",
                "--level",
                "市级",
                "--title",
                "x",
                "--date",
                "2026-01-01",
            ],
            "国家级/省级/州级/县级/乡镇级",
        ),
        (&["assess", "settings", "--quota-pct", "0"], "1 到 100"),
        (&["assess", "settings", "--quota-pct", "101"], "1 到 100"),
        (&["assess", "settings", "--quota-pct", "三十"], "不是整数"),
    ];
    let before = crate::common::fingerprint(&db);
    for (args, want) in cases {
        let (ok, _, err) = zhucun(&db, args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert_eq!(grades(&db), 0);
    assert_eq!(crate::common::fingerprint(&db), before, "nothing written");
    let (ok, out, err) = zhucun(&db, &["assess", "settings"]);
    assert!(ok, "{err}");
    assert!(out.contains("30%"), "{out}");
}

#[test]
fn a_lowered_quota_keeps_the_grades_given_and_says_which_pools_are_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = pool_db(dir.path()).path().to_path_buf();
    for n in ["王芳", "李强", "张敏"] {
        let (ok, _, err) = zhucun(
            &db,
            &[
                "assess", "set", "--county", "522701", "--name", n, "--grade", "优秀",
            ],
        );
        assert!(ok, "{err}");
    }
    let (ok, out, err) = zhucun(&db, &["assess", "settings", "--quota-pct", "30"]);
    assert!(ok, "{err}");
    assert!(!out.contains("注意"), "3 of 10 at 30 % is not over: {out}");
    let (ok, out, err) = zhucun(&db, &["assess", "settings", "--quota-pct", "10"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("都匀市 已评优秀 3 人，超出新的限额 1（考核人数 10）"),
        "{out}"
    );
    assert!(out.contains("已评的等次保留"), "{out}");
    assert_eq!(grades(&db), 3, "the grades given stay");
    let (ok, out, _) = zhucun(&db, &["assess", "list", "--county", "522701"]);
    assert!(ok);
    assert!(out.contains("优秀 3 / 限额 1"), "{out}");
    assert!(out.contains("超出限额 2"), "{out}");
    let (ok, _, err) = zhucun(
        &db,
        &[
            "assess", "set", "--county", "522701", "--name", "刘洋", "--grade", "优秀",
        ],
    );
    assert!(!ok, "a fourth 优秀 is refused");
    assert!(err.contains("优秀已满"), "{err}");
}

#[test]
fn distribution_export_and_the_training_plan_list() {
    let dir = tempfile::tempdir().unwrap();
    let store = pool_db(dir.path());
    let db = store.path().to_path_buf();
    let id: i64 = store
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = '王芳'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(store);
    for (n, g) in [("王芳", "优秀"), ("李强", "称职"), ("张敏", "基本称职")] {
        let (ok, _, err) = zhucun(
            &db,
            &[
                "assess", "set", "--county", "522701", "--name", n, "--grade", g,
            ],
        );
        assert!(ok, "{err}");
    }
    let (ok, out, _) = zhucun(
        &db,
        &["assess", "dist", "--scope", "522700", "--format", "csv"],
    );
    assert!(ok);
    let lines: Vec<&str> = out.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "县,人数,优秀,称职,基本称职,不称职,优秀限额");
    assert_eq!(lines[1], "522701 都匀市,10,1,1,1,0,3");
    assert_eq!(lines[2], "522702 福泉市,1,0,0,0,0,0");
    let out_csv = dir.path().join("考核.csv");
    let (ok, out, err) = zhucun(
        &db,
        &[
            "assess",
            "export",
            "--scope",
            "522700",
            "-o",
            out_csv.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("522700"), "{out}");
    let text = std::fs::read_to_string(&out_csv).unwrap();
    assert!(text.contains("522701001201 松岭村,黄丽"), "{text}");
    let xlsx = dir.path().join("考核.xlsx");
    let (ok, _, err) = zhucun(
        &db,
        &[
            "assess",
            "export",
            "--scope",
            "522700",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    let (ok, out, err) = zhucun(
        &db,
        &[
            "commend",
            "add",
            "--cadre",
            &id.to_string(),
            "--level",
            "州级",
            "--title",
            "优秀第一书记",
            "--date",
            "2026-07-01",
            "--doc",
            "黔南党发〔2026〕9号",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("已记录表彰"), "{out}");
    let (ok, out, _) = zhucun(&db, &["commend", "list", "--scope", "522701", "--due"]);
    assert!(ok);
    assert!(out.contains("王芳") && out.contains("州级"), "{out}");
}
