//! The days a leave writes into `attendance` (source `leave`, ref = the
//! request's id): its own days when approved, 未在岗 for the days after its
//! end without 销假, and the recall lead of a year past 30 leave days.
//! Everything here runs inside the caller's transaction.

use super::Result;
use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::leave::LeaveRow;
use crate::domain::attendance::{self, DayCode};
use crate::domain::leave;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};

/// The account the overrun rows are audited as: nobody typed them, the
/// program derived them from an approved leave without 销假.
pub const OVERRUN_ACCOUNT: &str = "zhucun";

/// Bump the saved version of each month the days touch in `village`, so a
/// grid opened before this write reports a conflict instead of overwriting.
fn touch_months(tx: &Connection, village: &str, days: &[NaiveDate]) -> Result<()> {
    let mut months: Vec<String> = days.iter().map(|d| attendance::month_key(*d)).collect();
    months.dedup();
    let mut st = tx.prepare_cached(
        "UPDATE attendance_month SET version = version + 1 WHERE village = ?1 AND month = ?2",
    )?;
    for m in &months {
        st.execute((village, m))?;
        // The upward report rows of the village's month, in the same
        // transaction.
        super::upward_reports::refresh_upward_month(tx, village, m)?;
    }
    Ok(())
}

/// An approved leave's own days: its kind on every day from start to end
/// (a training session's day stays the session's).
pub(super) fn fill_days(tx: &Transaction, l: &LeaveRow) -> Result<()> {
    let days = leave::days(l.from, l.to);
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO attendance(cadre, day, code, source, ref) VALUES (?1, ?2, ?3, 'leave', ?4)
             ON CONFLICT(cadre, day) DO UPDATE SET code = excluded.code, source = 'leave', ref = excluded.ref
             WHERE attendance.source <> 'training'",
        )?;
        for d in &days {
            st.execute((l.cadre, d.to_string(), l.kind.key(), l.id))?;
        }
    }
    touch_months(tx, l.village.as_str(), &days)
}

/// Remove exactly the rows this leave wrote.
pub(super) fn clear_days(tx: &Transaction, l: &LeaveRow) -> Result<()> {
    let days: Vec<NaiveDate> = {
        let mut st = tx.prepare_cached(
            "SELECT day FROM attendance WHERE source = 'leave' AND ref = ?1 ORDER BY day",
        )?;
        st.query_map([l.id], |r| r.get::<_, String>(0))?
            .filter_map(|d| d.ok()?.parse().ok())
            .collect()
    };
    tx.execute(
        "DELETE FROM attendance WHERE source = 'leave' AND ref = ?1",
        [l.id],
    )?;
    touch_months(tx, l.village.as_str(), &days)
}

/// Write 未在岗 on `days` for leave `id` where nothing else is entered;
/// returns how many rows were written.
fn write_absent(tx: &Connection, cadre: i64, id: i64, days: &[NaiveDate]) -> Result<usize> {
    let mut st = tx.prepare_cached(
        "INSERT INTO attendance(cadre, day, code, source, ref) VALUES (?1, ?2, 'absent', 'leave', ?3)
         ON CONFLICT(cadre, day) DO NOTHING",
    )?;
    let mut n = 0;
    for d in days {
        n += st.execute((cadre, d.to_string(), id))?;
    }
    Ok(n)
}

/// 销假 on `back`: the leave's days from `back` on are no longer leave (an
/// early return) nor absent; the days between the end and `back` are 未在岗.
pub(super) fn write_return(
    tx: &Transaction,
    l: &LeaveRow,
    back: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    tx.execute(
        "DELETE FROM attendance WHERE source = 'leave' AND ref = ?1 AND day >= ?2",
        (l.id, back.to_string()),
    )?;
    let late = attendance::overrun_days(l.to, Some(back), today);
    write_absent(tx, l.cadre, l.id, &late)?;
    let mut touched = leave::days(back.min(l.to), today.max(back));
    touched.extend(late);
    touch_months(tx, l.village.as_str(), &touched)
}

/// Write 未在岗 for every approved leave past its end on `today` without
/// 销假, for the days not yet entered; each leave that got rows is audited.
/// Called from the leave writes, the leave queue's opening and month close.
pub(crate) fn write_overruns(tx: &Transaction, today: NaiveDate) -> Result<usize> {
    let due: Vec<(i64, i64, String, String)> = {
        let mut st = tx.prepare_cached(
            "SELECT l.id, l.cadre, l.to_on, coalesce(t.village, '') FROM leave_request l
             LEFT JOIN team_member_visible t ON t.id = l.posting
             WHERE l.state = 'approved' AND l.back_on IS NULL AND l.to_on < ?1 ORDER BY l.id",
        )?;
        st.query_map([today.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut total = 0;
    for (id, cadre, to, village) in due {
        let Ok(to) = to.parse::<NaiveDate>() else {
            continue;
        };
        let days = attendance::overrun_days(to, None, today);
        let n = write_absent(tx, cadre, id, &days)?;
        if n == 0 {
            continue;
        }
        total += n;
        touch_months(tx, &village, &days)?;
        audit::append(
            tx,
            &AuditEntry {
                at: &super::now_text_on(tx),
                account: OVERRUN_ACCOUNT,
                action: AuditAction::LeaveOverrun,
                record: &format!("leave/{id}"),
                old: None,
                new: Some(&format!("absent {n} day(s) after {to} up to {today}")),
                outcome: Outcome::Ok,
            },
        )?;
    }
    Ok(total)
}

/// The leave days of `cadre` in `year`, from the grid (whatever wrote them).
pub(crate) fn year_leave_days(conn: &Connection, cadre: i64, year: i32) -> Result<u32> {
    let mut st = conn.prepare_cached(
        "SELECT code FROM attendance WHERE cadre = ?1 AND day >= ?2 AND day <= ?3",
    )?;
    let codes: Vec<DayCode> = st
        .query_map(
            (
                cadre,
                format!("{year:04}-01-01"),
                format!("{year:04}-12-31"),
            ),
            |r| r.get::<_, String>(0),
        )?
        .filter_map(|c| DayCode::from_key(&c.ok()?))
        .collect();
    Ok(attendance::leave_days(&codes))
}

/// Open the recall lead of a year past 30 leave days (once per cadre and
/// year; people decide everything after that), audited when it opens.
pub(super) fn open_year_lead(
    tx: &Transaction,
    l: &LeaveRow,
    year: i32,
    (now, by): (&str, &str),
    today: NaiveDate,
) -> Result<bool> {
    let days = year_leave_days(tx, l.cadre, year)?;
    if !leave::over_year_limit(days) {
        return Ok(false);
    }
    let posting: Option<i64> = tx.query_row(
        "SELECT posting FROM leave_request WHERE id = ?1",
        [l.id],
        |r| r.get(0),
    )?;
    let n = tx.execute(
        "INSERT OR IGNORE INTO recall_case(cadre, posting, origin, origin_ref, opened_on, updated_by, updated_at)
         VALUES (?1, ?2, 'leave_over_30', ?3, ?4, ?5, ?6)",
        rusqlite::params![l.cadre, posting, format!("{year:04}"), today.to_string(), by, now],
    )?;
    if n == 1 {
        audit::append(
            tx,
            &AuditEntry {
                at: now,
                account: by,
                action: AuditAction::OpenRecallLead,
                record: &format!("recall/cadre {} leave_over_30 {year:04}", l.cadre),
                old: None,
                new: Some(&format!("{days} leave days in {year:04} (leave/{})", l.id)),
                outcome: Outcome::Ok,
            },
        )?;
    }
    Ok(n == 1)
}
