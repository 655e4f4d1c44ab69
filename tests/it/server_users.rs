//! `zhucun user add|list|remove|set`: what works, and one clear message per
//! mistake with nothing written. Accounts `daemon`, `bin` and `sys` exist on
//! every Debian-like system; `nosuchzhucunuser` does not.

use crate::common;
use common::*;
use zhucun::domain::UserRole;
use zhucun::store::Store;

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let o = zhucun(db, &[&["--lang", "en"], args].concat());
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Runs a command that must fail, changing nothing; returns its message.
fn bad(db: &std::path::Path, args: &[&str]) -> String {
    bad_in(db, &[&["--lang", "en"], args].concat())
}

/// [`bad`] in the default language, Chinese.
fn bad_in(db: &std::path::Path, args: &[&str]) -> String {
    let before = fingerprint(db);
    let o = zhucun(db, args);
    assert!(!o.status.success(), "{args:?} succeeded: {}", stdout(&o));
    assert_eq!(before, fingerprint(db), "{args:?} wrote something");
    stderr(&o).trim().to_string()
}

#[test]
fn add_list_set_remove() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    assert_eq!(
        ok(
            &db,
            &[
                "user", "add", "daemon", "--role", "county", "--scope", "522701"
            ]
        )
        .trim(),
        "Saved: daemon · County office · 522701 都匀市"
    );
    ok(
        &db,
        &[
            "user",
            "add",
            "bin",
            "--role",
            "team",
            "--scope",
            "522701001201",
        ],
    );
    assert_eq!(
        ok(&db, &["user", "set", "bin", "--scope", "522701001202"]).trim(),
        "Saved: bin · Village team · 522701001202 竹溪村"
    );
    assert_eq!(
        ok(&db, &["user", "set", "bin", "--role", "admin"]).trim(),
        "Saved: bin · Prefecture admin · everything"
    );
    let list = ok(&db, &["user", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "{list}");
    assert!(lines[0].starts_with("Account  Name  Role"), "{list}");
    assert!(
        lines[1].starts_with("bin      -     Prefecture admin  everything"),
        "{list}"
    );
    assert!(
        lines[2].starts_with("daemon   -     County office     522701 都匀市"),
        "{list}"
    );
    assert_eq!(
        ok(&db, &["user", "remove", "daemon"]).trim(),
        "Access removed: daemon"
    );
    // Every change is in the audit trail with old and new values.
    let s = Store::open(&db, today()).unwrap();
    let trail: Vec<(String, Option<String>, Option<String>)> = s
        .audit_rows(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.record.starts_with("user/"))
        .map(|a| (a.action, a.old, a.new))
        .collect();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        trail,
        vec![
            ("add user".into(), None, some("county 522701")),
            ("add user".into(), None, some("team 522701001201")),
            (
                "set user".into(),
                some("team 522701001201"),
                some("team 522701001202")
            ),
            ("set user".into(), some("team 522701001202"), some("admin")),
            ("remove user".into(), some("county 522701"), None),
        ]
    );
}

#[test]
fn mistakes_get_one_clear_message_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = Store::open(&db, today()).unwrap().actor().account.clone();
    ok(
        &db,
        &[
            "user", "add", "daemon", "--role", "county", "--scope", "522701",
        ],
    );
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["user", "add", "nosuchzhucunuser", "--role", "viewer", "--scope", "522700"],
            "zhucun: error: there is no account nosuchzhucunuser on this server (`getent passwd nosuchzhucunuser` finds nothing); create it first (useradd) or check the spelling".into(),
        ),
        (
            vec!["user", "add", "daemon", "--role", "viewer", "--scope", "522700"],
            "zhucun: error: user add: daemon is already a user (county 522701); change it with `zhucun user set daemon --role ... --scope ...`".into(),
        ),
        (
            vec!["user", "add", "bin", "--role", "team", "--scope", "522701001"],
            "zhucun: error: --scope: role team needs a village code (12 digits, e.g. 522701001201); 522701001 is a township code".into(),
        ),
        (
            vec!["user", "add", "bin", "--role", "county"],
            "zhucun: error: --scope: role county needs --scope CODE (the division it works on)".into(),
        ),
        (
            vec!["user", "add", "bin", "--role", "admin", "--scope", "522700"],
            "zhucun: error: --scope: an admin acts on the whole database; leave out --scope".into(),
        ),
        (
            vec!["user", "add", "bin", "--role", "county", "--scope", "522799"],
            "zhucun: error: --scope: no division with code 522799 in this database; check the code with `zhucun report`".into(),
        ),
        (
            vec!["user", "add", "bin", "--role", "county", "--scope", "5227"],
            "zhucun: error: --scope: division code \"5227\" must be 6, 9 or 12 digits".into(),
        ),
        (
            vec!["user", "set", "sys", "--role", "viewer"],
            "zhucun: error: user set: sys is not a zhucun user; add it with `zhucun user add sys --role ... --scope ...`".into(),
        ),
        (
            vec!["user", "set", "daemon"],
            "zhucun: error: user set: give --role, --scope, --name or several; nothing was changed".into(),
        ),
        (
            vec!["user", "set", "daemon", "--role", "township"],
            "zhucun: error: --scope: role township needs a township code (9 digits, e.g. 522701001); 522701 is a county code".into(),
        ),
        (
            vec!["user", "remove", "sys"],
            "zhucun: error: sys is not a zhucun user; nothing was changed (see `zhucun user list`)".into(),
        ),
        (
            vec!["user", "remove", &me],
            format!("zhucun: error: user: {me} is the only administrator; add another admin first (`zhucun user add NAME --role admin`)"),
        ),
        (
            vec!["user", "set", &me, "--role", "viewer", "--scope", "522700"],
            format!("zhucun: error: user: {me} is the only administrator; add another admin first (`zhucun user add NAME --role admin`)"),
        ),
    ];
    let zh: Vec<String> = vec![
        "zhucun：错误：这台服务器上没有账号 nosuchzhucunuser（`getent passwd nosuchzhucunuser` 查不到）；请先创建（useradd）或检查拼写".into(),
        "zhucun：错误：user add：daemon 已经是用户（县级驻村办 522701）；用 `zhucun user set daemon --role ... --scope ...` 修改".into(),
        "zhucun：错误：--scope：角色 team（驻村工作队）需要村代码（12 位，例如 522701001201）；522701001 是乡镇（街道）代码".into(),
        "zhucun：错误：--scope：角色 county（县级驻村办）需要 --scope 代码（它负责的行政区划）".into(),
        "zhucun：错误：--scope：管理员作用于整个数据库；请去掉 --scope".into(),
        "zhucun：错误：--scope：这个数据库里没有代码为 522799 的行政区划；用 `zhucun report` 查看代码".into(),
        "zhucun：错误：--scope：行政区划代码 “5227” 应为 6、9 或 12 位数字".into(),
        "zhucun：错误：user set：sys 不是 zhucun 用户；用 `zhucun user add sys --role ... --scope ...` 添加".into(),
        "zhucun：错误：user set：请给出 --role、--scope、--name 中的一个或几个；什么也没有改".into(),
        "zhucun：错误：--scope：角色 township（乡镇联络员）需要乡镇代码（9 位，例如 522701001）；522701 是县（市）代码".into(),
        "zhucun：错误：sys 不是 zhucun 用户；没有任何改动（见 `zhucun user list`）".into(),
        format!("zhucun：错误：用户：{me} 是唯一的管理员；请先添加另一位管理员（`zhucun user add 账号 --role admin`）"),
        format!("zhucun：错误：用户：{me} 是唯一的管理员；请先添加另一位管理员（`zhucun user add 账号 --role admin`）"),
    ];
    assert_eq!(zh.len(), cases.len());
    for ((args, want), zh) in cases.into_iter().zip(zh) {
        assert_eq!(bad(&db, &args), want, "{args:?}");
        assert_eq!(bad_in(&db, &args), zh, "{args:?}");
    }
    // clap's own messages for malformed commands, in both languages.
    let m = bad(&db, &["user", "add", "bin", "--role", "boss"]);
    assert_eq!(
        m,
        "zhucun: error: invalid value 'boss' for --role <ROLE>; possible values: admin, county, township, team, viewer (see --help)"
    );
    let m = bad_in(&db, &["user", "add", "bin", "--role", "boss"]);
    assert_eq!(
        m,
        "zhucun：错误：“boss” 不是 --role <ROLE> 的有效值；可用的值：admin, county, township, team, viewer（用 --help 查看用法）"
    );
}

#[test]
fn only_administrators_manage_users_and_refusals_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let me = {
        let mut s = Store::open(&db, today()).unwrap();
        s.set_user("boss", UserRole::Admin, None).unwrap();
        let me = s.actor().account.clone();
        s.set_user(&me, UserRole::County, Some(&code("522701")))
            .unwrap();
        me
    };
    for args in [
        vec![
            "user", "add", "bin", "--role", "viewer", "--scope", "522700",
        ],
        vec!["user", "list"],
        vec![
            "user", "set", "boss", "--role", "viewer", "--scope", "522700",
        ],
        vec!["user", "remove", "boss"],
    ] {
        let o = zhucun(&db, &args);
        assert!(!o.status.success());
        assert_eq!(
            stderr(&o).trim(),
            format!(
                "zhucun：错误：权限不足：{me}（县级驻村办）无权管理整个数据库；此次尝试已记入审计日志"
            ),
            "{args:?}"
        );
    }
    let o = zhucun(&db, &["--lang", "en", "user", "list"]);
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "zhucun: error: permission denied: {me} (county) may not administer for the whole database; this was recorded in the audit log"
        )
    );
    let mut s = Store::open(&db, today()).unwrap();
    s.set_account_for_tests("boss").unwrap();
    let refused: Vec<String> = s
        .audit_rows(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|a| a.outcome == "refused")
        .map(|a| format!("{} {}", a.account, a.record))
        .collect();
    assert_eq!(
        refused,
        vec![
            format!("{me} user/bin"),
            format!("{me} users"),
            format!("{me} user/boss"),
            format!("{me} user/boss"),
            format!("{me} users"),
        ]
    );
}
