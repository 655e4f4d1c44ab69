//! `zhucun backup OUT`: a consistent snapshot while others write, never an
//! overwrite without --force, administrators only, and the restore procedure
//! docs/deployment.md describes.

use crate::common;
use crate::concurrency_common;
use common::*;
use concurrency_common::check_invariants;
use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use zhucun::domain::{Period, Status, UserRole};
use zhucun::store::{RecordInput, Store};

fn rec(village: &str, task: u32, n: usize) -> RecordInput {
    RecordInput {
        village: code(village),
        task,
        period: Period::parse("2026-11").unwrap(),
        status: if n.is_multiple_of(2) {
            Status::Doing
        } else {
            Status::Done
        },
        note: Some(format!("第{n}次")),
        done_on: None,
        expected_version: None,
    }
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn backups_taken_while_others_write_are_consistent_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let stop = Arc::new(AtomicBool::new(false));
    // Rounds of three writes the writer has committed so far.
    let done = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop, done) = (db.clone(), stop.clone(), done.clone());
        std::thread::spawn(move || {
            let mut s = Store::open(&db, today()).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                for (v, t) in [
                    ("522701001201", 1),
                    ("522701001202", 4),
                    ("522702100201", 9),
                ] {
                    s.record(&rec(v, t, n)).unwrap();
                }
                n += 1;
                done.store(n, Ordering::Relaxed);
            }
            n
        })
    };
    let mut copies = Vec::new();
    for i in 0..3 {
        // Each copy is taken after more writes than the one before.
        let before = done.load(Ordering::Relaxed);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while done.load(Ordering::Relaxed) <= before {
            assert!(
                std::time::Instant::now() < deadline,
                "the writer stopped writing"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let out = dir.path().join(format!("copy{i}.db"));
        let o = zhucun(&db, &["--lang", "en", "backup", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).starts_with(&format!(
            "Backed up: {} → {}",
            db.display(),
            out.display()
        )));
        copies.push(out);
    }
    stop.store(true, Ordering::Relaxed);
    let rounds = writer.join().unwrap();
    assert!(rounds > 0);
    let mut writes = Vec::new();
    for c in &copies {
        assert_eq!(
            std::fs::metadata(c).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Integrity, versions = audit rows, rollups = recount, chain intact.
        writes.push(check_invariants(c));
    }
    assert!(writes.windows(2).all(|w| w[0] <= w[1]), "{writes:?}");
    // Each backup is itself in the live trail.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'backup' AND outcome = 'ok'"
        ),
        3
    );
}

#[test]
fn an_existing_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let out = dir.path().join("keep.db");
    std::fs::write(&out, "precious").unwrap();
    let o = zhucun(&db, &["backup", out.to_str().unwrap()]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "zhucun：错误：备份：{} 已存在；zhucun 不会覆盖它（加 --force 替换，或换一个文件名）",
            out.display()
        )
    );
    let o = zhucun(&db, &["--lang", "en", "backup", out.to_str().unwrap()]);
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "zhucun: error: backup: {} already exists; zhucun will not overwrite it (add --force to replace it, or choose another name)",
            out.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    let o = zhucun(&db, &["backup", "--force", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        count(&out, "SELECT count(*) FROM division"),
        count(&db, "SELECT count(*) FROM division")
    );
    // Bad destinations: clear messages, nothing left behind.
    for (target, want, zh) in [
        (
            dir.path().join("no/such/dir/x.db"),
            format!(
                "zhucun: error: backup: cannot write {}: its directory does not exist; choose a file in a directory you can write to",
                dir.path().join("no/such/dir/x.db").display()
            ),
            format!(
                "zhucun：错误：备份：无法写入 {}：所在目录不存在；请选一个你能写入的目录里的文件",
                dir.path().join("no/such/dir/x.db").display()
            ),
        ),
        (
            dir.path().to_path_buf(),
            format!(
                "zhucun: error: backup: {} is a directory; give a file name such as {}/zhucun-backup.db",
                dir.path().display(),
                dir.path().display()
            ),
            format!(
                "zhucun：错误：备份：{0} 是一个目录；请给出文件名，例如 {0}/zhucun-backup.db",
                dir.path().display()
            ),
        ),
    ] {
        let o = zhucun(&db, &["--lang", "en", "backup", target.to_str().unwrap()]);
        assert!(!o.status.success());
        assert_eq!(stderr(&o).trim(), want);
        let o = zhucun(&db, &["backup", target.to_str().unwrap()]);
        assert!(!o.status.success());
        assert_eq!(stderr(&o).trim(), zh);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn backups_are_for_administrators() {
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
    let out = dir.path().join("copy.db");
    let o = zhucun(&db, &["backup", out.to_str().unwrap()]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "zhucun：错误：权限不足：{me}（县级驻村办）无权管理整个数据库；此次尝试已记入审计日志"
        )
    );
    assert!(!out.exists());
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'administer' AND record = 'backup' AND outcome = 'refused'"
        ),
        1
    );
}

#[test]
fn restore_as_documented_in_a_shared_directory() {
    let dir = tempfile::tempdir().unwrap();
    // A setgid directory, as on the server: -wal and -shm are kept.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
    let db = small_db(dir.path());
    let wal = dir.path().join("small.db-wal");
    let shm = dir.path().join("small.db-shm");
    {
        let mut s = Store::open(&db, today()).unwrap();
        s.record(&rec("522701001201", 1, 1)).unwrap();
    }
    assert!(wal.exists() && shm.exists(), "kept after the last session");
    assert_eq!(
        std::fs::metadata(&wal).unwrap().len(),
        0,
        "the last session leaves an empty WAL"
    );
    let backup = dir.path().join("backup.db");
    assert!(
        zhucun(&db, &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
    // Work after the backup, then a crash (kill -9 of a writer) that
    // leaves committed frames in the WAL.
    let job = concurrency_common::Job {
        kind: "kill".into(),
        db: db.display().to_string(),
        account: Store::open(&db, today()).unwrap().actor().account.clone(),
        villages: vec!["522701001202".into()],
        count: 1_000_000,
        tag: "after".into(),
        think_ms: 0,
    };
    let mut child = concurrency_common::worker_command(&job).spawn().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    let mut acked = 0;
    while acked < 5 {
        if lines.next().unwrap().unwrap().starts_with("ACK ") {
            acked += 1;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    // Why the WAL must be emptied: the same files without that step show the
    // old WAL's frames on top of the restored file.
    let control = tempfile::tempdir().unwrap();
    let cdb = control.path().join("small.db");
    std::fs::copy(&backup, &cdb).unwrap();
    std::fs::copy(&wal, control.path().join("small.db-wal")).unwrap();
    assert!(
        count(
            &cdb,
            "SELECT count(*) FROM completion WHERE village = '522701001202'"
        ) > 0,
        "without emptying the WAL the restore is not the backup"
    );
    // Restore: nobody uses zhucun; copy the backup over the database and
    // empty the WAL and shared-memory files (they belong to the old file).
    std::fs::copy(&backup, &db).unwrap();
    std::fs::File::create(&wal).unwrap();
    std::fs::File::create(&shm).unwrap();
    let s = Store::open(&db, today()).unwrap();
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM completion WHERE village = '522701001202'"
        ),
        0,
        "the restored file holds the backup's contents, not the old WAL's"
    );
    assert_eq!(
        s.completion(&code("522701001201"), 1, Period::parse("2026-11").unwrap())
            .unwrap()
            .unwrap()
            .note,
        "第1次"
    );
    assert_eq!(s.quick_check().ok(), Some(()));
    assert_eq!(s.verify_audit().unwrap(), None);
}
