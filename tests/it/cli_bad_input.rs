//! Every rejected input: one clear line on stderr, a non-zero exit, nothing
//! written; in Chinese by default and in English with `--lang en` (each
//! fixture asserts both: the Chinese line, a newline, the English line).

use crate::common;
use common::*;

/// Run a command expected to fail, in Chinese (the default) and again with
/// `--lang en`; return both single stderr lines, Chinese first, joined by a
/// newline (one line when `args` choose the language themselves).
fn refused(db: &std::path::Path, args: &[&str]) -> String {
    if args.contains(&"--lang") {
        return refused_in(db, args);
    }
    let zh = refused_in(db, args);
    let en = refused_in(db, &[&["--lang", "en"], args].concat());
    format!("{zh}\n{en}")
}

/// Run a command expected to fail; return its single stderr line.
fn refused_in(db: &std::path::Path, args: &[&str]) -> String {
    let before = db.exists().then(|| fingerprint(db));
    let out = zhucun(db, args);
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "more than one line: {err}"
    );
    assert!(
        stdout(&out).is_empty(),
        "printed to stdout: {}",
        stdout(&out)
    );
    if let Some(before) = before {
        assert_eq!(fingerprint(db), before, "{args:?} wrote to the database");
    }
    err.trim_end().to_string()
}

#[test]
fn malformed_and_impossible_periods() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let base = [
        "record",
        "--village",
        "522701001201",
        "--task",
        "1",
        "--status",
        "done",
    ];
    fn with<'a>(base: &[&'a str], p: &'a str) -> Vec<&'a str> {
        [base, &["--period", p]].concat()
    }
    assert_eq!(
        refused(&db, &with(&base, "2026-13")),
        "zhucun：错误：--period：期间 “2026-13”：没有 13 月（1-12）\nzhucun: error: --period: period \"2026-13\": month 13 does not exist (1-12)"
    );
    assert_eq!(
        refused(&db, &with(&base, "2026/11")),
        "zhucun：错误：--period：期间 “2026/11” 不是月份（2026-11）、季度（2026Q4）或年份（2026）\nzhucun: error: --period: period \"2026/11\" is not a month (2026-11), a quarter (2026Q4) or a year (2026)"
    );
    assert_eq!(
        refused(&db, &with(&base, "2026Q5")),
        "zhucun：错误：--period：期间 “2026Q5”：没有第 5 季度（Q1-Q4）\nzhucun: error: --period: period \"2026Q5\": quarter 5 does not exist (Q1-Q4)"
    );
    // A monthly task recorded against a quarter.
    assert_eq!(
        refused(&db, &with(&base, "2026Q4")),
        "zhucun：错误：--period：任务 1 每月，按月记录：请用 2026-10 这样的期间，而不是 2026Q4\nzhucun: error: --period: task 1 is monthly and is recorded per month: use a period like 2026-10, not 2026Q4"
    );
    assert_eq!(
        refused(&db, &["report", "--period", "2026-00"]),
        "zhucun：错误：--period：期间 “2026-00”：没有 0 月（1-12）\nzhucun: error: --period: period \"2026-00\": month 0 does not exist (1-12)"
    );
}

#[test]
fn unknown_village_and_task() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    assert_eq!(
        refused(
            &db,
            &[
                "record",
                "--village",
                "522701001299",
                "--task",
                "1",
                "--status",
                "done"
            ]
        ),
        "zhucun：错误：村代码 522701001299 不存在；用 zhucun report --by village --scope 乡镇代码 查看\nzhucun: error: no village or community with code 522701001299; check the code with `zhucun report --by village --scope TOWNSHIP`"
    );
    assert_eq!(
        refused(
            &db,
            &[
                "record",
                "--village",
                "52270100120",
                "--task",
                "1",
                "--status",
                "done"
            ]
        ),
        "zhucun：错误：--village：行政区划代码 “52270100120” 应为 6、9 或 12 位数字\nzhucun: error: --village: division code \"52270100120\" must be 6, 9 or 12 digits"
    );
    // A township is not a village.
    assert_eq!(
        refused(
            &db,
            &[
                "record",
                "--village",
                "522701001",
                "--task",
                "1",
                "--status",
                "done"
            ]
        ),
        "zhucun：错误：村代码 522701001 不存在；用 zhucun report --by village --scope 乡镇代码 查看\nzhucun: error: no village or community with code 522701001; check the code with `zhucun report --by village --scope TOWNSHIP`"
    );
    assert_eq!(
        refused(
            &db,
            &[
                "record",
                "--village",
                "522701001201",
                "--task",
                "26",
                "--status",
                "done"
            ]
        ),
        "zhucun：错误：--task：职责清单里没有第 26 项任务（1-25）\nzhucun: error: --task: no task number 26 in the duty catalogue (1-25)"
    );
    assert_eq!(
        refused(&db, &["report", "--scope", "522799"]),
        "zhucun：错误：--scope：行政区划代码 522799 不存在\nzhucun: error: --scope: no division with code 522799"
    );
}

#[test]
fn note_over_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let long = "院".repeat(501);
    assert_eq!(
        refused(
            &db,
            &[
                "record",
                "--village",
                "522701001201",
                "--task",
                "1",
                "--status",
                "done",
                "--note",
                &long
            ]
        ),
        "zhucun：错误：--note：备注有 501 个字，上限是 500 个；请缩短\nzhucun: error: --note: the note is 501 characters; the limit is 500. Shorten it"
    );
    // Exactly at the limit is fine.
    let ok = zhucun(
        &db,
        &[
            "record",
            "--village",
            "522701001201",
            "--task",
            "1",
            "--status",
            "done",
            "--note",
            &"院".repeat(500),
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
}

#[test]
fn path_not_writable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain.txt");
    std::fs::write(&file, "x").unwrap();
    let db = file.join("sub").join("z.db");
    let err = refused(&db, &["init"]);
    let (zh, en) = err.split_once('\n').unwrap();
    assert!(
        zh.starts_with(&format!("zhucun：错误：无法写入数据库 {}：", db.display())),
        "{zh}"
    );
    assert!(zh.ends_with("；请换一个可写的 --db 路径"), "{zh}");
    assert!(
        en.starts_with(&format!(
            "zhucun: error: cannot write the database at {}: ",
            db.display()
        )),
        "{en}"
    );
    assert!(en.ends_with("choose a writable --db path"), "{en}");
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn not_a_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    let text = "这不是数据库\n".repeat(400);
    std::fs::write(&db, &text).unwrap();
    // Not SQLite: no fingerprint to take, so both languages by hand.
    let both = |a: &[&str]| stderr(&zhucun(&db, a)).trim_end().to_string();
    assert_eq!(
        format!(
            "{}\n{}",
            both(&["report"]),
            both(&["--lang", "en", "report"])
        ),
        format!(
            "zhucun：错误：{0} 不是 zhucun 数据库：这个文件不是 SQLite 数据库\nzhucun: error: {0} is not a zhucun database: the file is not an SQLite database",
            db.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&db).unwrap(), text, "file changed");
    assert!(!dir.path().join("notes.db-wal").exists());
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    assert_eq!(
        refused(
            &db,
            &[
                "record",
                "--village",
                "522701001201",
                "--task",
                "1",
                "--status",
                "done",
            ],
        ),
        format!(
            "zhucun：错误：{0} 的结构版本是 99，比这个 zhucun 能读的（最高 {1}）更新；请安装新版 zhucun。文件没有被改动\nzhucun: error: {0} has schema version 99, newer than this zhucun understands (up to {1}); install the newer zhucun. The file was left untouched",
            db.display(),
            zhucun::store::SCHEMA_VERSION
        )
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "file changed");
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    assert_eq!(
        refused(&db, &["init"]),
        format!(
            "zhucun：错误：{0} 已存在；zhucun 不会覆盖它（换一个 --db 路径，或先把文件移走）\nzhucun: error: {0} already exists; zhucun will not overwrite it (choose another --db path, or move the file away)",
            db.display()
        )
    );
}

#[test]
fn missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    assert_eq!(
        refused(&db, &["report"]),
        format!(
            "zhucun：错误：{0} 处没有数据库；用 `zhucun init`（或 `zhucun init --demo`）创建\nzhucun: error: no database at {0}; create one with `zhucun init` (or `zhucun init --demo`)",
            db.display()
        )
    );
    assert!(!db.exists());
}

#[test]
fn bad_today_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    for (lang, want) in [
        (
            "zh",
            "zhucun：错误：--today <YYYY-MM-DD>：“2026-02-30” 不是 2026-11-28 这样的日期（用 --help 查看用法）",
        ),
        (
            "en",
            "zhucun: error: --today <YYYY-MM-DD>: \"2026-02-30\" is not a date of the form 2026-11-28 (see --help)",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhucun"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "--today",
                "2026-02-30",
                "report",
            ])
            .env("ZHUCUN_LANG", lang)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stderr(&out).trim_end(), want);
    }
}

/// `import` runs the integrity check beside its reading of the file (on a
/// second connection): a damaged database is still refused, and nothing is
/// written.
#[test]
fn import_into_a_damaged_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    {
        // A row that breaks a CHECK constraint: what `PRAGMA quick_check` finds.
        let c = rusqlite::Connection::open(&db).unwrap();
        c.pragma_update(None, "ignore_check_constraints", true)
            .unwrap();
        c.execute(
            "INSERT INTO team_member(village, name, role, unit, start_on) VALUES ('522701001201', '坏行', 'bogus', '单位', '2025-01-01')",
            [],
        )
        .unwrap();
    }
    let file = dir.path().join("teams.csv");
    std::fs::write(
        &file,
        "村代码,姓名,职务,派出单位,开始日期,结束日期\n522701001202,王芳,驻村队员,州财政局,2025-06-01,\n",
    )
    .unwrap();
    for check in [false, true] {
        let mut args = vec!["import", "teams", file.to_str().unwrap()];
        if check {
            args.push("--check");
        }
        let err = refused(&db, &args);
        assert_eq!(
            err,
            format!(
                "zhucun：错误：数据库已损坏：{0}: CHECK constraint failed in team_member；请从备份恢复（见 README“备份”一节）\nzhucun: error: database damaged: {0}: CHECK constraint failed in team_member; restore it from a backup (see README, Backups)",
                db.display()
            )
        );
    }
}

#[test]
fn report_on_a_database_without_divisions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let out = zhucun(&db, &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        refused(&db, &["report"]),
        "zhucun：错误：数据库里还没有行政区划；用 `zhucun init --demo` 或导入（zhucun import divisions）加入\nzhucun: error: the database has no divisions yet; load some with `zhucun init --demo` or an import"
    );
    assert_eq!(
        refused(&db, &["--lang", "en", "report", "--overdue"]),
        "zhucun: error: the database has no divisions yet; load some with `zhucun init --demo` or an import"
    );
}
