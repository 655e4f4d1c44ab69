//! `zhucun upward export|apply|list`: the prefecture's report tables sent to
//! the province as changeset files (docs/upward.md).

use super::Ctx;
use crate::i18n::Lang;
use anyhow::{Result, anyhow};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum UpwardCmd {
    /// Write the report tables' changes since the last batch as a file for the province (administrators)
    Export {
        /// The last batch sent, as a check (the default); 0 only for the first batch
        #[arg(long, value_name = "N", conflicts_with = "baseline")]
        since: Option<i64>,
        /// Every current row, replacing the province's copy of this prefecture (after a conflict)
        #[arg(long)]
        baseline: bool,
        /// File to write (refused if it exists)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Apply a prefecture's batch file to this province database (administrators)
    Apply {
        /// Batch file written by `zhucun upward export`
        file: PathBuf,
    },
    /// The batches sent or applied
    List,
}

pub fn run(ctx: &Ctx, cmd: UpwardCmd) -> Result<()> {
    let mut store = super::open(ctx)?;
    let lang = ctx.lang;
    match cmd {
        UpwardCmd::Export {
            since,
            output,
            baseline,
        } => {
            let sent = store
                .upward_export(&output, since, baseline)
                .map_err(|e| anyhow!(lang.upward_error(&e)))?;
            match sent {
                None => outln!("{}", lang.upward_nothing_changed())?,
                Some(s) => outln!("{}", lang.upward_sent(&s.header, s.bytes, &output))?,
            }
        }
        UpwardCmd::Apply { file } => {
            let bytes = read(&file, lang)?;
            let a = store
                .upward_apply(&bytes)
                .map_err(|e| anyhow!("{}: {}", file.display(), lang.upward_error(&e)))?;
            outln!("{}", lang.upward_applied(&a))?;
        }
        UpwardCmd::List => {
            for b in store
                .upward_batches()
                .map_err(|e| anyhow!(lang.upward_error(&e)))?
            {
                outln!(
                    "{}  {}  #{}  {}  {}",
                    b.direction,
                    b.prefecture,
                    b.seq,
                    b.changes,
                    b.at
                )?;
            }
        }
    }
    Ok(())
}

fn read(file: &Path, lang: Lang) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| match lang {
        Lang::Zh => anyhow!("无法读取 {}：{e}", file.display()),
        Lang::En => anyhow!("cannot read {}: {e}", file.display()),
    })
}
