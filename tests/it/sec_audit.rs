//! Issue 15 item 12 (the audit trail's end is anchored outside the
//! database) and the small ones: `check | head`, `doctor` on missing
//! triggers.

use crate::common;
use common::*;
use std::process::{Command, Stdio};

fn raw(db: &std::path::Path, sql: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(sql).unwrap();
}

fn some_writes(db: &std::path::Path) {
    for t in 1..=3 {
        let o = zhucun(
            db,
            &[
                "record",
                "--village",
                "522701001201",
                "--task",
                &t.to_string(),
                "--status",
                "done",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn cutting_the_tail_fails_verify_and_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    some_writes(&db);
    let o = zhucun(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    raw(
        &db,
        "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);",
    );
    let o = zhucun(&db, &["audit", "verify"]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("审计记录被截断：它止于第 4 行，但第 5 行曾经写入"),
        "{}",
        stderr(&o)
    );
    let o = zhucun(&db, &["--lang", "en", "audit", "verify"]);
    assert!(stderr(&o).contains("audit trail cut"), "{}", stderr(&o));
    let o = zhucun(&db, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("audit_no_delete"), "{}", stdout(&o));
    assert!(stdout(&o).contains("audit trail cut"), "{}", stdout(&o));
}

#[test]
fn deleting_every_row_fails_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    some_writes(&db);
    raw(&db, "DROP TRIGGER audit_no_delete; DELETE FROM audit;");
    let o = zhucun(&db, &["audit", "verify"]);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stderr(&o).contains("止于第 0 行"), "{}", stderr(&o));
    let o = zhucun(&db, &["--lang", "en", "audit", "verify"]);
    assert!(stderr(&o).contains("ends at row 0"), "{}", stderr(&o));
}

#[test]
fn dropped_triggers_are_a_doctor_finding() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let o = zhucun(&db, &["--lang", "en", "doctor"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    raw(&db, "DROP TRIGGER audit_no_update;");
    let o = zhucun(&db, &["--lang", "en", "doctor"]);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("audit_no_update"), "{}", stdout(&o));
}

#[test]
fn check_into_a_closed_pipe_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .arg("--db")
        .arg(&db)
        .arg("check")
        .env_remove("ZHUCUN_DB")
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(101), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// Unmounts when dropped.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn doctor_finds_a_read_only_mount() {
    if !nix::unistd::Uid::current().is_root() {
        println!("SKIP doctor_finds_a_read_only_mount: needs root (bind mount)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let ro = dir.path().join("ro");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&ro).unwrap();
    let db = small_db(&src);
    let ok = |args: &[&str]| {
        Command::new("mount")
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ok(&["--bind", src.to_str().unwrap(), ro.to_str().unwrap()]) {
        println!("SKIP doctor_finds_a_read_only_mount: cannot bind-mount here");
        return;
    }
    let _m = Mounted(ro.clone());
    assert!(ok(&["-o", "remount,bind,ro", ro.to_str().unwrap()]));
    let o = zhucun(
        &ro.join(db.file_name().unwrap()),
        &["--lang", "en", "doctor"],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("cannot be written"), "{}", stdout(&o));
}
