//! Starting the terminal UI with bad input: each case gets one clear line,
//! a non-zero exit, and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

use std::path::Path;
use std::process::{Command, Output};

fn zhucun(db: &Path, config_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-28"])
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("ZHUCUN_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run zhucun")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_config(dir: &Path, text: &str) -> std::path::PathBuf {
    let d = dir.join("zhucun");
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

fn empty_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("z.db");
    let o = zhucun(&db, dir, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

#[test]
fn conflicting_key_binding_names_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let cfg = write_config(dir.path(), "[keys]\nmark_done = \"e\"\n");
    let o = zhucun(&db, dir.path(), &[]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "zhucun: error: {}: key \"e\" is bound to both mark_done and edit_note in the checklist context; change one of them under [keys]",
            cfg.display()
        )
    );
}

#[test]
fn config_syntax_error_gives_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let cfg = write_config(dir.path(), "lang = \"zh\"\ncolor = never\n");
    let o = zhucun(&db, dir.path(), &[]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.starts_with(&format!("zhucun: error: {}, line 2: ", cfg.display())),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[test]
fn unknown_action_in_config() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let cfg = write_config(dir.path(), "[keys]\nfly = \"f\"\n");
    let o = zhucun(&db, dir.path(), &["demo"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).starts_with(&format!(
            "zhucun: error: {}: [keys] fly: no such action; known actions: ",
            cfg.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn no_terminal_says_to_use_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let before = std::fs::read(&db).unwrap();
    let o = zhucun(&db, dir.path(), &[]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim_end(),
        "zhucun: error: the terminal UI needs a terminal, and standard output is not one; use `zhucun report` for plain text"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing written");
}

#[test]
fn missing_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nope.db");
    let o = zhucun(&db, dir.path(), &[]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "zhucun: error: no database at {}; create one with `zhucun init` (or `zhucun init --demo`)",
            db.display()
        )
    );
    assert!(!db.exists());
}

#[test]
fn bad_color_value_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let o = zhucun(&db, dir.path(), &["--color", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'sometimes' for '--color <WHEN>'"),
        "{}",
        stderr(&o)
    );
}
