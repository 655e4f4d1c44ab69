//! `zhucun backup OUT [--force]`.

use super::Ctx;
use crate::store::Store;
use anyhow::Result;
use std::path::Path;

pub fn run(store: &mut Store, ctx: &Ctx, out: &Path, force: bool) -> Result<()> {
    store.backup_to(out, force)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    outln!(
        "{}",
        crate::i18n::ui::fill(
            ctx.lang.cli().backup_done,
            &[
                &store.path().display().to_string(),
                &out.display().to_string(),
                &ctx.lang.megabytes(size)
            ]
        )
    )?;
    Ok(())
}
