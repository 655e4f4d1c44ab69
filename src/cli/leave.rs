//! `zhucun leave request|approve|refuse|withdraw|return|list`: leave
//! (请销假) from the command line, through the same store writes as the
//! leave queue.

use super::{Ctx, parse_date};
use crate::domain::DivisionCode;
use crate::domain::attendance::DayCode;
use crate::domain::text::sanitize;
use crate::store::{LeaveInput, LeaveRow, Store, StoreError};
use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum LeaveCmd {
    /// Request leave for a cadre (a team for its own members, or a township)
    Request {
        /// The cadre's id (see the team popup or `zhucun leave list`)
        #[arg(long)]
        cadre: i64,
        /// 事假, 病假 or 轮休 (or personal_leave, sick_leave, rest)
        #[arg(long, value_parser = parse_kind)]
        kind: DayCode,
        /// First day of the leave
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        from: NaiveDate,
        /// Last day of the leave
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        to: NaiveDate,
        /// Reason (not for sick leave: only its code is kept)
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Approve a pending leave (township up to the threshold, county any)
    Approve { id: i64 },
    /// Refuse a leave, pending or approved, with a reason
    Refuse {
        id: i64,
        /// Why it is refused
        #[arg(long)]
        reason: String,
    },
    /// Withdraw a leave, pending or approved
    Withdraw { id: i64 },
    /// Record the day the cadre came back (销假)
    Return {
        id: i64,
        /// The day back (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// List the leave requests of a scope: pending first, then by date
    List {
        /// Division code (default: your own scope)
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
    },
}

/// A `--kind` that is not a kind of leave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a kind of leave: 事假, 病假 or 轮休 (personal_leave, sick_leave, rest)")]
pub struct KindArgError(String);

fn parse_kind(s: &str) -> std::result::Result<DayCode, KindArgError> {
    crate::domain::leave::parse_kind(s).ok_or_else(|| KindArgError(s.to_string()))
}

pub fn run(store: &mut Store, ctx: &Ctx, cmd: LeaveCmd) -> Result<()> {
    let w = ctx.lang.leave_words();
    match cmd {
        LeaveCmd::Request {
            cadre,
            kind,
            from,
            to,
            reason,
        } => {
            let id = store.request_leave(&LeaveInput {
                cadre,
                kind,
                from,
                to,
                reason,
            })?;
            let l = store.leave(id)?;
            outln!(
                "{} {id}（{}，{}）",
                w.requested,
                w.approver,
                ctx.lang.approver(l.approver)
            )?;
        }
        LeaveCmd::Approve { id } => {
            store.approve_leave(id, None)?;
            outln!("{id} {}", w.approved)?;
        }
        LeaveCmd::Refuse { id, reason } => {
            store.refuse_leave(id, None, &reason)?;
            outln!("{id} {}", w.refused)?;
        }
        LeaveCmd::Withdraw { id } => {
            store.withdraw_leave(id, None)?;
            outln!("{id} {}", w.withdrawn)?;
        }
        LeaveCmd::Return { id, on } => {
            let on = on.unwrap_or(ctx.today);
            store.record_return(id, None, on)?;
            outln!("{id} {} {on}", w.returned)?;
        }
        LeaveCmd::List { scope } => {
            let scope = match scope {
                Some(s) => Some(
                    DivisionCode::parse(&s)
                        .map_err(|e| StoreError::invalid("--scope", e.to_string()))?,
                ),
                None => None,
            };
            let rows = store.open_leave_queue_in(scope.as_ref())?;
            print_rows(ctx, &rows)?;
        }
    }
    Ok(())
}

fn print_rows(ctx: &Ctx, rows: &[LeaveRow]) -> Result<()> {
    let w = ctx.lang.leave_words();
    if rows.is_empty() {
        outln!("{}", w.none)?;
        return Ok(());
    }
    outln!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        w.id,
        w.village,
        w.name,
        w.kind,
        w.from,
        w.to,
        w.days,
        w.approver,
        w.state,
        w.back_on,
        w.reason
    )?;
    for l in rows {
        outln!(
            "{}\t{} {}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            l.id,
            l.village,
            sanitize(&l.village_name, true),
            sanitize(&l.name, true),
            ctx.lang.day_code(l.kind),
            l.from,
            l.to,
            l.days(),
            ctx.lang.approver(l.approver),
            ctx.lang.leave_state(l.state),
            l.back_on.map(|b| b.to_string()).unwrap_or_default(),
            sanitize(l.refusal.as_deref().unwrap_or(&l.reason), true)
        )?;
    }
    Ok(())
}
