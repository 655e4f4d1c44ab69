//! Issue 15, reads across the scope: `report --overdue` (1), the totals of
//! siblings (3), and every read path following one rule (src/store/scope.rs).

use crate::common;
use common::*;
use zhucun::domain::{Period, UserRole};
use zhucun::store::{AuditFilter, Store, StoreError};

/// The calling account becomes `role` at `scope`; `boss` stays administrator.
fn demote(db: &std::path::Path, role: UserRole, scope: &str) -> String {
    let mut s = Store::open(db, today()).unwrap();
    s.set_user("boss", UserRole::Admin, None).unwrap();
    let me = s.actor().account.clone();
    s.set_user(&me, role, Some(&code(scope))).unwrap();
    me
}

fn audit_of(db: &std::path::Path, action: &str) -> Vec<(String, String)> {
    let mut s = Store::open(db, today()).unwrap();
    s.set_account_for_tests("boss").unwrap();
    s.audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.action == action)
        .map(|a| (a.record, a.outcome))
        .collect()
}

#[test]
fn overdue_outside_the_scope_is_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    demote(&db, UserRole::Viewer, "522702");
    // A future "today" turns every open item into "overdue".
    let args = [
        "report",
        "--overdue",
        "--scope",
        "522700",
        "--period",
        "2026",
        "--format",
        "csv",
    ];
    let late = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_zhucun"))
            .arg("--db")
            .arg(&db)
            .args(["--today", "2027-06-01"])
            .args(args)
            .env_remove("ZHUCUN_DB")
            .output()
            .unwrap()
    };
    let o = late(&args);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(!stdout(&o).contains("522701001201"), "{}", stdout(&o));
    assert!(stderr(&o).contains("权限不足"), "{}", stderr(&o));
    let reads = audit_of(&db, "read");
    assert!(
        reads
            .iter()
            .any(|(r, o)| r.starts_with("items/522700") && o == "refused"),
        "{reads:?}"
    );
    // Inside its own scope, and by default, the viewer gets its own villages.
    let o = late(
        &args[..2]
            .iter()
            .chain(&args[4..])
            .copied()
            .collect::<Vec<_>>(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("522702100201"));
    assert!(!stdout(&o).contains("522701001201"));
}

#[test]
fn for_each_item_checks_the_scope_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    demote(&db, UserRole::Team, "522701001201");
    let s = Store::open(&db, today()).unwrap();
    let p = Period::parse("2026").unwrap();
    let e = s.for_each_item(&code("522701001"), p, &mut |_| {
        std::ops::ControlFlow::Continue(())
    });
    assert!(matches!(e, Err(StoreError::Denied { .. })), "{e:?}");
    assert!(
        s.for_each_item(&code("522701001201"), p, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap()
            > 0
    );
}

#[test]
fn a_team_sees_its_ancestors_totals_but_not_its_siblings() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    demote(&db, UserRole::Team, "522701001201");
    let s = Store::open(&db, today()).unwrap();
    let p = Period::parse("2026").unwrap();
    let codes = |scope: &str| -> Vec<String> {
        s.rollup(&code(scope), p)
            .unwrap()
            .into_iter()
            .map(|(d, _, _)| d.code.to_string())
            .collect()
    };
    assert_eq!(codes("522700"), ["522701"], "not the sibling county 522702");
    assert_eq!(
        codes("522701001"),
        ["522701001201"],
        "not the sibling villages"
    );
    assert!(
        s.progress(&code("522700"), p).is_ok(),
        "its ancestors' totals"
    );
    assert!(s.progress(&code("522702"), p).is_err());
    assert!(s.search("竹溪", None, 10).unwrap().is_empty());
    assert_eq!(s.search("松岭", None, 10).unwrap().len(), 1);
    // The command line follows the same rule.
    let o = zhucun(&db, &["report", "--period", "2026", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("522701"));
    assert!(!stdout(&o).contains("522702"), "{}", stdout(&o));
    let o = zhucun(&db, &["report", "--scope", "522701001", "--format", "csv"]);
    assert!(!stdout(&o).contains("522701001202"), "{}", stdout(&o));
}

#[test]
fn exports_are_audited_done_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let out = dir.path().join("all.csv");
    let o = zhucun(
        &db,
        &["export", "--period", "2026-11", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    demote(&db, UserRole::Township, "522701001");
    let o2 = dir.path().join("other.csv");
    let o = zhucun(
        &db,
        &[
            "export",
            "--period",
            "2026-11",
            "--scope",
            "522702",
            "-o",
            o2.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(!o2.exists());
    let rows = audit_of(&db, "export");
    assert!(
        rows.contains(&("export/522700".into(), "ok".into())),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("export/522702".into(), "refused".into())),
        "{rows:?}"
    );
}

#[test]
fn exports_are_private_and_never_truncated_under_the_final_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    for name in ["all.csv", "all.xlsx"] {
        let out = dir.path().join(name);
        let o = zhucun(
            &db,
            &["export", "--period", "2026", "-o", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty());
}
