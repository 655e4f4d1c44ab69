//! A setgid program must not follow environment variables that redirect
//! SQLite's temporary files (`SQLITE_TMPDIR`, `TMPDIR`): every connection the
//! store opens keeps temporary storage in memory. A child process started
//! with both variables pointing at a watched directory builds a temporary
//! table on a store connection and on a control connection set to use files,
//! and lists which of its open files live in that directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod common;
use common::*;
use std::path::Path;
use zhucun::store::Store;

const CHILD: &str = "ZHUCUN_TMPDIR_CHILD";

/// Open files of this process that live under `dir` (SQLite unlinks its
/// temporary files at once, so they only show up here, as "(deleted)").
fn open_files_under(dir: &Path) -> Vec<String> {
    let dir = dir.display().to_string();
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .map(|p| p.display().to_string())
        .filter(|p| p.starts_with(&dir))
        .collect()
}

fn fill_temp_table(c: &rusqlite::Connection) {
    c.execute_batch(
        "CREATE TEMP TABLE scratch(x);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         INSERT INTO scratch SELECT randomblob(100) FROM n;",
    )
    .unwrap();
}

#[test]
#[ignore = "child process started by temporary_storage_ignores_sqlite_tmpdir"]
fn child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let (db, watched) = spec.split_once('|').unwrap();
    let watched = Path::new(watched);
    let store = Store::open(Path::new(db), today()).unwrap();
    let temp_store: i64 = store
        .conn()
        .pragma_query_value(None, "temp_store", |r| r.get(0))
        .unwrap();
    fill_temp_table(store.conn());
    println!(
        "STORE temp_store={temp_store} files={}",
        open_files_under(watched).len()
    );
    // Control: a connection that does use temporary files shows up here,
    // so an empty list above means something.
    let control = rusqlite::Connection::open(db).unwrap();
    control.pragma_update(None, "temp_store", "FILE").unwrap();
    fill_temp_table(&control);
    println!("CONTROL files={}", open_files_under(watched).len());
}

#[test]
fn temporary_storage_ignores_sqlite_tmpdir() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let watched = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["child", "--exact", "--ignored", "--nocapture", "-q"])
        .env(
            CHILD,
            format!("{}|{}", db.display(), watched.path().display()),
        )
        .env("SQLITE_TMPDIR", watched.path())
        .env("TMPDIR", watched.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("STORE temp_store=2 files=0"), "{text}");
    let control = text
        .lines()
        .find_map(|l| l.strip_prefix("CONTROL files="))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        control.parse::<u32>().unwrap() >= 1,
        "the control connection should have used the watched directory: {text}"
    );
}
