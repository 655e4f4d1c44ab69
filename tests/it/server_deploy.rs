//! The documented shared-server installation, end to end, with real Unix
//! accounts (root only; skipped with a message otherwise): the database is
//! reachable only through the setgid program, a coordinator outside a
//! village's scope is refused and audited, nobody can open the file
//! directly, backups are written with the user's own rights, and `doctor`
//! finds the mistakes an administrator is likely to make.

use crate::common;
use crate::server_common;
use common::*;
use server_common::*;
use std::os::unix::fs::MetadataExt;
use std::process::{Command, Output};
use zhucun::domain::{DivisionCode, VillageType};
use zhucun::store::Store;

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_string()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Open the database file directly, as `user`, the way someone trying to
/// bypass the program would. None when no SQLite program is installed.
fn direct_open(user: &str, db: &std::path::Path) -> Option<Output> {
    let opener = direct_opener();
    if opener.is_none() {
        println!("SKIP direct-open checks: neither sqlite3 nor python3 is installed");
    }
    let (kind, program) = opener?;
    Some(if kind == "sqlite3" {
        as_user(
            user,
            &program,
            &[db.to_str().unwrap(), "SELECT count(*) FROM audit;"],
        )
    } else {
        let script = format!(
            "import sqlite3; print(sqlite3.connect({:?}).execute('SELECT count(*) FROM audit').fetchone())",
            db.display()
        );
        as_user(user, &program, &["-c", &script])
    })
}

fn divisions() -> Vec<(DivisionCode, String, Vec<VillageType>)> {
    vec![
        (code("522700"), "黔南布依族苗族自治州".into(), vec![]),
        (code("522701"), "都匀市".into(), vec![]),
        (code("522701001"), "广惠街道".into(), vec![]),
        (code("522701001201"), "松岭村".into(), vec![]),
        (code("522701001202"), "竹溪村".into(), vec![]),
    ]
}

#[test]
fn setgid_deployment_keeps_the_database_behind_the_program() {
    if skip_unless_root("setgid_deployment_keeps_the_database_behind_the_program") {
        return;
    }
    let acc = Accounts::create("d", 2);
    let (admin, team) = (acc.users[0].as_str(), acc.users[1].as_str());
    let Some(dep) = Deployment::try_install(&acc.group) else {
        return;
    };
    let gid = nix::unistd::Group::from_name(&acc.group)
        .unwrap()
        .unwrap()
        .gid
        .as_raw();

    // Root creates the database through the setgid binary and hands it to
    // the first administrator.
    let o = dep.init(admin);
    assert!(o.status.success(), "init: {}", err(&o));
    for s in ["", "-wal", "-shm"] {
        let m = std::fs::metadata(format!("{}{s}", dep.db.display())).unwrap();
        assert_eq!(m.gid(), gid, "zhucun.db{s} takes the directory's group");
        assert_eq!(m.mode() & 0o777, 0o660, "zhucun.db{s} mode");
    }
    dep.chown_to_root();
    // Divisions arrive by import in real life; here through the library.
    {
        let mut s = Store::open(&dep.db, today()).unwrap();
        s.set_account_for_tests(admin).unwrap();
        s.add_divisions(&divisions()).unwrap();
    }
    let o = dep.run_as(
        admin,
        &[
            "user",
            "add",
            team,
            "--role",
            "team",
            "--scope",
            "522701001201",
        ],
    );
    assert!(o.status.success(), "user add: {}", err(&o));

    // In scope: recorded through the program.
    let o = dep.run_as(
        team,
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
    assert!(o.status.success(), "record in scope: {}", err(&o));
    // Outside the scope: refused, with a clear message, and audited.
    let o = dep.run_as(
        team,
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
        err(&o),
        format!(
            "zhucun：错误：权限不足：{team}（驻村工作队）无权记录 522701001202 的完成情况；此次尝试已记入审计日志"
        )
    );
    let o = dep.run_as(admin, &["--lang", "en", "audit", "--account", team]);
    assert!(o.status.success(), "{}", err(&o));
    let listing = out(&o);
    assert!(
        listing.contains("completion/522701001202/1/2026-11  refused"),
        "{listing}"
    );
    assert!(
        listing.contains("completion/522701001201/1/2026-11  ok"),
        "{listing}"
    );

    // Nobody outside the group opens the file directly: not the database,
    // not its WAL, not even the directory listing.
    if let Some(o) = direct_open(team, &dep.db) {
        assert!(!o.status.success(), "direct open worked: {}", out(&o));
        assert!(
            err(&o).contains("unable to open database file"),
            "{}",
            err(&o)
        );
        let o = direct_open(admin, &dep.db).unwrap();
        assert!(!o.status.success(), "the administrator too");
    }
    let o = as_user(
        team,
        std::path::Path::new("cat"),
        &[&format!("{}-wal", dep.db.display())],
    );
    assert!(!o.status.success() && err(&o).contains("Permission denied"));
    let o = as_user(
        team,
        std::path::Path::new("ls"),
        &[dep.data.to_str().unwrap()],
    );
    assert!(!o.status.success());

    // Backups: administrators only; written with the user's own rights.
    let o = dep.run_as(team, &["--lang", "en", "backup", "/tmp/never.db"]);
    assert!(err(&o).starts_with(&format!(
        "zhucun: error: permission denied: {team} (team) may not administer"
    )));
    let into_data = format!("{}/copy.db", dep.data.display());
    let o = dep.run_as(admin, &["backup", &into_data]);
    assert!(!o.status.success(), "a backup into the protected directory");
    assert!(err(&o).contains("Permission denied"), "{}", err(&o));
    let mine = tempfile::Builder::new()
        .prefix("zhucun-admin")
        .tempdir_in("/tmp")
        .unwrap();
    Command::new("chown")
        .arg(admin)
        .arg(mine.path())
        .status()
        .unwrap();
    let copy = mine.path().join("backup.db");
    let o = dep.run_as(admin, &["backup", copy.to_str().unwrap()]);
    assert!(o.status.success(), "backup: {}", err(&o));
    let m = std::fs::metadata(&copy).unwrap();
    let admin_uid = nix::unistd::User::from_name(admin).unwrap().unwrap().uid;
    assert_eq!(m.uid(), admin_uid.as_raw());
    assert_ne!(
        m.gid(),
        gid,
        "the backup must not carry the deployment group"
    );
    assert_eq!(m.mode() & 0o777, 0o600);

    // Every file still belongs to root: no session re-created -wal or -shm.
    for s in ["", "-wal", "-shm"] {
        let m = std::fs::metadata(format!("{}{s}", dep.db.display())).unwrap();
        assert_eq!((m.uid(), m.gid()), (0, gid), "zhucun.db{s} owner");
    }
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    assert!(o.status.success(), "doctor: {}\n{}", out(&o), err(&o));
    assert!(out(&o).contains("no problems found"));
    let o = dep.run_as(admin, &["doctor"]);
    assert!(out(&o).contains("没有发现问题"), "{}", out(&o));

    // The store agrees with the command line about what happened.
    let s = Store::open(&dep.db, today()).unwrap();
    let refused: Vec<String> = s
        .conn()
        .prepare("SELECT account || ' ' || action || ' ' || record FROM audit WHERE outcome = 'refused' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        refused,
        vec![
            format!("{team} record completion completion/522701001202/1/2026-11"),
            format!("{team} administer backup"),
        ]
    );
    assert_eq!(s.verify_audit().unwrap(), None);
    println!(
        "setgid deployment: {} refused attempts by a second account (CLI record outside its village, backup), all audited; direct sqlite3 open refused for both accounts",
        refused.len()
    );
}

#[test]
fn doctor_names_the_fix_for_each_mistake() {
    if skip_unless_root("doctor_names_the_fix_for_each_mistake") {
        return;
    }
    let acc = Accounts::create("m", 2);
    let (admin, other) = (acc.users[0].as_str(), acc.users[1].as_str());
    let g = acc.group.as_str();
    let Some(dep) = Deployment::try_install(g) else {
        return;
    };
    assert!(dep.init(admin).status.success());
    // Mistake 1: the files were handed to a coordinator.
    for s in ["", "-wal", "-shm"] {
        let st = Command::new("chown")
            .arg(format!("{admin}:{g}"))
            .arg(format!("{}{s}", dep.db.display()))
            .status()
            .unwrap();
        assert!(st.success());
    }
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    let text = out(&o);
    let db = dep.db.display().to_string();
    assert!(
        text.contains(&format!(
            "FIX  {db}: {admin}:{g} 0660, want root:{g} 0660; its owner {admin} can open it directly, outside zhucun"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("$ chown root:{g} {db} && chmod 0660 {db}")),
        "{text}"
    );
    assert_eq!(
        err(&o),
        "zhucun: error: 3 problems found: run the commands shown (as root unless marked otherwise), then `zhucun doctor` again"
    );
    // The same findings in Chinese, the default; the commands stay as typed.
    let o = dep.run_as(admin, &["doctor"]);
    let text = out(&o);
    assert!(text.starts_with("zhucun 体检 · "), "{text}");
    assert!(
        text.contains(&format!(
            "修复 {db}：{admin}:{g} 0660，应为 root:{g} 0660；它的所有者 {admin} 能绕过 zhucun 直接打开它"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("$ chown root:{g} {db} && chmod 0660 {db}")),
        "{text}"
    );
    assert_eq!(
        err(&o),
        "zhucun：错误：发现 3 个问题：请运行上面列出的命令（除非另有说明，以 root 运行），然后再运行 `zhucun doctor`"
    );
    dep.chown_to_root();
    assert!(
        dep.run_as(admin, &["--lang", "en", "doctor"])
            .status
            .success()
    );

    // Mistake 2: a coordinator was put into the group (they could then open
    // the file directly, which the doctor explains).
    let st = Command::new("gpasswd")
        .args(["-a", other, g])
        .output()
        .unwrap();
    assert!(st.status.success());
    if let Some(o) = direct_open(other, &dep.db) {
        assert!(o.status.success(), "a group member opens the file directly");
    }
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(
        out(&o).contains(&format!(
            "FIX  account {other} is a member of group {g} and can open the database file directly"
        )),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains(&format!("$ gpasswd -d {other} {g}")));
    Command::new("gpasswd")
        .args(["-d", other, g])
        .output()
        .unwrap();

    // Mistake 3: the WAL went missing (removed by hand): whoever re-created
    // it would own it.
    std::fs::remove_file(format!("{db}-wal")).unwrap();
    // Sessions refuse to re-create it (they would own it).
    let o = dep.run_as(other, &["report"]);
    assert_eq!(
        err(&o),
        format!(
            "zhucun：错误：{db}：{db}-wal 不见了，谁重建它谁就拥有它；请管理员以 root 运行 `zhucun doctor`，它会给出恢复的命令"
        )
    );
    let o = dep.run_as(other, &["--lang", "en", "report"]);
    assert_eq!(
        err(&o),
        format!(
            "zhucun: error: {db}: {db}-wal is missing, and whoever re-created it would own it; ask an administrator to run `zhucun doctor` as root, which prints the command that restores it"
        )
    );
    assert!(!std::path::Path::new(&format!("{db}-wal")).exists());
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    let text = out(&o);
    assert!(
        text.contains(&format!(
            "$ install -o root -g {g} -m 0660 /dev/null {db}-wal"
        )),
        "{text}"
    );
    // Mistake 4: the directory lost its sticky bit, the binary its setgid bit.
    Command::new("chmod")
        .args(["2770", dep.data.to_str().unwrap()])
        .status()
        .unwrap();
    let o = Command::new(&dep.bin)
        .args(["--db", &db, "--lang", "en", "doctor"])
        .output()
        .unwrap();
    let text = out(&o);
    assert!(text.contains(&format!(
        "$ chown root:{g} {} && chmod 3770 {}",
        dep.data.display(),
        dep.data.display()
    )));
    Command::new("chmod")
        .args(["0755", dep.bin.to_str().unwrap()])
        .status()
        .unwrap();
    let o = Command::new(&dep.bin)
        .args(["--db", &db, "--lang", "en", "doctor"])
        .output()
        .unwrap();
    let text = out(&o);
    assert!(
        text.contains(&format!(
            "$ chown root:{g} {b} && chmod 2755 {b}",
            b = dep.bin.display()
        )),
        "{text}"
    );
}

#[test]
fn personal_install_doctor_says_so_and_checks_health() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let o = zhucun(&db, &["--lang", "en", "doctor"]);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(
        text.contains("WARN personal install: neither this binary nor"),
        "{text}"
    );
    assert!(text.contains("ok   database opens; quick_check ok"));
    assert!(text.contains("ok   audit chain intact (2 rows)"), "{text}");
    assert!(text.ends_with("no problems found\n"));
    let o = zhucun(&dir.path().join("none.db"), &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(out(&o).contains("FIX  no database at"));
}
