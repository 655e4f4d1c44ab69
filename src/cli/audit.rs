//! `zhucun audit [--village CODE] [--account NAME] [--since DATE]` and
//! `zhucun audit verify`.

use super::Ctx;
use crate::domain::DivisionCode;
use crate::domain::text::sanitize;
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{AuditFilter, Store};
use anyhow::{Context, Result, bail};
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
            super::doctor::anchor_holds(&store.check_anchor()?, ctx.lang)?;
            outln!(
                "{}: {} {}",
                tr(ctx.lang, "审计链完好", "audit chain intact"),
                check.rows,
                ctx.lang.cli().rows
            )?;
            Ok(())
        }
        Some((seq, why)) => {
            let c = ctx.lang.cli();
            let hint = if why == crate::store::ChainBreak::Mismatch && seq > 1 {
                fill(c.chain_hint, &[&seq.to_string(), &(seq - 1).to_string()])
            } else {
                String::new()
            };
            bail!(fill(
                c.chain_broken,
                &[
                    &seq.to_string(),
                    &why.message(ctx.lang),
                    &hint,
                    &check.rows.to_string()
                ]
            ))
        }
    }
}

fn list(store: &Store, ctx: &Ctx, args: AuditArgs) -> Result<()> {
    let village = args
        .village
        .as_deref()
        .map(|v| DivisionCode::parse(v).context("--village"))
        .transpose()?;
    if let Some(s) = &args.since {
        crate::store::parse_since(s, store.zone()).context("--since")?;
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
                one(&l.stored_action(&r.action)),
                one(&r.record),
                one(&l.stored_outcome(&r.outcome)),
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
