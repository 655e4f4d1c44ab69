//! Helpers shared by the integration tests.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zhucun::domain::{Catalogue, DivisionCode, VillageType};
use zhucun::store::Store;

pub mod pty;

pub const TODAY: &str = "2026-11-28";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

pub fn code(s: &str) -> DivisionCode {
    DivisionCode::parse(s).unwrap()
}

/// A small database: one prefecture, one county, one township, two villages
/// and one community.
pub fn small_db(dir: &Path) -> PathBuf {
    let path = dir.join("small.db");
    let mut store = Store::create(&path, &Catalogue::builtin(), today()).unwrap();
    let rows: Vec<(DivisionCode, String, Vec<VillageType>)> = vec![
        (code("522700"), "黔南布依族苗族自治州".into(), vec![]),
        (code("522701"), "都匀市".into(), vec![]),
        (code("522702"), "福泉市".into(), vec![]),
        (code("522701001"), "广惠街道".into(), vec![]),
        (code("522702100"), "金山街道".into(), vec![]),
        (
            code("522701001001"),
            "云苑社区".into(),
            vec![VillageType::Relocation],
        ),
        (
            code("522701001201"),
            "松岭村".into(),
            vec![VillageType::FormerPoor],
        ),
        (code("522701001202"), "竹溪村".into(), vec![]),
        (code("522702100201"), "枫坪村".into(), vec![]),
    ];
    store.add_divisions(&rows).unwrap();
    // Tracked from the start of the year, so tests may record earlier months.
    // Written directly, so the audit trail holds only what tests count.
    store
        .conn()
        .execute(
            "UPDATE setting SET value = '2026-01-01' WHERE key = 'tracking_start'",
            [],
        )
        .unwrap();
    path
}

/// The real binary with `--db` and the pinned date, its input closed and no
/// database or config file named by the environment; add more with the
/// `Command` methods.
pub fn zhucun_command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhucun"));
    c.arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(args)
        .env_remove("ZHUCUN_DB")
        .env_remove("ZHUCUN_CONFIG")
        .env_remove("ZHUCUN_LANG")
        .env("XDG_CONFIG_HOME", db.with_extension("no-config"))
        .stdin(std::process::Stdio::null());
    c
}

/// Run the real binary with `--db` and the pinned date.
pub fn zhucun(db: &Path, args: &[&str]) -> Output {
    zhucun_command(db, args).output().expect("run zhucun")
}

/// Run the real binary: whether it succeeded, its standard output and error
/// (both must be UTF-8).
pub fn zhucun_text(db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = zhucun(db, args);
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Everything a command could have written: row counts of the tables that
/// change, and the newest audit hash.
pub fn fingerprint(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for t in [
        "division",
        "completion",
        "rollup",
        "audit",
        "team_member",
        "guidance",
        "app_user",
        "cadre",
        "dispatch_unit",
        "attendance",
        "attendance_month",
        "recall_case",
    ] {
        let n: i64 = c
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        out.push_str(&format!("{t}={n} "));
    }
    let h: String = c
        .query_row(
            "SELECT coalesce(max(hash), '') FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let s: String = c.query_row("SELECT coalesce(group_concat(village || task || period || status || version || note, ';'), '') FROM completion", [], |r| r.get(0)).unwrap();
    out.push_str(&h);
    out.push_str(&s);
    out
}
