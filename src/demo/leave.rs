//! The demo's leave requests (请销假, issue 12): pending short ones for the
//! townships and long ones for the counties, approved and returned ones
//! (their days in the grid), one refused, one withdrawn, and one that ran
//! past its end without 销假 (its overrun written as 未在岗). Fixed offsets
//! from "today" over the first postings by village code: deterministic.

use crate::domain::attendance::{self, DayCode};
use crate::store::{Loader, Result};
use chrono::{Days, NaiveDate};

/// The account the demo's requests and decisions are written as.
const BY: &str = "demo";

/// (days from today to the first day, length, kind, state, returned)
const REQUESTS: [(i64, u64, DayCode, &str, bool); 12] = [
    (3, 2, DayCode::PersonalLeave, "pending", false),
    (5, 1, DayCode::SickLeave, "pending", false),
    (8, 3, DayCode::Rest, "pending", false),
    (10, 6, DayCode::Rest, "pending", false),
    (14, 8, DayCode::PersonalLeave, "pending", false),
    (-40, 2, DayCode::PersonalLeave, "approved", true),
    (-25, 5, DayCode::Rest, "approved", true),
    (-12, 1, DayCode::SickLeave, "approved", true),
    (-1, 3, DayCode::Rest, "approved", false),
    (-9, 4, DayCode::PersonalLeave, "approved", false),
    (6, 2, DayCode::PersonalLeave, "refused", false),
    (20, 2, DayCode::Rest, "withdrawn", false),
];

const REASONS: [&str; 4] = [
    "家中老人住院需陪护",
    "子女升学办理手续",
    "按轮休安排返家",
    "处理家中房屋修缮",
];

fn shift(today: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        today.checked_add_days(Days::new(days as u64))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .unwrap_or(today)
}

pub(super) fn load(ld: &mut Loader, today: NaiveDate) -> Result<()> {
    let tx = ld.tx();
    let postings: Vec<(i64, i64)> = {
        let mut st = tx.prepare(
            "SELECT id, cadre FROM team_member WHERE end_on IS NULL AND cadre IS NOT NULL
             ORDER BY village, id LIMIT 12",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let at = format!("{}T09:00:00+08:00", shift(today, -45));
    for (i, ((posting, cadre), (start, len, kind, state, back))) in
        postings.iter().zip(REQUESTS).enumerate()
    {
        let from = shift(today, start);
        let to = shift(from, len as i64 - 1);
        let approver = attendance::approver_for(from, to, attendance::DEFAULT_TOWNSHIP_LEAVE_DAYS);
        let reason = if kind == DayCode::SickLeave {
            ""
        } else {
            REASONS[i % REASONS.len()]
        };
        let decided = (state != "pending" && state != "withdrawn").then_some(BY);
        let refusal = (state == "refused").then_some("与乡镇重点工作时间冲突，请调整日期后再报");
        let back_on = back.then(|| shift(to, 1).to_string());
        let id: i64 = tx.query_row(
            "INSERT INTO leave_request(cadre, posting, kind, from_on, to_on, reason, approver, state,
                 requested_by, requested_at, decided_by, decided_at, refusal, back_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id",
            rusqlite::params![
                cadre,
                posting,
                kind.key(),
                from.to_string(),
                to.to_string(),
                reason,
                approver.key(),
                state,
                BY,
                at,
                decided,
                decided.map(|_| at.as_str()),
                refusal,
                back_on
            ],
            |r| r.get(0),
        )?;
        if state == "approved" {
            let mut st = tx.prepare_cached(
                "INSERT OR REPLACE INTO attendance(cadre, day, code, source, ref) VALUES (?1, ?2, ?3, 'leave', ?4)",
            )?;
            for d in crate::domain::leave::days(from, to) {
                st.execute(rusqlite::params![cadre, d.to_string(), kind.key(), id])?;
            }
        }
    }
    // The one past its end without 销假: its days after the end are 未在岗.
    crate::store::write_overruns(tx, today)?;
    Ok(())
}
