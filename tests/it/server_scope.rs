//! Scope rules enforced in the store, whatever the entry path: the command
//! line, the library calls the terminal UI makes, and bulk loads (imports).
//! Every refusal is a clear error and an audit row.

use crate::common;
use common::*;
use zhucun::domain::{Period, Status, UserRole};
use zhucun::store::{AuditFilter, GuidanceInput, RecordInput, Store, StoreError, record_code};

fn me(db: &std::path::Path) -> String {
    Store::open(db, today()).unwrap().actor().account.clone()
}

/// The calling account becomes `role` at `scope`; `boss` stays administrator.
fn demote(db: &std::path::Path, role: UserRole, scope: &str) -> String {
    let mut s = Store::open(db, today()).unwrap();
    s.set_user("boss", UserRole::Admin, None).unwrap();
    let me = s.actor().account.clone();
    s.set_user(&me, role, Some(&code(scope))).unwrap();
    me
}

fn refused(db: &std::path::Path) -> Vec<(String, String, String)> {
    let mut s = Store::open(db, today()).unwrap();
    s.set_account_for_tests("boss").unwrap();
    s.audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.outcome == "refused")
        .map(|a| (a.account, a.action, a.record))
        .collect()
}

fn rec(village: &str, task: u32) -> RecordInput {
    RecordInput {
        village: code(village),
        task,
        period: Period::parse("2026-11").unwrap(),
        status: Status::Done,
        note: None,
        done_on: None,
        expected_version: None,
    }
}

#[test]
fn cli_record_outside_scope_is_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = demote(&db, UserRole::Team, "522701001201");
    let before = fingerprint(&db);
    let o = zhucun(
        &db,
        &[
            "record",
            "--village",
            "522701001202",
            "--task",
            "1",
            "--status",
            "done",
        ],
    );
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "zhucun：错误：权限不足：{me}（驻村工作队）无权记录 522701001202 的完成情况；此次尝试已记入审计日志"
        )
    );
    assert!(stdout(&o).is_empty());
    // Nothing but the audit row was written.
    let c = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM completion", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    assert_ne!(before, fingerprint(&db));
    assert_eq!(
        refused(&db),
        vec![(
            me.clone(),
            "record completion".into(),
            "completion/522701001202/1/2026-11".into()
        )]
    );
    // Inside the scope it works.
    let o = zhucun(
        &db,
        &[
            "record",
            "--village",
            "522701001201",
            "--task",
            "1",
            "--status",
            "done",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn cli_refuses_unknown_accounts_with_whom_to_ask_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = me(&db);
    {
        let mut s = Store::open(&db, today()).unwrap();
        s.set_user("boss", UserRole::Admin, None).unwrap();
        s.remove_user(&me).unwrap();
    }
    let before = fingerprint(&db);
    for args in [
        vec!["report"],
        vec![
            "record",
            "--village",
            "522701001201",
            "--task",
            "1",
            "--status",
            "done",
        ],
        vec!["audit"],
        vec!["user", "list"],
        vec!["backup", "/tmp/x.db"],
    ] {
        let o = zhucun(&db, &args);
        assert!(!o.status.success(), "{args:?}");
        assert_eq!(
            stderr(&o).trim(),
            format!(
                "zhucun：错误：账号 {me} 不是 zhucun 用户；请管理员（boss）运行 `zhucun user add {me} --role ... --scope ...`"
            ),
            "{args:?}"
        );
        assert!(stdout(&o).is_empty(), "{args:?} printed {}", stdout(&o));
        let o = zhucun(&db, &[&["--lang", "en"], args.as_slice()].concat());
        assert_eq!(
            stderr(&o).trim(),
            format!(
                "zhucun: error: account {me} is not a zhucun user; ask an administrator (boss) to run `zhucun user add {me} --role ... --scope ...`"
            ),
            "{args:?}"
        );
    }
    assert_eq!(before, fingerprint(&db));
}

#[test]
fn store_refuses_every_path_outside_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut admin = Store::open(&db, today()).unwrap();
    admin
        .set_user("county_fq", UserRole::County, Some(&code("522702")))
        .unwrap();
    admin
        .set_user("team_sl", UserRole::Team, Some(&code("522701001201")))
        .unwrap();
    admin
        .set_user("viewer_dy", UserRole::Viewer, Some(&code("522701")))
        .unwrap();
    admin.record(&rec("522701001202", 1)).unwrap();
    admin.record(&rec("522701001201", 9)).unwrap();
    let mut s = Store::open(&db, today()).unwrap();

    // A village team: only its own village.
    s.set_account_for_tests("team_sl").unwrap();
    s.record(&rec("522701001201", 1)).unwrap();
    let denied = |r: Result<(), StoreError>| match r {
        Err(StoreError::Denied { action, code, .. }) => format!("{action} {code}"),
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(
        denied(s.record(&rec("522701001202", 1)).map(|_| ())),
        "record completion 522701001202"
    );
    // Reading another village's records, checklist, team or history.
    assert_eq!(
        denied(s.checklist(&code("522701001202"), today()).map(|_| ())),
        "read 522701001202"
    );
    assert_eq!(
        denied(s.team(&code("522702100201")).map(|_| ())),
        "read 522702100201"
    );
    assert_eq!(
        denied(s.history("completion/522701001202/1/2026-11").map(|_| ())),
        "read 522701001202"
    );
    // The path above is readable (names and aggregate progress).
    s.progress(&code("522701"), Period::parse("2026-11").unwrap())
        .unwrap();
    // Bulk loads (imports) are for administrators.
    assert_eq!(
        denied(s.load("import test.csv", |_| Ok(()))),
        "administer the whole database"
    );
    // Guidance: teams never; a county only for its county.
    let g = |scope: &str| GuidanceInput {
        period: Period::parse("2026Q4").unwrap(),
        scope: code(scope),
        title: "四季度要点".into(),
        body: "一、……".into(),
        tasks: vec![1],
    };
    assert_eq!(
        denied(s.issue_guidance(&g("522701001201")).map(|_| ())),
        "issue guidance 522701001201"
    );
    s.set_account_for_tests("county_fq").unwrap();
    s.issue_guidance(&g("522702")).unwrap();
    assert_eq!(
        denied(s.issue_guidance(&g("522701")).map(|_| ())),
        "issue guidance 522701"
    );
    assert_eq!(
        denied(s.issue_guidance(&g("522700")).map(|_| ())),
        "issue guidance 522700"
    );
    s.record(&rec("522702100201", 1)).unwrap();
    // A viewer reads inside its scope and writes nothing.
    s.set_account_for_tests("viewer_dy").unwrap();
    assert_eq!(
        s.checklist(&code("522701001202"), today()).unwrap()[0].version(),
        1
    );
    assert_eq!(
        denied(s.record(&rec("522701001202", 1)).map(|_| ())),
        "record completion 522701001202"
    );
    // A non-administrator's audit listing shows its scope and its own rows only.
    s.set_account_for_tests("team_sl").unwrap();
    let seen = s.audit_rows(&AuditFilter::default()).unwrap();
    let mine = code("522701001201");
    assert!(
        seen.iter().all(|a| a.account == "team_sl"
            || record_code(&a.record).is_some_and(|c| c.is_within(&mine))),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|a| a.record == "completion/522701001201/9/2026-11" && a.account != "team_sl")
    );
    assert!(
        !seen
            .iter()
            .any(|a| a.record == "completion/522701001202/1/2026-11" && a.account != "team_sl")
    );

    // Every refusal is in the trail, by whom and for what.
    let refusals: Vec<(String, String, String)> = admin
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.outcome == "refused")
        .map(|a| (a.account, a.action, a.record))
        .collect();
    let expect = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        refusals,
        vec![
            expect(
                "team_sl",
                "record completion",
                "completion/522701001202/1/2026-11"
            ),
            expect("team_sl", "read", "checklist/522701001202"),
            expect("team_sl", "read", "team/522702100201"),
            expect("team_sl", "read", "completion/522701001202/1/2026-11"),
            expect("team_sl", "administer", "import test.csv"),
            expect("team_sl", "issue guidance", "guidance/new"),
            expect("county_fq", "issue guidance", "guidance/new"),
            expect("county_fq", "issue guidance", "guidance/new"),
            expect(
                "viewer_dy",
                "record completion",
                "completion/522701001202/1/2026-11"
            ),
        ]
    );
    assert_eq!(admin.verify_audit().unwrap(), None);
    println!(
        "refused: {} out-of-scope attempts through the library (record, read checklist/team/history, bulk load, guidance), each one audit row",
        refusals.len()
    );
}

#[test]
fn a_changed_role_reaches_a_session_that_is_already_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut admin = Store::open(&db, today()).unwrap();
    admin
        .set_user("wang", UserRole::Team, Some(&code("522701001201")))
        .unwrap();
    let mut session = Store::open(&db, today()).unwrap();
    session.set_account_for_tests("wang").unwrap();
    session.record(&rec("522701001201", 1)).unwrap();
    // The administrator moves wang to another village while wang's session is open.
    admin
        .change_user("wang", None, Some(&code("522701001202")))
        .unwrap();
    assert!(matches!(
        session.record(&rec("522701001201", 4)),
        Err(StoreError::Denied { .. })
    ));
    session.record(&rec("522701001202", 4)).unwrap();
    admin.remove_user("wang").unwrap();
    assert!(matches!(
        session.record(&rec("522701001202", 5)),
        Err(StoreError::NotAUser { .. })
    ));
}

#[test]
fn a_refused_read_is_audited_once_per_session_not_per_redraw() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut admin = Store::open(&db, today()).unwrap();
    admin
        .set_user("wang", UserRole::Team, Some(&code("522701001201")))
        .unwrap();
    let mut session = Store::open(&db, today()).unwrap();
    session.set_account_for_tests("wang").unwrap();
    let before = admin.data_version().unwrap();
    for _ in 0..5 {
        assert!(matches!(
            session.checklist(&code("522701001202"), today()),
            Err(StoreError::Denied { .. })
        ));
    }
    let rows = |s: &Store| {
        s.audit_rows(&AuditFilter {
            account: Some("wang".into()),
            ..Default::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!(rows(&admin), 1);
    assert_ne!(admin.data_version().unwrap(), before);
    // A new session (a new login) is audited again.
    let mut again = Store::open(&db, today()).unwrap();
    again.set_account_for_tests("wang").unwrap();
    assert!(again.checklist(&code("522701001202"), today()).is_err());
    assert_eq!(rows(&admin), 2);
}
