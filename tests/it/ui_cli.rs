//! Starting the terminal UI with bad input: each case gets one clear line,
//! a non-zero exit, and nothing written.

use crate::common::{stderr, zhucun_command};
use std::path::Path;
use std::process::Output;

/// The real binary with its configuration under `config_home`.
fn zhucun(db: &Path, config_home: &Path, args: &[&str]) -> Output {
    zhucun_command(db, args)
        .env("XDG_CONFIG_HOME", config_home)
        .output()
        .expect("run zhucun")
}

/// Its one stderr line in Chinese (the default) and with `--lang en`.
fn both(db: &Path, config_home: &Path, args: &[&str]) -> (String, String) {
    let line = |a: &[&str]| {
        let o = zhucun(db, config_home, a);
        assert!(!o.status.success());
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{e}");
        e.trim_end().to_string()
    };
    (line(args), line(&[&["--lang", "en"], args].concat()))
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
    let (zh, en) = both(&db, dir.path(), &[]);
    assert_eq!(
        zh,
        format!(
            "zhucun：错误：{}：键 “e” 在 checklist 中同时绑定了 mark_done 和 edit_note；请在 [keys] 下改掉其中一个",
            cfg.display()
        )
    );
    assert_eq!(
        en,
        format!(
            "zhucun: error: {}: key \"e\" is bound to both mark_done and edit_note in the checklist context; change one of them under [keys]",
            cfg.display()
        )
    );
    // The file's own `lang` is its errors' language, even in a broken file.
    write_config(dir.path(), "lang = \"en\"\n[keys]\nmark_done = \"e\"\n");
    let o = zhucun(&db, dir.path(), &[]);
    assert!(stderr(&o).starts_with("zhucun: error: "), "{}", stderr(&o));
}

#[test]
fn config_syntax_error_gives_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let cfg = write_config(dir.path(), "lang = \"zh\"\ncolor = never\n");
    let (zh, en) = both(&db, dir.path(), &[]);
    assert!(
        zh.starts_with(&format!("zhucun：错误：{} 第 2 行：", cfg.display()))
            && zh.ends_with("；请改正或删除这一行"),
        "{zh}"
    );
    assert!(
        en.starts_with(&format!("zhucun: error: {}, line 2: ", cfg.display())),
        "{en}"
    );
}

#[test]
fn unknown_action_in_config() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let cfg = write_config(dir.path(), "[keys]\nfly = \"f\"\n");
    let (zh, en) = both(&db, dir.path(), &["demo"]);
    assert!(
        zh.starts_with(&format!(
            "zhucun：错误：{}：[keys] fly：没有这个动作；已有的动作：",
            cfg.display()
        )),
        "{zh}"
    );
    assert!(
        en.starts_with(&format!(
            "zhucun: error: {}: [keys] fly: no such action; known actions: ",
            cfg.display()
        )),
        "{en}"
    );
}

#[test]
fn no_terminal_says_to_use_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    let before = std::fs::read(&db).unwrap();
    assert_eq!(
        both(&db, dir.path(), &[]),
        (
            "zhucun：错误：终端界面需要终端，而标准输出不是终端；要纯文本请用 `zhucun report`".into(),
            "zhucun: error: the terminal UI needs a terminal, and standard output is not one; use `zhucun report` for plain text".into()
        )
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing written");
}

#[test]
fn missing_database_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nope.db");
    assert_eq!(
        both(&db, dir.path(), &[]),
        (
            format!(
                "zhucun：错误：{} 处没有数据库；用 `zhucun init`（或 `zhucun init --demo`）创建",
                db.display()
            ),
            format!(
                "zhucun: error: no database at {}; create one with `zhucun init` (or `zhucun init --demo`)",
                db.display()
            )
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
    assert_eq!(
        stderr(&o).trim_end(),
        "zhucun：错误：“sometimes” 不是 --color <WHEN> 的有效值；可用的值：auto, always, never（用 --help 查看用法）"
    );
    let o = zhucun(&db, dir.path(), &["--lang", "en", "--color", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        "zhucun: error: invalid value 'sometimes' for --color <WHEN>; possible values: auto, always, never (see --help)"
    );
}
