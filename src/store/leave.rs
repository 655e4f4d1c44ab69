//! Leave (请假/销假, table `leave_request`, migration 0009): request,
//! approve, refuse, withdraw and record the return, each one audited
//! transaction, version-checked. Approving writes the leave's days into
//! `attendance` (source `leave`, ref = the request) in the same
//! transaction; refusing or withdrawing afterwards removes exactly those
//! rows. The days after the end without 销假 become 未在岗 (see
//! [`write_overruns`]); a year past 30 leave days opens a recall lead.
//!
//! Who may do what: a team account requests for its own village's members
//! (township and county accounts too, within their scope); the township
//! decides leave routed to the township in its villages, the county any
//! leave in its county, an administrator all; viewers read.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::scope::Reach;
use super::{Result, Store, StoreError, users};
use crate::domain::attendance::{self, Approver, DayCode};
use crate::domain::leave::{self, LeaveState};
use crate::domain::{DivisionCode, User, UserRole};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::leave_days::write_overruns;
use super::leave_days::{clear_days, fill_days, open_year_lead, write_return};

/// The setting that holds the township's threshold.
const THRESHOLD_KEY: &str = "leave_township_days";
/// The largest threshold accepted (a month).
pub const MAX_TOWNSHIP_LEAVE_DAYS: u32 = 31;

/// A new leave request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveInput {
    pub cadre: i64,
    pub kind: DayCode,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Free text for 事假/轮休; must be empty for 病假.
    pub reason: String,
}

/// One leave request as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaveRow {
    pub id: i64,
    pub cadre: i64,
    pub name: String,
    pub village: DivisionCode,
    pub village_name: String,
    pub kind: DayCode,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
    pub approver: Approver,
    pub state: LeaveState,
    pub requested_by: String,
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub refusal: Option<String>,
    pub back_on: Option<NaiveDate>,
    pub version: i64,
    /// Whether the acting account may approve or refuse it.
    pub decidable: bool,
}

impl LeaveRow {
    pub fn days(&self) -> u32 {
        attendance::span_days(self.from, self.to)
    }
}

/// What is wrong with a leave write (a kind plus values; words in
/// `crate::i18n::leave`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaveProblem {
    NoSuchLeave(i64),
    NoSuchCadre(i64),
    /// The cadre has no posting on the leave's first day.
    NoPosting {
        cadre: i64,
        on: NaiveDate,
    },
    NotALeaveKind(String),
    EndBeforeStart {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Another pending or approved leave of the cadre shares days.
    Overlaps {
        other: i64,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// 病假 keeps a code only, never a medical detail.
    SickReason,
    /// Approving, refusing or withdrawing needs a pending (or approved) leave.
    WrongState {
        id: i64,
        state: LeaveState,
    },
    EmptyRefusal,
    ReturnBeforeStart {
        back: NaiveDate,
        from: NaiveDate,
    },
    ReturnInFuture {
        back: NaiveDate,
        today: NaiveDate,
    },
    Threshold(u32),
}

fn invalid(p: LeaveProblem) -> StoreError {
    StoreError::invalid("leave", super::Detail::Leave(p))
}

const SELECT: &str = "SELECT l.id, l.cadre, c.name, coalesce(t.village, ''), coalesce(d.name, ''),
        l.kind, l.from_on, l.to_on, l.reason, l.approver, l.state, l.requested_by, l.requested_at,
        l.decided_by, l.decided_at, l.refusal, l.back_on, l.version
    FROM leave_request l JOIN cadre c ON c.id = l.cadre
    LEFT JOIN team_member_visible t ON t.id = coalesce(l.posting, (SELECT p.id FROM team_member_visible p
        WHERE p.cadre = l.cadre ORDER BY p.start_on DESC, p.id DESC LIMIT 1))
    LEFT JOIN division d ON d.code = t.village";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn map_row(r: &rusqlite::Row) -> rusqlite::Result<LeaveRow> {
    let village: String = r.get(3)?;
    let kind: String = r.get(5)?;
    let approver: String = r.get(9)?;
    let state: String = r.get(10)?;
    let back: Option<String> = r.get(16)?;
    Ok(LeaveRow {
        id: r.get(0)?,
        cadre: r.get(1)?,
        name: r.get(2)?,
        village: DivisionCode::parse(&village).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
        })?,
        village_name: r.get(4)?,
        kind: DayCode::from_key(&kind).unwrap_or(DayCode::PersonalLeave),
        from: date(&r.get::<_, String>(6)?),
        to: date(&r.get::<_, String>(7)?),
        reason: r.get(8)?,
        approver: Approver::from_key(&approver).unwrap_or(Approver::County),
        state: LeaveState::from_key(&state).unwrap_or(LeaveState::Pending),
        requested_by: r.get(11)?,
        requested_at: r.get(12)?,
        decided_by: r.get(13)?,
        decided_at: r.get(14)?,
        refusal: r.get(15)?,
        back_on: back.as_deref().map(date),
        version: r.get(17)?,
        decidable: false,
    })
}

fn get(conn: &Connection, id: i64) -> Result<Option<LeaveRow>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE l.id = ?1"), [id], map_row)
        .optional()?)
}

/// The posting (id, village) of `cadre` on `day`, if any.
fn posting_on(conn: &Connection, cadre: i64, day: NaiveDate) -> Result<Option<(i64, String)>> {
    let d = day.to_string();
    Ok(conn
        .query_row(
            "SELECT id, village FROM team_member_visible WHERE cadre = ?1 AND start_on <= ?2
             AND (end_on IS NULL OR end_on >= ?2) ORDER BY start_on DESC, id DESC LIMIT 1",
            (cadre, &d),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Whether `user` may approve or refuse a leave routed to `approver` in `village`.
pub fn may_decide(user: &User, approver: Approver, village: &DivisionCode) -> bool {
    let within = user.scope.as_ref().is_some_and(|s| village.is_within(s));
    match user.role {
        UserRole::Admin => true,
        UserRole::County => within,
        UserRole::Township => within && approver == Approver::Township,
        UserRole::Team | UserRole::Viewer => false,
    }
}

/// Whether `user` may request leave, withdraw it or record a return in `village`.
pub fn may_request(user: &User, village: &DivisionCode) -> bool {
    users::allowed(user, users::Need::Record, Some(village))
}

/// Audit a refused leave write in its own transaction, and the error.
fn refuse(
    conn: &Connection,
    user: &User,
    action: AuditAction,
    record: &str,
    code: &str,
) -> StoreError {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate);
    let audited = tx.map_err(StoreError::from).and_then(|tx| {
        audit::append(
            &tx,
            &AuditEntry {
                at: &super::now_text_on(conn),
                account: &user.account,
                action,
                record,
                old: None,
                new: None,
                outcome: Outcome::Refused,
            },
        )?;
        tx.commit()?;
        super::anchor::after_commit(conn);
        Ok(())
    });
    if let Err(e) = audited {
        return e;
    }
    StoreError::Denied {
        account: user.account.clone(),
        role: user.role.key().into(),
        action: action.as_str().into(),
        code: code.into(),
    }
}

fn describe(l: &LeaveRow) -> String {
    format!(
        "{} {}..{} {} {}{}",
        l.kind.key(),
        l.from,
        l.to,
        l.approver.key(),
        l.state.key(),
        l.back_on.map(|b| format!(" back {b}")).unwrap_or_default()
    )
}

/// What a decision does to a leave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Approve,
    Refuse(String),
    Withdraw,
    Return(NaiveDate),
}

impl Change {
    fn action(&self) -> AuditAction {
        match self {
            Change::Approve => AuditAction::ApproveLeave,
            Change::Refuse(_) => AuditAction::RefuseLeave,
            Change::Withdraw => AuditAction::WithdrawLeave,
            Change::Return(_) => AuditAction::ReturnFromLeave,
        }
    }
}

impl Store {
    pub(crate) fn acting_user(&self) -> Result<User> {
        users::get_user(&self.conn, &self.actor.account)?.ok_or_else(|| StoreError::NotAUser {
            account: self.actor.account.clone(),
            admins: users::admins(&self.conn).unwrap_or_default(),
        })
    }

    /// Up to how many days a leave is the township's to approve (setting
    /// `leave_township_days`, default 3).
    pub fn leave_township_days(&self) -> Result<u32> {
        Ok(super::settings::get(&self.conn, THRESHOLD_KEY)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(attendance::DEFAULT_TOWNSHIP_LEAVE_DAYS))
    }

    /// Change the township's threshold (administrators only; audited).
    pub fn set_leave_township_days(&mut self, days: u32) -> Result<()> {
        self.authorize(users::Need::Admin, None, "settings")?;
        if days == 0 || days > MAX_TOWNSHIP_LEAVE_DAYS {
            return Err(invalid(LeaveProblem::Threshold(days)));
        }
        let old = self.leave_township_days()?;
        let account = self.actor.account.clone();
        self.write(|tx, now| {
            super::settings::put(tx, THRESHOLD_KEY, &days.to_string())?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &account,
                    action: AuditAction::Administer,
                    record: "settings",
                    old: Some(&format!("{THRESHOLD_KEY}={old}")),
                    new: Some(&format!("{THRESHOLD_KEY}={days}")),
                    outcome: Outcome::Ok,
                },
            )
        })
    }

    /// Request leave for a cadre; returns its id. The approver follows from
    /// the length and the setting, and is kept with the request.
    pub fn request_leave(&mut self, input: &LeaveInput) -> Result<i64> {
        let user = self.acting_user()?;
        if !input.kind.is_leave() {
            return Err(invalid(LeaveProblem::NotALeaveKind(
                input.kind.key().into(),
            )));
        }
        if input.to < input.from {
            return Err(invalid(LeaveProblem::EndBeforeStart {
                from: input.from,
                to: input.to,
            }));
        }
        let reason = crate::domain::text::clean_text(input.reason.trim(), true).into_owned();
        if !leave::takes_reason(input.kind) && !reason.is_empty() {
            return Err(invalid(LeaveProblem::SickReason));
        }
        let exists: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM cadre WHERE id = ?1",
            [input.cadre],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(invalid(LeaveProblem::NoSuchCadre(input.cadre)));
        }
        let Some((posting, village)) = posting_on(&self.conn, input.cadre, input.from)? else {
            return Err(invalid(LeaveProblem::NoPosting {
                cadre: input.cadre,
                on: input.from,
            }));
        };
        let code = DivisionCode::parse(&village)
            .map_err(|e| StoreError::Integrity(format!("team_member village {village}: {e}")))?;
        let record = format!("leave/cadre {}", input.cadre);
        if !may_request(&user, &code) {
            // Named by the cadre, not the village: a refusal must not tell
            // an account where a cadre outside its scope is posted.
            return Err(refuse(
                &self.conn,
                &user,
                AuditAction::RequestLeave,
                &record,
                &format!("cadre {}", input.cadre),
            ));
        }
        let approver = attendance::approver_for(input.from, input.to, self.leave_township_days()?);
        let today = self.today;
        let input = input.clone();
        self.write(|tx, now| {
            write_overruns(tx, today)?;
            let other: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT id, from_on, to_on FROM leave_request
                     WHERE cadre = ?1 AND (state = 'pending' OR state = 'approved')
                       AND from_on <= ?3 AND to_on >= ?2 ORDER BY from_on LIMIT 1",
                    (input.cadre, input.from.to_string(), input.to.to_string()),
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((other, from, to)) = other {
                return Err(invalid(LeaveProblem::Overlaps {
                    other,
                    from: date(&from),
                    to: date(&to),
                }));
            }
            let id: i64 = tx.query_row(
                "INSERT INTO leave_request(cadre, posting, kind, from_on, to_on, reason, approver,
                     requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                rusqlite::params![
                    input.cadre,
                    posting,
                    input.kind.key(),
                    input.from.to_string(),
                    input.to.to_string(),
                    reason,
                    approver.key(),
                    user.account,
                    now
                ],
                |r| r.get(0),
            )?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &user.account,
                    action: AuditAction::RequestLeave,
                    record: &format!("leave/{id}"),
                    old: None,
                    new: Some(&format!(
                        "cadre {} {} {}..{} {}",
                        input.cadre,
                        input.kind.key(),
                        input.from,
                        input.to,
                        approver.key()
                    )),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(id)
        })
    }

    /// Approve a pending leave (`version`: the one read; None: the current).
    pub fn approve_leave(&mut self, id: i64, version: Option<i64>) -> Result<()> {
        self.decide(id, version, Change::Approve)
    }

    /// Refuse a leave, pending or approved, with a reason.
    pub fn refuse_leave(&mut self, id: i64, version: Option<i64>, reason: &str) -> Result<()> {
        let reason = crate::domain::text::clean_text(reason.trim(), true).into_owned();
        if reason.is_empty() {
            return Err(invalid(LeaveProblem::EmptyRefusal));
        }
        self.decide(id, version, Change::Refuse(reason))
    }

    /// Withdraw a leave, pending or approved (the requesting side).
    pub fn withdraw_leave(&mut self, id: i64, version: Option<i64>) -> Result<()> {
        self.decide(id, version, Change::Withdraw)
    }

    /// Record the day the cadre came back (销假) from an approved leave.
    pub fn record_return(&mut self, id: i64, version: Option<i64>, back: NaiveDate) -> Result<()> {
        self.decide(id, version, Change::Return(back))
    }

    fn check_change(&self, user: &User, l: &LeaveRow, change: &Change) -> Result<()> {
        let record = format!("leave/{}", l.id);
        let allowed = match change {
            Change::Approve | Change::Refuse(_) => may_decide(user, l.approver, &l.village),
            Change::Withdraw | Change::Return(_) => may_request(user, &l.village),
        };
        if !allowed {
            return Err(refuse(
                &self.conn,
                user,
                change.action(),
                &record,
                l.village.as_str(),
            ));
        }
        let state_ok = match change {
            Change::Approve => l.state == LeaveState::Pending,
            Change::Refuse(_) | Change::Withdraw => l.state.holds_days(),
            Change::Return(_) => l.state == LeaveState::Approved,
        };
        if !state_ok {
            return Err(invalid(LeaveProblem::WrongState {
                id: l.id,
                state: l.state,
            }));
        }
        if let Change::Return(back) = change {
            if *back < l.from {
                return Err(invalid(LeaveProblem::ReturnBeforeStart {
                    back: *back,
                    from: l.from,
                }));
            }
            if *back > self.today {
                return Err(invalid(LeaveProblem::ReturnInFuture {
                    back: *back,
                    today: self.today,
                }));
            }
        }
        Ok(())
    }

    fn decide(&mut self, id: i64, version: Option<i64>, change: Change) -> Result<()> {
        let user = self.acting_user()?;
        let Some(l) = get(&self.conn, id)? else {
            return Err(invalid(LeaveProblem::NoSuchLeave(id)));
        };
        self.check_change(&user, &l, &change)?;
        let version = version.unwrap_or(l.version);
        let today = self.today;
        let zone = self.settings.zone;
        self.write(|tx, now| {
            let record = format!("leave/{id}");
            let Some(cur) = get(tx, id)? else {
                return Err(invalid(LeaveProblem::NoSuchLeave(id)));
            };
            if cur.version != version {
                audit::append(
                    tx,
                    &AuditEntry {
                        at: now,
                        account: &user.account,
                        action: change.action(),
                        record: &record,
                        old: Some(&describe(&cur)),
                        new: None,
                        outcome: Outcome::Conflict,
                    },
                )?;
                return Ok(Err(StoreError::Conflict {
                    by: cur.decided_by.clone().unwrap_or(cur.requested_by.clone()),
                    at: crate::domain::clock::in_zone(
                        zone,
                        cur.decided_at.as_deref().unwrap_or(&cur.requested_at),
                    ),
                    status: cur.state.key().into(),
                    note: String::new(),
                    version: cur.version,
                }));
            }
            let mut new = cur.clone();
            apply(tx, &cur, &change, (now, &user.account), today)?;
            match &change {
                Change::Approve => new.state = LeaveState::Approved,
                Change::Refuse(_) => new.state = LeaveState::Refused,
                Change::Withdraw => new.state = LeaveState::Withdrawn,
                Change::Return(b) => new.back_on = Some(*b),
            }
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &user.account,
                    action: change.action(),
                    record: &record,
                    old: Some(&describe(&cur)),
                    new: Some(&describe(&new)),
                    outcome: Outcome::Ok,
                },
            )?;
            write_overruns(tx, today)?;
            Ok(Ok(()))
        })?
    }

    /// One leave request (a read in the scope of its village).
    pub fn leave(&self, id: i64) -> Result<LeaveRow> {
        let Some(mut l) = get(&self.conn, id)? else {
            return Err(invalid(LeaveProblem::NoSuchLeave(id)));
        };
        self.check_reach(&l.village, Reach::Detail, &format!("leave/{id}"))?;
        let user = self.acting_user()?;
        l.decidable = may_decide(&user, l.approver, &l.village);
        Ok(l)
    }

    /// The leave requests under `scope` (None: the account's own scope):
    /// pending first, then by first day, village code and id; never by a
    /// person's figures.
    pub fn leave_requests(&self, scope: Option<&DivisionCode>) -> Result<Vec<LeaveRow>> {
        let user = self.acting_user()?;
        let scope = scope.cloned().or_else(|| user.scope.clone());
        let (lo, hi) = match &scope {
            Some(s) => {
                self.check_reach(s, Reach::Detail, &format!("leave/{s}"))?;
                (s.prefix().to_string(), format!("{}\u{7f}", s.prefix()))
            }
            None if user.role == UserRole::Admin => (String::new(), "\u{7f}".to_string()),
            None => return Ok(vec![]),
        };
        let mut st = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE t.village >= ?1 AND t.village < ?2
             ORDER BY l.state <> 'pending', l.from_on, t.village, l.id"
        ))?;
        let rows = st.query_map([lo, hi], map_row)?;
        let mut out = Vec::new();
        for r in rows {
            let mut l = r?;
            l.decidable = may_decide(&user, l.approver, &l.village);
            out.push(l);
        }
        Ok(out)
    }

    /// The leave queue's opening: write the overruns due today (a leave
    /// past its end without 销假), then list as [`Store::leave_requests`].
    pub fn open_leave_queue(&mut self) -> Result<Vec<LeaveRow>> {
        self.open_leave_queue_in(None)
    }

    /// As [`Store::open_leave_queue`], for `scope` (None: the account's own).
    pub fn open_leave_queue_in(&mut self, scope: Option<&DivisionCode>) -> Result<Vec<LeaveRow>> {
        let today = self.today;
        let due: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM leave_request WHERE state = 'approved' AND back_on IS NULL AND to_on < ?1",
            [today.to_string()],
            |r| r.get(0),
        )?;
        if due {
            self.write(|tx, _| write_overruns(tx, today))?;
        }
        self.leave_requests(scope)
    }
}

/// The attendance side of a change, in its transaction.
fn apply(
    tx: &Transaction,
    l: &LeaveRow,
    change: &Change,
    (now, by): (&str, &str),
    today: NaiveDate,
) -> Result<()> {
    match change {
        Change::Approve => {
            tx.execute(
                "UPDATE leave_request SET state = 'approved', decided_by = ?2, decided_at = ?3,
                 version = version + 1 WHERE id = ?1",
                (l.id, by, now),
            )?;
            fill_days(tx, l)?;
            for year in [l.from.year(), l.to.year()] {
                open_year_lead(tx, l, year, (now, by), today)?;
                if l.from.year() == l.to.year() {
                    break;
                }
            }
        }
        Change::Refuse(reason) => {
            tx.execute(
                "UPDATE leave_request SET state = 'refused', decided_by = ?2, decided_at = ?3,
                 refusal = ?4, version = version + 1 WHERE id = ?1",
                (l.id, by, now, reason),
            )?;
            clear_days(tx, l)?;
        }
        Change::Withdraw => {
            tx.execute(
                "UPDATE leave_request SET state = 'withdrawn', version = version + 1 WHERE id = ?1",
                [l.id],
            )?;
            clear_days(tx, l)?;
        }
        Change::Return(back) => {
            tx.execute(
                "UPDATE leave_request SET back_on = ?2, version = version + 1 WHERE id = ?1",
                (l.id, back.to_string()),
            )?;
            write_return(tx, l, *back, today)?;
        }
    }
    Ok(())
}
