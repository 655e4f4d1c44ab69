//! `zhucun user import FILE`: many accounts in one command, all or nothing,
//! with line-numbered problems like the other imports, each change audited.
//! Accounts `daemon`, `bin`, `sys` and `games` exist on every Debian-like
//! system; `nosuchzhucunuser` does not.

use crate::common;
use common::*;
use std::path::{Path, PathBuf};
use zhucun::domain::UserRole;
use zhucun::store::Store;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn import(db: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let f = file.to_str().unwrap();
    zhucun(
        db,
        &[&["--lang", "en", "user", "import", f], extra].concat(),
    )
}

/// Imports a file that must be refused with exactly `want` (the problem
/// lines, then the summary), writing nothing.
fn refused(db: &Path, file: &Path, want: &[&str]) {
    let before = fingerprint(db);
    let o = import(db, file, &[]);
    assert!(!o.status.success(), "succeeded: {}", stdout(&o));
    let got: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    assert_eq!(got, want);
    assert_eq!(before, fingerprint(db), "a refused import wrote something");
}

fn role_of(db: &Path, account: &str) -> Option<(UserRole, Option<String>)> {
    let store = Store::open(db, today()).unwrap();
    store
        .user(account)
        .unwrap()
        .map(|u| (u.role, u.scope.map(|s| s.to_string())))
}

const GOOD: &str = "账号,角色,范围,姓名\n\
daemon,县级驻村办,522701,李四\n\
bin,驻村工作队,522701001201,赵六\n\
sys,viewer,522700,\n";

#[test]
fn good_file_adds_accounts_and_audits_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(dir.path(), "users.csv", GOOD);
    let o = import(&db, &f, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!(
            "{} (UTF-8): imported: 3 rows, 3 added, 0 updated, 0 unchanged",
            f.display()
        )
    );
    assert_eq!(
        role_of(&db, "daemon"),
        Some((UserRole::County, Some("522701".into())))
    );
    assert_eq!(
        role_of(&db, "bin"),
        Some((UserRole::Team, Some("522701001201".into())))
    );
    assert_eq!(
        role_of(&db, "sys"),
        Some((UserRole::Viewer, Some("522700".into())))
    );
    // One audit row per account, with the name, and one for the import.
    let c = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(String, String, String)> = c
        .prepare("SELECT action, record, new FROM audit WHERE action IN ('add user', 'set user', 'import users') ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let want = [
        ("add user", "user/daemon", "county 522701 (李四)"),
        ("add user", "user/bin", "team 522701001201 (赵六)"),
        ("add user", "user/sys", "viewer 522700"),
        ("import users", "import/users.csv", "3 added, 0 updated"),
    ];
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(got, want);
    let v = zhucun(&db, &["audit", "verify"]);
    assert!(v.status.success(), "{}", stderr(&v));

    // The same file again changes nothing; a changed row updates that account.
    let o = import(&db, &f, &[]);
    assert_eq!(
        stdout(&o).trim(),
        format!(
            "{} (UTF-8): nothing to change: 3 rows, 0 added, 0 updated, 3 unchanged",
            f.display()
        )
    );
    let f2 = write(
        dir.path(),
        "users2.csv",
        "account,role,scope\nbin,team,522701001202\ngames,township,522701001\n",
    );
    let o = import(&db, &f2, &[]);
    assert_eq!(
        stdout(&o).trim(),
        format!(
            "{} (UTF-8): imported: 2 rows, 1 added, 1 updated, 0 unchanged",
            f2.display()
        )
    );
    assert_eq!(
        role_of(&db, "bin"),
        Some((UserRole::Team, Some("522701001202".into())))
    );
    let set: String = c
        .query_row(
            "SELECT old || ' -> ' || new FROM audit WHERE action = 'set user'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(set, "team 522701001201 -> team 522701001202");
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(dir.path(), "users.csv", GOOD);
    let before = fingerprint(&db);
    let o = import(&db, &f, &["--check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!(
            "{} (UTF-8): checked, nothing written (--check): 3 rows, 3 to add, 0 to update, 0 unchanged",
            f.display()
        )
    );
    assert_eq!(before, fingerprint(&db));
}

#[test]
fn xlsx_file() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let path = dir.path().join("账号.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["序号", "账号", "角色", "范围", "姓名"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_string(1, 1, "daemon").unwrap();
    ws.write_string(1, 2, "乡镇联络员").unwrap();
    // A code typed as a number, as Excel keeps it.
    ws.write_number(1, 3, 522701001.0).unwrap();
    ws.write_string(1, 4, "王五").unwrap();
    book.save(&path).unwrap();
    let o = import(&db, &path, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        role_of(&db, "daemon"),
        Some((UserRole::Township, Some("522701001".into())))
    );
}

#[test]
fn unknown_role() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(
        dir.path(),
        "u.csv",
        "账号,角色,范围\ndaemon,县级驻村办,522701\nbin,村长,522701001201\n",
    );
    refused(
        &db,
        &f,
        &[
            "u.csv:3: column 角色: unknown role \"村长\"; expected 州级管理员 (admin), 县级驻村办 (county), 乡镇联络员 (township), 驻村工作队 (team) or 只读 (viewer)",
            "zhucun: error: 1 problem in u.csv; nothing was written. Fix them and run the import again",
        ],
    );
}

#[test]
fn unknown_scope_and_wrong_level() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(
        dir.path(),
        "u.csv",
        "账号,角色,范围\ndaemon,county,522799\nbin,team,522701001\nsys,admin,522700\ngames,viewer,\n",
    );
    refused(
        &db,
        &f,
        &[
            "u.csv:2: column 范围: unknown division code 522799; no such division in the database (check the code with `zhucun report`)",
            "u.csv:3: column 范围: role team needs a village code (12 digits, e.g. 522701001201); 522701001 is a township code",
            "u.csv:4: column 范围: an admin acts on the whole database; leave out --scope",
            "u.csv:5: column 范围: role viewer needs --scope CODE (the division it works on)",
            "zhucun: error: 4 problems in u.csv; nothing was written. Fix them and run the import again",
        ],
    );
}

#[test]
fn duplicate_and_unknown_account() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(
        dir.path(),
        "u.csv",
        "账号,角色,范围\ndaemon,county,522701\nnosuchzhucunuser,viewer,522700\ndaemon,viewer,522700\n",
    );
    refused(
        &db,
        &f,
        &[
            "u.csv:3: column 账号: there is no account nosuchzhucunuser on this server (`getent passwd nosuchzhucunuser` finds nothing); create it first (useradd) or check the spelling",
            "u.csv:4: column 账号: account daemon appears twice in the file (first on line 2)",
            "zhucun: error: 2 problems in u.csv; nothing was written. Fix them and run the import again",
        ],
    );
}

#[test]
fn missing_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(dir.path(), "u.csv", "账号,范围\ndaemon,522701\n");
    refused(
        &db,
        &f,
        &[
            "u.csv:1: the header has no 角色 column (role); expected 账号, 角色, 范围 (optional), 姓名 (optional)",
            "zhucun: error: 1 problem in u.csv; nothing was written. Fix them and run the import again",
        ],
    );
}

#[test]
fn last_admin_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name;
    let f = write(
        dir.path(),
        "u.csv",
        &format!("账号,角色,范围\n{me},viewer,522700\n"),
    );
    refused(
        &db,
        &f,
        &[
            &format!(
                "u.csv:2: column 角色: {me} is the only administrator; keep an administrator (州级管理员) in the file or add another admin first"
            ),
            "zhucun: error: 1 problem in u.csv; nothing was written. Fix them and run the import again",
        ],
    );
}

/// One bad row anywhere: none of the good rows before or after it is written.
#[test]
fn all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(
        dir.path(),
        "u.csv",
        "账号,角色,范围\ndaemon,county,522701\nbin,team,522701001201\nsys,viewer,5227\ngames,viewer,522700\n",
    );
    let before = fingerprint(&db);
    let o = import(&db, &f, &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).starts_with("u.csv:4: column 范围: "),
        "{}",
        stderr(&o)
    );
    assert_eq!(before, fingerprint(&db));
    for a in ["daemon", "bin", "sys", "games"] {
        assert_eq!(role_of(&db, a), None, "{a} was written");
    }
}

/// Only administrators import accounts; the refusal is audited.
#[test]
fn admin_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name;
    // Make the test's own account a county office, with another admin.
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "INSERT INTO app_user(account, role, scope, added_by, added_at) VALUES ('daemon', 'admin', NULL, 'x', 'x')",
            [],
        )
        .unwrap();
        c.execute(
            "UPDATE app_user SET role = 'county', scope = '522701' WHERE account = ?1",
            [&me],
        )
        .unwrap();
    }
    let f = write(
        dir.path(),
        "u.csv",
        "账号,角色,范围\nbin,team,522701001201\n",
    );
    let o = import(&db, &f, &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("(county) may not administer for the whole database"),
        "not an admin refusal: {}",
        stderr(&o)
    );
    assert_eq!(role_of(&db, "bin"), None);
    let c = rusqlite::Connection::open(&db).unwrap();
    let refusals: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE outcome = 'refused' AND record = 'import/u.csv'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refusals, 1);
}

/// An account someone changes between the check and the write fails the
/// whole import: nothing of it is written.
#[test]
fn changed_meanwhile_writes_nothing() {
    use zhucun::transfer::{ImportKind, ImportOptions, prepare};
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(
        dir.path(),
        "u.csv",
        "账号,角色,范围\ndaemon,county,522701\nbin,team,522701001201\n",
    );
    let mut store = Store::open(&db, today()).unwrap();
    let prepared = prepare(
        &store,
        ImportKind::Users,
        &f,
        &ImportOptions::default(),
        &|_, _, _| {},
    )
    .unwrap();
    assert_eq!(prepared.counts().added, 2);
    // Meanwhile another administrator's session adds bin.
    let mut other = Store::open(&db, today()).unwrap();
    other
        .add_user("bin", UserRole::Viewer, Some(&code("522700")))
        .unwrap();
    drop(other);
    let before = fingerprint(&db);
    let e = prepared.write(&mut store, &|_, _, _| {}).unwrap_err();
    assert!(
        e.to_string()
            .contains("user bin was changed by someone else during the import"),
        "{e}"
    );
    assert_eq!(before, fingerprint(&db));
    assert_eq!(role_of(&db, "daemon"), None);
}

/// A new 姓名 for an account whose role and scope stay is a change: it is
/// written, and the same file again changes nothing.
#[test]
fn a_new_name_alone_is_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let f = write(dir.path(), "users.csv", GOOD);
    assert!(import(&db, &f, &[]).status.success());
    let renamed = GOOD.replace("李四", "李思");
    let f2 = write(dir.path(), "renamed.csv", &renamed);
    let o = import(&db, &f2, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!(
            "{} (UTF-8): imported: 3 rows, 0 added, 1 updated, 2 unchanged",
            f2.display()
        )
    );
    let store = Store::open(&db, today()).unwrap();
    assert_eq!(
        store.account_name("daemon").unwrap().as_deref(),
        Some("李思")
    );
    drop(store);
    let o = import(&db, &f2, &[]);
    assert!(
        stdout(&o).contains("0 updated, 3 unchanged"),
        "{}",
        stdout(&o)
    );
}
