//! One language for the whole program (issue 11): `--lang`, then
//! `ZHUCUN_LANG`, then the config file, then Chinese; the command line's
//! help, its parse errors and its messages all follow it.

use crate::common::{small_db, stderr, stdout, zhucun_command};
use std::path::Path;

/// `zhucun report --period 2026-13` with the config file `config` (if any)
/// and `ZHUCUN_LANG` = `env` (if any): its error line.
fn period_error(db: &Path, args: &[&str], env: Option<&str>, config: Option<&str>) -> String {
    let home = db.parent().unwrap().join("cfg");
    std::fs::create_dir_all(home.join("zhucun")).unwrap();
    let file = home.join("zhucun/config.toml");
    match config {
        Some(text) => std::fs::write(&file, text).unwrap(),
        None => {
            let _ = std::fs::remove_file(&file);
        }
    }
    let mut c = zhucun_command(db, &[args, &["report", "--period", "2026-13"]].concat());
    c.env("XDG_CONFIG_HOME", &home);
    if let Some(v) = env {
        c.env("ZHUCUN_LANG", v);
    }
    let o = c.output().unwrap();
    assert!(!o.status.success());
    stderr(&o).trim_end().to_string()
}

const ZH: &str = "zhucun：错误：--period：期间 “2026-13”：没有 13 月（1-12）";
const EN: &str = "zhucun: error: --period: period \"2026-13\": month 13 does not exist (1-12)";

#[test]
fn lang_flag_then_environment_then_config_then_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    assert_eq!(period_error(&db, &[], None, None), ZH, "default");
    assert_eq!(
        period_error(&db, &[], None, Some("lang = \"en\"\n")),
        EN,
        "config"
    );
    assert_eq!(
        period_error(&db, &[], Some("zh"), Some("lang = \"en\"\n")),
        ZH,
        "environment over config"
    );
    assert_eq!(
        period_error(&db, &[], Some("en_US.UTF-8"), None),
        EN,
        "a locale-style value"
    );
    assert_eq!(
        period_error(&db, &["--lang", "zh"], Some("en"), Some("lang = \"en\"\n")),
        ZH,
        "--lang over all"
    );
    assert_eq!(
        period_error(&db, &["--lang=en"], Some("zh"), None),
        EN,
        "--lang=en"
    );
    // A ZHUCUN_LANG no one speaks is a mistake to name, not to ignore.
    assert_eq!(
        period_error(&db, &[], Some("fr"), None),
        "zhucun：错误：ZHUCUN_LANG=“fr” 不是 zhucun 支持的语言；请设为 zh 或 en（或不设）"
    );
}

fn help(db: &Path, args: &[&str]) -> String {
    let o = zhucun_command(db, args).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn help_of_every_command_is_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let top = help(&db, &["--help"]);
    for want in [
        "用法：zhucun",
        "命令:",
        "选项:",
        "record       记录某村某期间一项任务的状态",
        "--db <PATH>",
        "数据库文件",
        "-h, --help",
        "显示帮助",
        "-V, --version",
        "显示版本",
        "[可选值：zh、en]",
    ] {
        assert!(top.contains(want), "{want:?} missing from:\n{top}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "possible values",
    ] {
        assert!(!top.contains(english), "{english:?} in:\n{top}");
    }
    let record = help(&db, &["record", "--help"]);
    assert!(record.contains("新状态：done 已完成"), "{record}");
    assert!(record.contains("村或社区代码（12 位）"), "{record}");
    // `zhucun help CMD` is `zhucun CMD --help`, in the same language.
    assert_eq!(help(&db, &["help", "record"]), record);
    let import = help(&db, &["import", "--help"]);
    assert!(
        import.contains("参数:") && import.contains("各列（表头行"),
        "{import}"
    );
    assert!(import.contains("职务 / role: 第一书记"), "{import}");
    // Every subcommand's help has no English heading left.
    for cmd in [
        "init", "demo", "record", "report", "check", "user", "audit", "doctor", "backup", "import",
        "export", "settings",
    ] {
        let h = help(&db, &[cmd, "--help"]);
        assert!(h.starts_with(|c: char| !c.is_ascii()), "{cmd}: {h}");
        assert!(
            !h.contains("Options:") && !h.contains("Usage:"),
            "{cmd}: {h}"
        );
    }
    let en = help(&db, &["--lang", "en", "record", "--help"]);
    assert!(en.starts_with("Record the status of one task"), "{en}");
    assert!(
        en.contains("Usage: zhucun record") && en.contains("Options:"),
        "{en}"
    );
    assert!(
        en.contains("[possible values: done, doing, todo, na]"),
        "{en}"
    );
    let o = zhucun_command(&db, &["help"])
        .env("ZHUCUN_LANG", "en")
        .output()
        .unwrap();
    assert!(stdout(&o).contains("Commands:"), "{}", stdout(&o));
}

#[test]
fn parse_errors_are_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let err = |args: &[&str]| {
        let o = zhucun_command(&db, args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        stderr(&o).trim_end().to_string()
    };
    assert_eq!(
        err(&["reccord"]),
        "zhucun：错误：没有命令 “reccord”；你是不是想用 report, record（用 --help 查看用法）"
    );
    assert_eq!(
        err(&["report", "--bogus"]),
        "zhucun：错误：不认识的参数 “--bogus”（用 --help 查看用法）"
    );
    assert_eq!(
        err(&["record", "--task", "1", "--status", "done"]),
        "zhucun：错误：缺少必需的参数 --village <CODE>（用 --help 查看用法）"
    );
    assert_eq!(
        err(&[
            "record",
            "--village",
            "522701001201",
            "--task",
            "x",
            "--status",
            "done"
        ]),
        "zhucun：错误：--task <N>：“x” 不是整数（用 --help 查看用法）"
    );
    assert_eq!(
        err(&["record", "--village", "1", "--village", "2"]),
        "zhucun：错误：--village <CODE> 只能给一次（用 --help 查看用法）"
    );
    assert_eq!(
        err(&["report", "--by", "village", "--overdue"]),
        "zhucun：错误：--by <BY> 不能与 --overdue 同时使用（用 --help 查看用法）"
    );
    assert_eq!(
        err(&["--lang", "en", "report", "--bogus"]),
        "zhucun: error: unexpected argument '--bogus' found (see --help)"
    );
    assert_eq!(
        err(&["--lang", "en", "record", "--task", "1", "--status", "done"]),
        "zhucun: error: the required argument --village <CODE> was not provided (see --help)"
    );
}

#[test]
fn file_errors_and_an_empty_database_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    assert!(
        zhucun_command(&db, &["init"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let line = |args: &[&str]| {
        let o = zhucun_command(&db, args).output().unwrap();
        assert!(!o.status.success(), "{args:?}");
        stderr(&o).trim_end().to_string()
    };
    let missing = dir.path().join("nofile.csv");
    let m = missing.to_str().unwrap();
    assert_eq!(
        line(&["import", "villages", m]),
        format!("zhucun：错误：无法读取 {m}：文件或目录不存在")
    );
    assert_eq!(
        line(&["--lang", "en", "import", "villages", m]),
        format!("zhucun: error: cannot read {m}: No such file or directory (os error 2)")
    );
    let out = dir.path().join("x.xlsx");
    let o = out.to_str().unwrap();
    assert_eq!(
        line(&["export", "-o", o]),
        "zhucun：错误：导出：数据库里还没有行政区划；用 `zhucun init --demo` 或导入（zhucun import divisions）加入"
    );
    assert_eq!(
        line(&["--lang", "en", "export", "-o", o]),
        "zhucun: error: export: the database has no divisions yet; load some with `zhucun init --demo` or an import"
    );
}
