//! `zhucun recall open|advance|talk|list`, `zhucun incident add`,
//! `zhucun cadres` and `zhucun report --recall`, and their bad input.

use crate::common::*;
use std::os::unix::fs::PermissionsExt;
use zhucun::domain::{MemberRole, UserRole};
use zhucun::store::{NewMember, Store};

/// The small database with 张伟 first secretary of 松岭村 (cadre 1) and
/// 李芳 resident of 枫坪村 in 福泉市 (cadre 2).
fn db(dir: &std::path::Path) -> std::path::PathBuf {
    let path = small_db(dir);
    let mut s = Store::open(&path, today()).unwrap();
    s.load("team", |ld| {
        for (v, n, r, u) in [
            (
                "522701001201",
                "张伟",
                MemberRole::FirstSecretary,
                "州财政局",
            ),
            ("522702100201", "李芳", MemberRole::Resident, "福泉市林业局"),
        ] {
            ld.member(&NewMember {
                village: code(v),
                name: n.into(),
                role: r,
                unit: u.into(),
                start: chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
                end: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    path
}

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let (success, out, err) = zhucun_text(db, args);
    assert!(success, "{args:?}: {err}");
    out
}

fn refused(db: &std::path::Path, args: &[&str]) -> String {
    let before = fingerprint(db);
    let (success, _, err) = zhucun_text(db, args);
    assert!(!success, "{args:?} should fail");
    assert_eq!(fingerprint(db), before, "{args:?} wrote something");
    err
}

#[test]
fn a_case_from_incident_to_replacement_and_the_ledger_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(dir.path());
    let out = ok(&db, &["cadres", "--scope", "522701"]);
    assert!(out.contains("张伟") && out.contains("松岭村"), "{out}");
    assert!(!out.contains("李芳"), "福泉市 is outside the scope: {out}");
    let out = ok(
        &db,
        &[
            "incident",
            "add",
            "--cadre",
            "1",
            "--kind",
            "无故不在岗",
            "--source",
            "督查",
            "--on",
            "2026-10-08",
            "--note",
            "督查时不在村",
            "--open-case",
        ],
    );
    assert!(out.contains("已记录问题 1：张伟"), "{out}");
    assert!(out.contains("已立案 1：张伟"), "{out}");
    ok(&db, &["recall", "advance", "1", "--on", "2026-10-10"]);
    ok(
        &db,
        &[
            "recall",
            "advance",
            "1",
            "--on",
            "2026-10-20",
            "--doc-no",
            "黔南组通〔2026〕12号",
        ],
    );
    ok(&db, &["recall", "advance", "1", "--on", "2026-10-21"]);
    let out = ok(&db, &["recall", "advance", "1", "--on", "2026-11-01"]);
    assert!(out.contains("案件 1 已到“离村”"), "{out}");
    let out = ok(
        &db,
        &["--lang", "en", "recall", "list", "--scope", "522701"],
    );
    assert!(out.contains("left the village 1"), "{out}");
    assert!(out.contains("27"), "1 Nov to 28 Nov: {out}");
    ok(
        &db,
        &[
            "recall",
            "advance",
            "1",
            "--on",
            "2026-11-10",
            "--name",
            "王新",
            "--unit",
            "州发展改革委",
        ],
    );
    let out = ok(&db, &["cadres", "--scope", "522701001201"]);
    assert!(out.contains("王新"), "{out}");
    assert!(
        out.contains("2026-11-01"),
        "the recalled posting ends: {out}"
    );
    let out = ok(
        &db,
        &["report", "--recall", "--scope", "522701", "--format", "csv"],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("编号") && lines[0].contains("文号"),
        "{out}"
    );
    assert!(
        lines[1].contains("补派") && lines[1].contains("王新") && lines[1].contains(",9,"),
        "{out}"
    );
    let f = dir.path().join("台账.xlsx");
    let out = ok(
        &db,
        &[
            "report",
            "--recall",
            "--scope",
            "522701",
            "-o",
            f.to_str().unwrap(),
        ],
    );
    assert!(out.contains("1 件"), "{out}");
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let s = Store::open(&db, today()).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'export' AND record = 'export/522701' AND outcome = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let json = ok(
        &db,
        &["recall", "list", "--scope", "522701", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["cases"][0]["stage"], "replaced");
    assert_eq!(v["cases"][0]["days_to_replacement"], 9);
}

#[test]
fn bad_input_says_what_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(dir.path());
    ok(
        &db,
        &["recall", "open", "--cadre", "1", "--on", "2026-11-01"],
    );
    let err = refused(&db, &["recall", "advance", "9"]);
    assert!(err.contains("没有编号为 9 的召回案件"), "{err}");
    let err = refused(&db, &["recall", "advance", "1", "--to", "离村"]);
    assert!(
        err.contains("处于“线索”的案件不能转到“离村”；下一步是“核实”"),
        "{err}"
    );
    ok(&db, &["recall", "advance", "1"]);
    let err = refused(&db, &["recall", "advance", "1"]);
    assert!(err.contains("召回决定需要文号"), "{err}");
    let err = refused(
        &db,
        &["--lang", "en", "recall", "advance", "1", "--to", "decided"],
    );
    assert!(err.contains("needs its document number"), "{err}");
    let err = refused(&db, &["recall", "open", "--cadre", "1"]);
    assert!(err.contains("已有未结案的召回案件 1"), "{err}");
    let err = refused(&db, &["recall", "open", "--cadre", "77"]);
    assert!(err.contains("没有编号为 77 的驻村干部"), "{err}");
    let err = refused(&db, &["recall", "advance", "1", "--to", "someday"]);
    assert!(err.contains("someday"), "{err}");
    let err = refused(
        &db,
        &[
            "incident", "add", "--cadre", "1", "--kind", "迟到", "--source", "督查",
        ],
    );
    assert!(err.contains("迟到"), "{err}");
    let err = refused(
        &db,
        &[
            "recall",
            "advance",
            "1",
            "--to",
            "talk",
            "--on",
            "2026-12-01",
        ],
    );
    assert!(err.contains("2026-12-01 在今天之后"), "{err}");
    ok(&db, &["recall", "talk", "1", "--note", "已约谈"]);
    let err = refused(&db, &["recall", "advance", "1"]);
    assert!(err.contains("案件已结束"), "{err}");
}

#[test]
fn outside_the_scope_is_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(dir.path());
    ok(
        &db,
        &["recall", "open", "--cadre", "2", "--on", "2026-11-01"],
    );
    let mut s = Store::open(&db, today()).unwrap();
    s.add_user("boss", UserRole::Admin, None).unwrap();
    let me = s.actor().account.clone();
    s.set_user(&me, UserRole::County, Some(&code("522701")))
        .unwrap();
    drop(s);
    // Case 1 is 李芳's, in 福泉市.
    let err = zhucun_text(&db, &["recall", "advance", "1", "--to", "核实"]).2;
    assert!(err.contains("权限不足"), "{err}");
    let err = zhucun_text(
        &db,
        &[
            "incident", "add", "--cadre", "2", "--kind", "absent", "--source", "public",
        ],
    )
    .2;
    assert!(err.contains("权限不足"), "{err}");
    let err = zhucun_text(&db, &["report", "--recall", "--scope", "522702"]).2;
    assert!(err.contains("权限不足"), "{err}");
    let out = ok(&db, &["recall", "list"]);
    assert!(out.contains("没有召回案件"), "{out}");
    let s = Store::open(&db, today()).unwrap();
    let refused: Vec<(String, String)> = s
        .conn()
        .prepare("SELECT action, record FROM audit WHERE outcome = 'refused' ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        refused,
        [
            (
                "advance recall case".to_string(),
                "recall/522702100201/1".to_string()
            ),
            (
                "record incident".to_string(),
                "incident/522702100201".to_string()
            ),
            ("read".to_string(), "recall/522702".to_string()),
        ]
    );
}

#[test]
fn a_work_record_is_assembled_saved_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = db(dir.path());
    let mut s = Store::open(&db, today()).unwrap();
    s.record(&zhucun::store::RecordInput {
        village: code("522701001201"),
        task: 23,
        period: zhucun::domain::Period::parse("2026-11").unwrap(),
        status: zhucun::domain::Status::Done,
        note: Some("走访农户12户".into()),
        done_on: None,
        expected_version: None,
    })
    .unwrap();
    for (d, c) in [
        ("2026-11-02", "present"),
        ("2026-11-03", "present"),
        ("2026-11-04", "personal_leave"),
    ] {
        s.conn()
            .execute(
                "INSERT INTO attendance(cadre, day, code) VALUES (1, ?1, ?2)",
                (d, c),
            )
            .unwrap();
    }
    let first = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    s.save_work_summary(1, first, "完成入户走访", Some(0))
        .unwrap();
    // A stale version is a conflict; nothing is overwritten.
    assert!(matches!(
        s.save_work_summary(1, first, "别的", Some(0)),
        Err(zhucun::store::StoreError::Conflict { .. })
    ));
    let w = s.work_record(1, first).unwrap();
    assert_eq!(w.name, "张伟");
    assert_eq!(w.village_name, "松岭村");
    assert_eq!(w.entries.len(), 1);
    assert!(
        !w.own,
        "no account is linked to 张伟: the village's records"
    );
    assert_eq!((w.days.days_in_village, w.days.leave_days), (2, 1));
    assert!(w.days.below_minimum);
    assert_eq!(w.summary.as_deref(), Some("完成入户走访"));
    drop(s);
    let f = dir.path().join("纪实.csv");
    let out = ok(
        &db,
        &[
            "export",
            "work-record",
            "--cadre",
            "1",
            "--month",
            "2026-11",
            "-o",
            f.to_str().unwrap(),
        ],
    );
    assert!(out.contains("张伟 · 2026-11 · 1 条记录"), "{out}");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.contains("记录时间,任务"), "{text}");
    assert!(text.contains("走访农户12户"), "{text}");
    assert!(text.contains("在村 2 天，请假 1 天"), "{text}");
    assert!(text.contains("小结：完成入户走访"), "{text}");
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let err = refused(
        &db,
        &[
            "export",
            "work-record",
            "--cadre",
            "1",
            "--month",
            "2026-13",
            "-o",
            "x.csv",
        ],
    );
    assert!(err.contains("“2026-13” 不是月份"), "{err}");
    let err = refused(
        &db,
        &[
            "export",
            "work-record",
            "--cadre",
            "9",
            "--month",
            "2026-11",
            "-o",
            "x.csv",
        ],
    );
    assert!(err.contains("没有编号为 9 的驻村干部"), "{err}");
    // 福泉市's county may not read 松岭村's record; the refusal is audited.
    let mut s = Store::open(&db, today()).unwrap();
    s.add_user("boss", UserRole::Admin, None).unwrap();
    let me = s.actor().account.clone();
    s.set_user(&me, UserRole::County, Some(&code("522702")))
        .unwrap();
    assert!(matches!(
        s.save_work_summary(1, first, "x", None),
        Err(zhucun::store::StoreError::Denied { .. })
    ));
    drop(s);
    let err = zhucun_text(
        &db,
        &[
            "export",
            "work-record",
            "--cadre",
            "1",
            "--month",
            "2026-11",
            "-o",
            f.to_str().unwrap(),
            "--force",
        ],
    )
    .2;
    assert!(err.contains("权限不足"), "{err}");
    let s = Store::open(&db, today()).unwrap();
    let n: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE outcome = 'refused' AND (record LIKE 'work-record/522701001201/1%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2);
}
