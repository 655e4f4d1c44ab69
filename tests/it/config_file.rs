//! The config file: the commented sample in `docs/` parses and says the
//! defaults, and `ZHUCUN_CONFIG` names another file.

use crate::common::{stderr, zhucun, zhucun_command};
use std::path::Path;
use zhucun::app::config::{ColorChoice, Config};
use zhucun::app::keys::{Action, Ctx, KeyTable};
use zhucun::i18n::Lang;

fn sample() -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.sample.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    (path.display().to_string(), text)
}

#[test]
fn the_sample_config_parses_and_says_the_defaults() {
    let (name, text) = sample();
    let c = Config::parse(&name, &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.lang, Some(Lang::Zh));
    assert_eq!(c.color, Some(ColorChoice::Auto));
    // Left out, so the TERM=linux switch and the width probe stay on.
    assert_eq!(c.ascii, None);
    // Every key it binds is the default binding.
    let defaults = KeyTable::default();
    for ctx in Ctx::ALL {
        for (_, b) in c.keys.visible(ctx) {
            assert_eq!(
                c.keys.keys_label(ctx, b.action, false),
                defaults.keys_label(ctx, b.action, false),
                "{} in {}",
                b.action.name(),
                ctx.name()
            );
        }
    }
    assert_eq!(
        c.keys.keys_label(Ctx::Checklist, Action::MarkDone, false),
        defaults.keys_label(Ctx::Checklist, Action::MarkDone, false)
    );
}

#[test]
fn the_sample_config_names_every_setting() {
    let (_, text) = sample();
    for setting in [
        "lang =",
        "color =",
        "ascii =",
        "[keys]",
        "ZHUCUN_CONFIG",
        "NO_COLOR",
    ] {
        assert!(text.contains(setting), "{setting} missing from the sample");
    }
}

/// A config file that the UI refuses, naming itself.
const BROKEN: &str = "[keys]\nquit = \"x\"\nmark_done = \"x\"\n";

fn empty_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("z.db");
    let o = zhucun(&db, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

#[test]
fn zhucun_config_names_another_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = empty_db(dir.path());
    // A good file at the usual place, a broken one elsewhere.
    let home = dir.path().join("config");
    std::fs::create_dir_all(home.join("zhucun")).unwrap();
    std::fs::write(home.join("zhucun/config.toml"), "lang = \"en\"\n").unwrap();
    let other = dir.path().join("elsewhere.toml");
    std::fs::write(&other, BROKEN).unwrap();
    let o = zhucun_command(&db, &[])
        .env("XDG_CONFIG_HOME", &home)
        .env("ZHUCUN_CONFIG", &other)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).starts_with(&format!("zhucun：错误：{}：", other.display())),
        "{}",
        stderr(&o)
    );
    // Without it (or set empty) the usual place is read again.
    std::fs::write(home.join("zhucun/config.toml"), BROKEN).unwrap();
    let o = zhucun_command(&db, &[])
        .env("XDG_CONFIG_HOME", &home)
        .env("ZHUCUN_CONFIG", "")
        .output()
        .unwrap();
    assert!(
        stderr(&o).starts_with(&format!(
            "zhucun：错误：{}：",
            home.join("zhucun/config.toml").display()
        )),
        "{}",
        stderr(&o)
    );
}
