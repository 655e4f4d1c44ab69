//! Issue 15 on a real setgid installation with real accounts (root only;
//! skipped with a message otherwise): the WAL is checkpointed and emptied on
//! close (8), exports are private (9), only the configured database is
//! reachable and only root creates it (10), the audit trail's end is
//! anchored in a root-owned file (12), `doctor` for an unregistered account.

use crate::server_common;
use server_common::*;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Output;

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_string()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn wal_len(db: &Path) -> u64 {
    std::fs::metadata(format!("{}-wal", db.display()))
        .unwrap()
        .len()
}

/// A directory only `user` can use (for exports).
fn home_of(dep: &Deployment, user: &str) -> std::path::PathBuf {
    let home = dep.top.path().join(format!("home-{user}"));
    std::fs::create_dir(&home).unwrap();
    let st = std::process::Command::new("chown")
        .arg(user)
        .arg(&home)
        .status()
        .unwrap();
    assert!(st.success());
    home
}

#[test]
fn setgid_files_wal_exports_and_anchor() {
    if skip_unless_root("setgid_files_wal_exports_and_anchor") {
        return;
    }
    let acc = Accounts::create("s", 3);
    let (admin, team, stranger) = (&acc.users[0], &acc.users[1], &acc.users[2]);
    let Some(dep) = Deployment::try_install(&acc.group) else {
        return;
    };
    let gid = nix::unistd::Group::from_name(&acc.group)
        .unwrap()
        .unwrap()
        .gid
        .as_raw();
    // 10: nobody but root creates the configured database ...
    let o = dep.run_as(stranger, &["init", "--demo"]);
    assert!(!o.status.success());
    assert!(err(&o).contains("只能由 root 创建"), "{}", err(&o));
    // ... and no other file can be made in the data directory.
    let evil = dep.data.join("evil.db");
    let o = as_user(
        stranger,
        &dep.bin,
        &["--db", evil.to_str().unwrap(), "init", "--demo"],
    );
    assert!(!o.status.success(), "{}", out(&o));
    assert!(
        std::fs::read_dir(&dep.data).unwrap().next().is_none(),
        "nothing was created"
    );
    let o = dep.init(admin);
    assert!(o.status.success(), "init: {}", err(&o));
    for s in ["", "-wal", "-shm", "-anchor"] {
        let m = std::fs::metadata(format!("{}{s}", dep.db.display())).unwrap();
        assert_eq!(
            (m.uid(), m.gid(), m.mode() & 0o777),
            (0, gid, 0o660),
            "zhucun.db{s}"
        );
    }
    // 8: the last session to close checkpoints and empties the WAL.
    assert_eq!(wal_len(&dep.db), 0, "WAL right after init");
    let divisions = dep.top.path().join("divisions.csv");
    std::fs::write(
        &divisions,
        "代码,名称\n522700,黔南州\n522701,都匀市\n522701001,广惠街道\n",
    )
    .unwrap();
    let o = dep.run_as(admin, &["import", "divisions", divisions.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let villages = dep.top.path().join("villages.csv");
    std::fs::write(
        &villages,
        "乡镇代码,村代码,名称,类型\n522701001,522701001201,松岭村,\n",
    )
    .unwrap();
    let o = dep.run_as(admin, &["import", "villages", villages.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
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
    assert!(o.status.success(), "{}", err(&o));
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
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(wal_len(&dep.db), 0, "WAL with nobody connected");
    // 5: a team's import is limited; within the limit it never shuts out
    // another writer for long enough to be refused as busy.
    let head = "村代码,姓名,职务,派出单位,开始日期,结束日期\n";
    let roster = |n: usize| {
        let mut t = head.to_string();
        for i in 0..n {
            t.push_str(&format!(
                "522701001201,队员{i},驻村队员,县农业局,2026-01-01,\n"
            ));
        }
        t
    };
    let big = dep.top.path().join("big.csv");
    std::fs::write(&big, roster(zhucun::transfer::import::MAX_ROWS + 1)).unwrap();
    let o = dep.run_as(team, &["import", "teams", big.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(err(&o).contains("最多导入"), "{}", err(&o));
    let max = dep.top.path().join("max.csv");
    std::fs::write(&max, roster(zhucun::transfer::import::MAX_ROWS)).unwrap();
    let importer = std::process::Command::new("runuser")
        .args(["-u", team, "--"])
        .arg(&dep.bin)
        .args([
            "--db",
            dep.db.to_str().unwrap(),
            "import",
            "teams",
            max.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let o = dep.run_as(
        admin,
        &[
            "record",
            "--village",
            "522701001201",
            "--task",
            "2",
            "--status",
            "doing",
        ],
    );
    assert!(
        o.status.success(),
        "a writer beside a maximal import: {}",
        err(&o)
    );
    let done = importer.wait_with_output().unwrap();
    assert!(done.status.success(), "{}", err(&done));
    assert_eq!(wal_len(&dep.db), 0, "WAL with nobody connected");
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    assert!(o.status.success(), "{}\n{}", out(&o), err(&o));
    assert!(out(&o).contains("-wal is empty"), "{}", out(&o));
    // 12: the anchor followed the commits and is root's.
    let anchor = std::fs::read_to_string(format!("{}-anchor", dep.db.display())).unwrap();
    assert!(
        anchor.starts_with(|c: char| c.is_ascii_digit()),
        "{anchor:?}"
    );
    // 9: an administrator's export is private to them.
    let home = home_of(&dep, admin);
    let csv = home.join("all.csv");
    std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let o = dep.run_as(
        admin,
        &["export", "--period", "2026", "-o", csv.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    let m = std::fs::metadata(&csv).unwrap();
    assert_eq!(m.mode() & 0o777, 0o600);
    assert_ne!(
        m.gid(),
        gid,
        "the export must not carry the deployment group"
    );
    let cat = as_user(stranger, Path::new("/bin/cat"), &[csv.to_str().unwrap()]);
    assert!(!cat.status.success(), "another account read the export");
    // An unregistered account's doctor says only that, and whom to ask.
    let o = dep.run_as(stranger, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(!out(&o).contains("zhucun.db-shm"), "{}", out(&o));
    assert!(err(&o).contains("is not a zhucun user"), "{}", err(&o));
    assert!(err(&o).contains(admin.as_str()), "{}", err(&o));
    // 10: doctor fails on anything else in the data directory.
    std::fs::write(dep.data.join("stray.db"), b"x").unwrap();
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(out(&o).contains("stray.db"), "{}", out(&o));
    std::fs::remove_file(dep.data.join("stray.db")).unwrap();
    // 8: a WAL that is not empty while nobody is connected (a restore that
    // skipped the truncate step) is a doctor finding.
    std::fs::write(format!("{}-wal", dep.db.display()), vec![0u8; 4096]).unwrap();
    let o = dep.run_as(admin, &["--lang", "en", "doctor"]);
    assert!(!o.status.success(), "{}", out(&o));
    assert!(
        out(&o).contains("although nobody has the database open"),
        "{}",
        out(&o)
    );
}
