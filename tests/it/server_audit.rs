//! The audit trail: append-only under a direct SQL connection, tampering
//! found by `zhucun audit verify` (which names the first broken row and
//! exits non-zero), and `zhucun audit` filters.

use crate::common;
use common::*;
use zhucun::domain::UserRole;
use zhucun::store::Store;

fn record(db: &std::path::Path, village: &str, task: &str, note: &str) {
    let o = zhucun(
        db,
        &[
            "record",
            "--village",
            village,
            "--task",
            task,
            "--status",
            "done",
            "--note",
            note,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

fn verify(db: &std::path::Path) -> (bool, String, String) {
    let o = zhucun(db, &["--lang", "en", "audit", "verify"]);
    (
        o.status.success(),
        stdout(&o),
        stderr(&o).trim().to_string(),
    )
}

/// A database with 5 audit rows: add divisions (1-2 by small_db), three records.
fn trail(dir: &std::path::Path) -> std::path::PathBuf {
    let db = small_db(dir);
    record(&db, "522701001201", "1", "院坝会");
    record(&db, "522701001202", "1", "院坝会");
    record(&db, "522701001201", "4", "三会一课");
    db
}

#[test]
fn triggers_block_update_and_delete_from_a_direct_connection() {
    let dir = tempfile::tempdir().unwrap();
    let db = trail(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    for sql in [
        "UPDATE audit SET outcome = 'ok' WHERE seq = 3",
        "UPDATE audit SET account = 'nobody'",
        "DELETE FROM audit WHERE seq = 5",
        "DELETE FROM audit",
    ] {
        let e = c.execute(sql, []).unwrap_err();
        assert!(
            e.to_string().contains("audit rows are append-only"),
            "{sql}: {e}"
        );
    }
    let (ok, out, _) = verify(&db);
    assert!(ok);
    assert_eq!(out.trim(), "audit chain intact: 5 rows");
}

#[test]
fn an_edit_behind_the_triggers_back_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = trail(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_no_update;
         UPDATE audit SET account = 'someone_else' WHERE seq = 4;",
    )
    .unwrap();
    let (ok, _, err) = verify(&db);
    assert!(!ok);
    assert_eq!(
        err,
        "zhucun: error: audit chain broken at row 4: contents do not match its hash (row 4 was edited, or row 3 was rewritten with a new hash); rows 1-3 are intact. The audit table was changed outside zhucun: keep this file for investigation and compare with a backup (see docs/deployment.md, Backups)"
    );
    let o = zhucun(&db, &["audit", "verify"]);
    assert_eq!(
        stderr(&o).trim(),
        "zhucun：错误：审计链在第 4 行断开：内容与它的哈希不符（第 4 行被改过，或第 3 行被换上了新的哈希）；第 1-3 行完好。审计表在 zhucun 之外被改动过：请保留这个文件以便调查，并与备份比较（见 docs/deployment.md“备份”）"
    );
    let o = zhucun(&db, &["check"]);
    assert!(
        stdout(&o).contains("（审计链在第 4 行断开：内容与它的哈希不符）"),
        "{}",
        stdout(&o)
    );
    // `zhucun check` and `zhucun doctor` fail as well.
    assert!(!zhucun(&db, &["check"]).status.success());
    let o = zhucun(&db, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("FIX  audit chain broken at row 4"));
    let o = zhucun(&db, &["doctor"]);
    assert!(
        stdout(&o).contains("修复 审计链在第 4 行断开"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_rewritten_row_with_a_fresh_hash_is_caught_at_the_next_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = trail(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    // A careful forger also replaces row 3's hash (any value: the next row
    // was chained to the old one).
    c.execute_batch(
        "DROP TRIGGER audit_no_update;
         UPDATE audit SET new = 'done: forged', hash = 'f00d' WHERE seq = 3;",
    )
    .unwrap();
    let (ok, _, err) = verify(&db);
    assert!(!ok);
    assert!(
        err.starts_with("zhucun: error: audit chain broken at row 3:"),
        "{err}"
    );
}

#[test]
fn deleted_rows_and_appended_forgeries_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let db = trail(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    // INSERT is allowed by the triggers (append-only), but a row not made by
    // zhucun does not chain.
    c.execute(
        "INSERT INTO audit(seq, at, account, action, record, old, new, outcome, hash)
         VALUES (6, '2026-11-28T10:00:00+08:00', 'x', 'record', 'completion/522701001201/1/2026-11', NULL, 'done', 'ok', 'abc')",
        [],
    )
    .unwrap();
    let (ok, _, err) = verify(&db);
    assert!(!ok);
    assert!(
        err.starts_with(
            "zhucun: error: audit chain broken at row 6: contents do not match its hash"
        ),
        "{err}"
    );
    c.execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq IN (3, 6);")
        .unwrap();
    let (ok, _, err) = verify(&db);
    assert!(!ok);
    assert!(
        err.starts_with("zhucun: error: audit chain broken at row 3: row 3 is missing (the next row is 4); rows 1-2 are intact"),
        "{err}"
    );
}

#[test]
fn listing_filters_by_village_account_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = trail(dir.path());
    let list = |args: &[&str]| {
        let o = zhucun(&db, &[&["--lang", "en", "audit"], args].concat());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let all = list(&[]);
    assert_eq!(all.lines().count(), 6, "{all}");
    assert!(all.lines().next().unwrap().starts_with("Seq  Time"));
    let v = list(&["--village", "522701001201"]);
    let records: Vec<&str> = v
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(4).unwrap())
        .collect();
    assert_eq!(
        records,
        vec![
            "completion/522701001201/1/2026-11",
            "completion/522701001201/4/2026-11"
        ]
    );
    assert!(v.contains("→ done: 院坝会"), "{v}");
    // A township code takes in its villages.
    assert_eq!(list(&["--village", "522701001"]).lines().count(), 4);
    let me = Store::open(&db, today()).unwrap().actor().account.clone();
    assert_eq!(list(&["--account", &me]).lines().count(), 6);
    assert_eq!(
        list(&["--account", "nobody_here"]).trim(),
        "Seq  Time  Account  Action  Record  Outcome  Change\n(no audit rows match)"
    );
    assert_eq!(list(&["--since", "2000-01-01"]).lines().count(), 6);
    assert_eq!(list(&["--since", "2999-01-01"]).lines().count(), 2);
    assert_eq!(list(&["--limit", "2"]).lines().count(), 3);
    for (args, want, zh) in [
        (
            vec!["audit", "--since", "yesterday"],
            "zhucun: error: --since: \"yesterday\" is not a date like 2026-11-28 (or a time like 2026-11-28T09:00:00+08:00)",
            "zhucun：错误：--since：“yesterday” 不是 2026-11-28 这样的日期（或 2026-11-28T09:00:00+08:00 这样的时间）",
        ),
        (
            vec!["audit", "--village", "12"],
            "zhucun: error: --village: division code \"12\" must be 6, 9 or 12 digits",
            "zhucun：错误：--village：行政区划代码 “12” 应为 6、9 或 12 位数字",
        ),
    ] {
        let o = zhucun(&db, &[&["--lang", "en"], args.as_slice()].concat());
        assert!(!o.status.success());
        assert_eq!(stderr(&o).trim(), want);
        let o = zhucun(&db, &args);
        assert!(!o.status.success());
        assert_eq!(stderr(&o).trim(), zh);
    }
    // The action and outcome columns in words; the stored text is unchanged.
    let zh = stdout(&zhucun(&db, &["audit"]));
    assert!(zh.contains("  记录  ") && zh.contains("  成功  "), "{zh}");
    assert!(zh.contains("创建数据库"), "{zh}");
    assert!(!zh.contains(" record ") && !zh.contains(" ok "), "{zh}");
}

#[test]
fn non_administrators_see_their_scope_and_their_own_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = trail(dir.path());
    let me = {
        let mut s = Store::open(&db, today()).unwrap();
        s.set_user("boss", UserRole::Admin, None).unwrap();
        let me = s.actor().account.clone();
        s.set_user(&me, UserRole::Team, Some(&code("522701001202")))
            .unwrap();
        s.set_account_for_tests("boss").unwrap();
        for v in ["522701001201", "522701001202"] {
            s.record(&zhucun::store::RecordInput {
                village: code(v),
                task: 9,
                period: zhucun::domain::Period::parse("2026-11").unwrap(),
                status: zhucun::domain::Status::Doing,
                note: None,
                done_on: None,
                expected_version: None,
            })
            .unwrap();
        }
        me
    };
    // Another village's records are refused (and that refusal is the
    // caller's own row, so it shows).
    let o = zhucun(
        &db,
        &[
            "record",
            "--village",
            "522701001201",
            "--task",
            "5",
            "--status",
            "done",
        ],
    );
    assert!(!o.status.success());
    let o = zhucun(&db, &["--lang", "en", "audit"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    // My rows (everything I did while admin included) and my village's,
    // whoever wrote them; not the other village's rows by others.
    assert!(text.contains("completion/522701001202/1/2026-11"), "{text}");
    assert!(
        text.contains("completion/522701001201/5/2026-11  refused"),
        "{text}"
    );
    assert!(
        text.contains("boss     record             completion/522701001202/9/2026-11"),
        "{text}"
    );
    assert!(
        !text.contains("completion/522701001201/9/2026-11"),
        "{text}"
    );
    let rows = {
        let s = Store::open(&db, today()).unwrap();
        s.audit_rows(&Default::default()).unwrap()
    };
    assert!(
        rows.iter()
            .all(|a| a.account == me || a.record.contains("522701001202"))
    );
    assert_eq!(rows.iter().filter(|a| a.account == "boss").count(), 1);
}
