//! `zhucun backup OUT [--force]`.

use super::Ctx;
use crate::i18n::Lang;
use crate::store::Store;
use anyhow::Result;
use std::path::Path;

pub fn run(store: &mut Store, ctx: &Ctx, out: &Path, force: bool) -> Result<()> {
    let pages = store.backup_to(out, force)?;
    let what = match ctx.lang {
        Lang::Zh => "已备份",
        Lang::En => "Backed up",
    };
    outln!(
        "{what}: {} → {} ({pages} pages)",
        store.path().display(),
        out.display()
    )?;
    Ok(())
}
