//! `zhucun audit [--village CODE] [--account NAME] [--since DATE]` and
//! `zhucun audit verify`.

use super::Ctx;
use crate::domain::DivisionCode;
use crate::domain::text::sanitize;
use crate::i18n::Lang;
use crate::store::{AuditFilter, Store};
use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub cmd: Option<AuditCmd>,
    /// Only rows about this division or anything inside it
    #[arg(long, value_name = "CODE")]
    pub village: Option<String>,
    /// Only rows written by this account
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// Only rows from this day on (YYYY-MM-DD, local time)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only the newest N rows
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check the hash chain; names the first broken row (exit 1 if broken)
    Verify,
}

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn run(store: &Store, ctx: &Ctx, args: AuditArgs) -> Result<()> {
    match args.cmd {
        Some(AuditCmd::Verify) => verify(store, ctx),
        None => list(store, ctx, args),
    }
}

fn verify(store: &Store, ctx: &Ctx) -> Result<()> {
    let check = store.check_audit_chain()?;
    match check.broken {
        None => {
            super::doctor::anchor_holds(&store.check_anchor()?)?;
            outln!(
                "{}: {} {}",
                tr(ctx.lang, "审计链完好", "audit chain intact"),
                check.rows,
                tr(ctx.lang, "行", "rows")
            )?;
            Ok(())
        }
        Some((seq, why)) => {
            let hint = if why.starts_with("contents do not match") && seq > 1 {
                format!(
                    " (row {seq} was edited, or row {} was rewritten with a new hash)",
                    seq - 1
                )
            } else {
                String::new()
            };
            bail!(
                "audit chain broken at row {seq}: {why}{hint}; rows 1-{} are intact. The audit table was changed outside zhucun: keep this file for investigation and compare with a backup (see docs/deployment.md, Backups)",
                check.rows
            )
        }
    }
}

fn list(store: &Store, ctx: &Ctx, args: AuditArgs) -> Result<()> {
    let village = args
        .village
        .as_deref()
        .map(|v| DivisionCode::parse(v).map_err(|e| anyhow!("--village: {e}")))
        .transpose()?;
    if let Some(s) = &args.since {
        crate::store::parse_since(s, store.zone()).map_err(|e| anyhow!("--since: {e}"))?;
    }
    let rows = store.audit_rows(&AuditFilter {
        village,
        account: args.account.clone(),
        since: args.since.clone(),
        limit: args.limit,
        ..Default::default()
    })?;
    let l = ctx.lang;
    // Every stored text is sanitised again on display.
    let one = |s: &str| sanitize(s, true);
    let mut people = crate::store::People::default();
    store.learn_people(&mut people, rows.iter().map(|r| r.account.as_str()))?;
    // The login is what the trail records; a person's name follows it.
    let who = |account: &str| match people.name(account) {
        n if n == account => one(account),
        n => format!("{}({})", one(account), one(n)),
    };
    let heads = [
        tr(l, "序号", "Seq"),
        tr(l, "时间", "Time"),
        tr(l, "账号", "Account"),
        tr(l, "操作", "Action"),
        tr(l, "记录", "Record"),
        tr(l, "结果", "Outcome"),
        tr(l, "变更", "Change"),
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let change = match (&r.old, &r.new) {
                (None, None) => String::new(),
                (Some(o), None) => format!("{} →", one(o)),
                (None, Some(n)) => format!("→ {}", one(n)),
                (Some(o), Some(n)) => format!("{} → {}", one(o), one(n)),
            };
            [
                r.seq.to_string(),
                one(&crate::domain::clock::in_zone(store.zone(), &r.at)),
                who(&r.account),
                one(&r.action),
                one(&r.record),
                one(&r.outcome),
                change,
            ]
        })
        .collect();
    super::print_columns(&heads, &cells)?;
    if rows.is_empty() {
        outln!(
            "{}",
            tr(l, "（没有符合条件的审计记录）", "(no audit rows match)")
        )?;
    }
    Ok(())
}
