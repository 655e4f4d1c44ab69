//! `zhucun push` (prefecture), `zhucun pull FILE...` (province), and
//! `zhucun upward export|apply|list` (the same with a file name of one's
//! own): the prefecture's report tables sent to the province as changeset
//! files (docs/upward.md).

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

/// `zhucun push`: the next batch into `dir`, named by prefecture and sequence.
pub fn push(ctx: &Ctx, dir: &Path, baseline: bool) -> Result<()> {
    let mut store = super::open(ctx)?;
    let lang = ctx.lang;
    match store
        .upward_push(dir, baseline)
        .map_err(|e| anyhow!(lang.upward_error(&e)))?
    {
        None => outln!("{}", lang.upward_nothing_changed())?,
        Some((s, out)) => outln!("{}", lang.upward_sent(&s.header, s.bytes, &out))?,
    }
    Ok(())
}

/// `zhucun pull FILE...`: each file in its own transaction, in order of
/// prefecture and sequence (a file whose header cannot be read keeps its
/// place at the end). After a refusal the later files of the same
/// prefecture are not tried (each would be a gap); the others are.
pub fn pull(ctx: &Ctx, files: &[PathBuf]) -> Result<()> {
    use crate::store::upward::parse;
    let mut store = super::open(ctx)?;
    let lang = ctx.lang;
    let mut read_all = Vec::with_capacity(files.len());
    for f in files {
        read_all.push((f, read(f, lang)?));
    }
    let key = |b: &[u8]| parse(b).ok().map(|(h, _)| (h.prefecture, h.seq));
    read_all.sort_by_key(|(_, b)| (key(b).is_none(), key(b)));
    let mut refused: Vec<String> = Vec::new();
    let mut stopped: Vec<String> = Vec::new();
    for (file, bytes) in &read_all {
        let pref = key(bytes).map(|k| k.0);
        if let Some(p) = &pref
            && stopped.contains(p)
        {
            let line = format!("{}: {}", file.display(), lang.upward_skipped(p));
            eprintln!("{line}");
            refused.push(line);
            continue;
        }
        match store.upward_apply(bytes) {
            Ok(a) => outln!("{}: {}", file.display(), lang.upward_applied(&a))?,
            Err(e) => {
                let line = format!("{}: {}", file.display(), lang.upward_error(&e));
                eprintln!("{line}");
                refused.push(line);
                if let Some(p) = pref {
                    stopped.push(p);
                }
            }
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        Err(anyhow!(
            lang.upward_refused_count(refused.len(), read_all.len())
        ))
    }
}

fn read(file: &Path, lang: Lang) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| match lang {
        Lang::Zh => anyhow!("无法读取 {}：{e}", file.display()),
        Lang::En => anyhow!("cannot read {}: {e}", file.display()),
    })
}
