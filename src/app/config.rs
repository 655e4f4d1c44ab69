//! The optional config file `$XDG_CONFIG_HOME/zhucun/config.toml` (or the
//! file `$ZHUCUN_CONFIG` names): language, colour, ASCII drawing, the mouse
//! and key rebinding. `docs/config.sample.toml` is a commented example.

use super::keys::{KeyError, KeyTable};
use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `--color`: colours on a terminal unless NO_COLOR is set, always, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to draw colours; `no_color` is whether NO_COLOR is set and non-empty.
    pub fn enabled(self, no_color: bool) -> bool {
        match self {
            ColorChoice::Auto => !no_color,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    lang: Option<Lang>,
    color: Option<ColorChoice>,
    ascii: Option<bool>,
    mouse: Option<bool>,
    #[serde(default)]
    keys: BTreeMap<String, OneOrMany>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A config file that cannot be used (each names the file).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read the config file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}, line {line}: {msg}; fix or remove that line")]
    SyntaxAt {
        file: String,
        line: usize,
        msg: String,
    },
    #[error("{file}: {msg}")]
    Syntax { file: String, msg: String },
    #[error(transparent)]
    Keys(#[from] KeyError),
}

/// Settings from the config file (each None when the file does not say).
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub lang: Option<Lang>,
    pub color: Option<ColorChoice>,
    /// `ascii = true|false`; absent: the terminal is asked at start
    /// whether it draws box characters double-width (`tui/probe.rs`).
    pub ascii: Option<bool>,
    /// `mouse = true`: clicks select rows and tabs, the wheel scrolls.
    /// Off when absent: mouse reporting also stops the terminal's own
    /// text selection, and only button presses are ever asked for.
    pub mouse: Option<bool>,
    pub keys: KeyTable,
}

/// The file named by `$ZHUCUN_CONFIG`, else `$XDG_CONFIG_HOME/zhucun/config.toml`,
/// else `~/.config/zhucun/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    if let Some(f) = std::env::var_os("ZHUCUN_CONFIG").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(f));
    }
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("zhucun").join("config.toml"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".config/zhucun/config.toml"))
}

/// Only the `lang` of a config file, read even when the rest of it is
/// wrong (that file's errors are then shown in its language).
pub fn lang_of(path: Option<&Path>) -> Option<Lang> {
    let text = std::fs::read_to_string(path?).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    match table.get("lang")?.as_str()? {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

impl Config {
    /// Load `path` if it exists; a missing file is the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        Config::parse(&path.display().to_string(), &text)
    }

    pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
        let f: File = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim_end_matches('.').to_string();
            let file = file.to_string();
            match e.span() {
                Some(span) => {
                    let before = text.get(..span.start.min(text.len())).unwrap_or(text);
                    let line = before.lines().count().max(1);
                    ConfigError::SyntaxAt { file, line, msg }
                }
                None => ConfigError::Syntax { file, msg },
            }
        })?;
        let mut keys = KeyTable::default();
        let list: Vec<(String, Vec<String>)> = f
            .keys
            .into_iter()
            .map(|(k, v)| match v {
                OneOrMany::One(s) => (k, vec![s]),
                OneOrMany::Many(v) => (k, v),
            })
            .collect();
        keys.rebind(file, &list)?;
        Ok(Config {
            lang: f.lang,
            color: f.color,
            ascii: f.ascii,
            mouse: f.mouse,
            keys,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys::{Action, Ctx, KeySpec};

    #[test]
    fn parses_settings_and_keys() {
        let c = Config::parse(
            "c.toml",
            "lang = \"en\"\ncolor = \"never\"\nascii = true\nmouse = true\n[keys]\nmark_done = [\"d\", \"space\"]\n",
        )
        .unwrap();
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.color, Some(ColorChoice::Never));
        assert_eq!(c.ascii, Some(true));
        assert_eq!(c.mouse, Some(true));
        assert_eq!(
            c.keys.lookup(Ctx::Checklist, KeySpec::ch('d')),
            Some(Action::MarkDone)
        );
    }

    #[test]
    fn bad_files_say_where() {
        let e = Config::parse("/h/.config/zhucun/config.toml", "lang = \"fr\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("/h/.config/zhucun/config.toml, line 1: unknown variant `fr`"),
            "{e}"
        );
        let e = Config::parse("c.toml", "colour = \"never\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("c.toml, line 1: unknown field `colour`"),
            "{e}"
        );
        let e = Config::parse("c.toml", "[keys]\nquit = \"x\"\nmark_done = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("key \"x\" is bound to both"), "{e}");
    }

    #[test]
    fn missing_file_is_defaults() {
        let c = Config::load(Some(Path::new("/nonexistent/zhucun/config.toml"))).unwrap();
        assert!(c.lang.is_none());
        assert!(c.mouse.is_none());
    }

    #[test]
    fn no_color() {
        assert!(!ColorChoice::Auto.enabled(true));
        assert!(ColorChoice::Auto.enabled(false));
        assert!(ColorChoice::Always.enabled(true));
        assert!(!ColorChoice::Never.enabled(false));
    }
}
