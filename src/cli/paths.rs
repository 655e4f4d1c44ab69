//! Where the data lives: XDG base directories.

use anyhow::{Context, Result};
use std::path::PathBuf;

fn data_home(lang: crate::i18n::Lang) -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .context(lang.cli().no_data_home)?;
    Ok(PathBuf::from(home).join(".local/share"))
}

/// `--db` absent: `$ZHUCUN_DB`, else `$XDG_DATA_HOME/zhucun/zhucun.db`.
pub fn default_db(lang: crate::i18n::Lang) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("ZHUCUN_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(data_home(lang)?.join("zhucun").join("zhucun.db"))
}

/// The per-user demo database.
pub fn demo_db(lang: crate::i18n::Lang) -> Result<PathBuf> {
    Ok(data_home(lang)?.join("zhucun").join("demo.db"))
}
