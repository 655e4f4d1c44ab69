//! The append-only audit trail with a hash chain.

use super::users::Need;
use super::{Result, StoreError};
use crate::domain::{DivisionCode, text};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub account: String,
    pub action: String,
    pub record: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub outcome: String,
    pub hash: String,
}

/// What an audit row records as done. The stored text (`as_str`) is what
/// the database has always held; it never changes for an existing action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Init,
    Load,
    Backup,
    Read,
    Record,
    RecordCompletion,
    IssueGuidance,
    EditGuidance,
    DeleteGuidance,
    Administer,
    AddUser,
    SetUser,
    RemoveUser,
    AddDivisions,
    Abolish,
    ImportUpdate,
    ImportDivisions,
    ImportVillages,
    ImportTeams,
    ImportGuidance,
    Export,
    ImportUsers,
    /// The lock guard killed a process stopped while it held the write lock.
    StoppedWriter,
    UpwardExport,
    UpwardApply,
    /// A rate set from a date onward (allowances).
    SetRate,
    AddTrip,
    AddPolicy,
    /// A 驻村补助发放表 read (shown or exported).
    ReadAllowance,
    /// A grade of the annual assessment (年度考核).
    Assess,
    /// A commendation recorded (表彰).
    Commend,
    RequestLeave,
    ApproveLeave,
    RefuseLeave,
    WithdrawLeave,
    ReturnFromLeave,
    /// 未在岗 written for a leave past its end without 销假.
    LeaveOverrun,
    /// A recall lead opened by a rule (a year past 30 leave days).
    OpenRecallLead,
    ImportAttendance,
    AddTraining,
    EditTraining,
    DeleteTraining,
    MarkTraining,
    ImportTraining,
    RecordIncident,
    OpenRecall,
    AdvanceRecall,
    SaveWorkRecord,
    SaveAttendance,
    CloseAttendance,
    OpenLowDaysLead,
    SaveBundle,
    SavePlan,
    /// A dispatching unit's level, contact or leader changed.
    SetUnit,
    /// A county's sheet of responsibility lists imported.
    ImportLists,
    /// An unfinished batched import whose process was gone: its rows removed.
    ImportAbandoned,
}

impl AuditAction {
    pub const ALL: [AuditAction; 56] = [
        AuditAction::Init,
        AuditAction::Load,
        AuditAction::Backup,
        AuditAction::Read,
        AuditAction::Record,
        AuditAction::RecordCompletion,
        AuditAction::IssueGuidance,
        AuditAction::EditGuidance,
        AuditAction::DeleteGuidance,
        AuditAction::Administer,
        AuditAction::AddUser,
        AuditAction::SetUser,
        AuditAction::RemoveUser,
        AuditAction::AddDivisions,
        AuditAction::Abolish,
        AuditAction::ImportUpdate,
        AuditAction::ImportDivisions,
        AuditAction::ImportVillages,
        AuditAction::ImportTeams,
        AuditAction::ImportGuidance,
        AuditAction::Export,
        AuditAction::ImportUsers,
        AuditAction::StoppedWriter,
        AuditAction::UpwardExport,
        AuditAction::UpwardApply,
        AuditAction::SetRate,
        AuditAction::AddTrip,
        AuditAction::AddPolicy,
        AuditAction::ReadAllowance,
        AuditAction::Assess,
        AuditAction::Commend,
        AuditAction::RequestLeave,
        AuditAction::ApproveLeave,
        AuditAction::RefuseLeave,
        AuditAction::WithdrawLeave,
        AuditAction::ReturnFromLeave,
        AuditAction::LeaveOverrun,
        AuditAction::OpenRecallLead,
        AuditAction::ImportAttendance,
        AuditAction::AddTraining,
        AuditAction::EditTraining,
        AuditAction::DeleteTraining,
        AuditAction::MarkTraining,
        AuditAction::ImportTraining,
        AuditAction::RecordIncident,
        AuditAction::OpenRecall,
        AuditAction::AdvanceRecall,
        AuditAction::SaveWorkRecord,
        AuditAction::SaveAttendance,
        AuditAction::CloseAttendance,
        AuditAction::OpenLowDaysLead,
        AuditAction::SaveBundle,
        AuditAction::SavePlan,
        AuditAction::ImportAbandoned,
        AuditAction::SetUnit,
        AuditAction::ImportLists,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Init => "init",
            AuditAction::Load => "load",
            AuditAction::Backup => "backup",
            AuditAction::Read => "read",
            AuditAction::Record => "record",
            AuditAction::RecordCompletion => "record completion",
            AuditAction::IssueGuidance => "issue guidance",
            AuditAction::EditGuidance => "edit guidance",
            AuditAction::DeleteGuidance => "delete guidance",
            AuditAction::Administer => "administer",
            AuditAction::AddUser => "add user",
            AuditAction::SetUser => "set user",
            AuditAction::RemoveUser => "remove user",
            AuditAction::AddDivisions => "add divisions",
            AuditAction::Abolish => "abolish",
            AuditAction::ImportUpdate => "import update",
            AuditAction::ImportDivisions => "import divisions",
            AuditAction::ImportVillages => "import villages",
            AuditAction::ImportTeams => "import teams",
            AuditAction::ImportGuidance => "import guidance",
            AuditAction::ImportUsers => "import users",
            AuditAction::Export => "export",
            AuditAction::StoppedWriter => "stopped writer",
            AuditAction::UpwardExport => "upward export",
            AuditAction::UpwardApply => "upward apply",
            AuditAction::SetRate => "set rate",
            AuditAction::AddTrip => "add trip",
            AuditAction::AddPolicy => "add policy",
            AuditAction::ReadAllowance => "read allowance",
            AuditAction::Assess => "assess",
            AuditAction::Commend => "commend",
            AuditAction::RequestLeave => "request leave",
            AuditAction::ApproveLeave => "approve leave",
            AuditAction::RefuseLeave => "refuse leave",
            AuditAction::WithdrawLeave => "withdraw leave",
            AuditAction::ReturnFromLeave => "record return from leave",
            AuditAction::LeaveOverrun => "leave overrun",
            AuditAction::OpenRecallLead => "open recall lead",
            AuditAction::ImportAttendance => "import attendance",
            AuditAction::AddTraining => "add training",
            AuditAction::EditTraining => "edit training",
            AuditAction::DeleteTraining => "delete training",
            AuditAction::MarkTraining => "mark training",
            AuditAction::ImportTraining => "import training",
            AuditAction::RecordIncident => "record incident",
            AuditAction::OpenRecall => "open recall case",
            AuditAction::AdvanceRecall => "advance recall case",
            AuditAction::SaveWorkRecord => "save work record",
            AuditAction::SaveAttendance => "save attendance",
            AuditAction::CloseAttendance => "close attendance month",
            AuditAction::OpenLowDaysLead => "open low-days lead",
            AuditAction::SaveBundle => "save responsibility list",
            AuditAction::SavePlan => "save help plan",
            AuditAction::SetUnit => "set unit",
            AuditAction::ImportLists => "import lists",
            AuditAction::ImportAbandoned => "import abandoned",
        }
    }

    /// The action a stored text names, if it is one of ours.
    pub fn from_stored(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// How an audited attempt ended (stored as `ok`, `conflict`, `refused`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Conflict,
    Refused,
    /// Started but did not finish (an export that failed or was stopped).
    Failed,
    /// Written over another person's change after a conflict, by choice
    /// ("keep mine" in the conflict dialog).
    Overrode,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Conflict => "conflict",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
            Outcome::Overrode => "overrode",
        }
    }

    pub fn from_stored(s: &str) -> Option<Outcome> {
        [
            Outcome::Ok,
            Outcome::Conflict,
            Outcome::Refused,
            Outcome::Failed,
            Outcome::Overrode,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// One audit row to append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AuditEntry<'a> {
    pub at: &'a str,
    pub account: &'a str,
    pub action: AuditAction,
    pub record: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub outcome: Outcome,
}

/// The texts of one row as they are hashed (written or read back).
struct RowText<'a> {
    at: &'a str,
    account: &'a str,
    action: &'a str,
    record: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    outcome: &'a str,
}

fn row_hash(prev: &str, seq: i64, r: &RowText<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &seq.to_string(),
        r.at,
        r.account,
        r.action,
        r.record,
        r.old.unwrap_or("\u{0}"),
        r.new.unwrap_or("\u{0}"),
        r.outcome,
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Append one audit row inside the caller's transaction.
pub(crate) fn append(conn: &Connection, e: &AuditEntry<'_>) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, String::new()));
    // Whatever the caller passed, nothing stored here can act on the terminal
    // of the person who later lists the trail.
    let old = e.old.map(|t| text::sanitize(t, false));
    let new = e.new.map(|t| text::sanitize(t, false));
    let (old, new) = (old.as_deref(), new.as_deref());
    let (at, account, record) = (e.at, e.account, e.record);
    let (action, outcome) = (e.action.as_str(), e.outcome.as_str());
    let seq = prev_seq + 1;
    let hash = row_hash(
        &prev_hash,
        seq,
        &RowText {
            at,
            account,
            action,
            record,
            old,
            new,
            outcome,
        },
    );
    conn.prepare_cached(
        "INSERT INTO audit(seq, at, account, action, record, old, new, outcome, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute((seq, at, account, action, record, old, new, outcome, hash))?;
    Ok(())
}

fn map_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        account: r.get(2)?,
        action: r.get(3)?,
        record: r.get(4)?,
        old: r.get(5)?,
        new: r.get(6)?,
        outcome: r.get(7)?,
        hash: r.get(8)?,
    })
}

const COLS: &str = "seq, at, account, action, record, old, new, outcome, hash";

/// Filters for listing the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Rows whose record key starts with this text.
    pub record_prefix: Option<String>,
    /// Rows about this division or anything inside it (records, checklists,
    /// teams, guidance issued for it, the division itself).
    pub village: Option<DivisionCode>,
    pub account: Option<String>,
    /// From this moment: a date (`2026-11-28`, local midnight) or an RFC 3339
    /// time. Compared as instants, whatever offset each row was written with.
    pub since: Option<String>,
    /// At most this many rows (the newest are kept).
    pub limit: Option<usize>,
}

/// The outcome of walking the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheck {
    /// Rows that were checked and follow the chain.
    pub rows: i64,
    /// The first row that does not follow, and why.
    pub broken: Option<(i64, ChainBreak)>,
}

/// Why a row does not follow the chain (`crate::i18n::errors` words it;
/// `Display` is English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainBreak {
    /// Row `row` is missing; the next present is `next`.
    Missing {
        row: i64,
        next: i64,
    },
    OutOfOrder {
        row: i64,
    },
    /// A value of the wrong type in one of its columns.
    WrongTypes,
    /// Either this row was edited, or the row before it was rewritten
    /// together with a new hash.
    Mismatch,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

/// The division a record key is about, when it names one
/// (`completion/522701001201/3/2026-11`, `division/522701`, ...).
pub fn record_code(record: &str) -> Option<DivisionCode> {
    let mut parts = record.split('/');
    let kind = parts.next()?;
    let code = parts.next()?;
    match kind {
        "completion" | "checklist" | "team" | "progress" | "guidance-for" | "division"
        | "items" | "reporting" | "completing" => DivisionCode::parse(code).ok(),
        _ => None,
    }
}

/// Why `--since` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SinceError {
    #[error("{input}: no such local time")]
    NoLocalTime { input: String },
    #[error("{input:?} is not a date like 2026-11-28 (or a time like 2026-11-28T09:00:00+08:00)")]
    Malformed { input: String },
}

/// Parse `--since`: a date (midnight in the installation's `zone`) or an
/// RFC 3339 time.
pub fn parse_since(
    s: &str,
    zone: chrono_tz::Tz,
) -> std::result::Result<DateTime<FixedOffset>, SinceError> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let midnight = d.and_time(chrono::NaiveTime::MIN);
        return zone
            .from_local_datetime(&midnight)
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(|| SinceError::NoLocalTime {
                input: s.to_string(),
            });
    }
    DateTime::parse_from_rfc3339(s).map_err(|_| SinceError::Malformed {
        input: s.to_string(),
    })
}

impl super::Store {
    /// The audit rows of one record, oldest first (inside the reader's scope).
    pub fn history(&self, record: &str) -> Result<Vec<AuditRow>> {
        match self.scope_of_record(record)? {
            Some(code) => self.authorize(Need::Read, Some(&code), record)?,
            None => self.authorize(Need::Admin, None, record)?,
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLS} FROM audit WHERE record = ?1 ORDER BY seq"
        ))?;
        let zone = self.zone();
        let mut rows: Vec<AuditRow> = st
            .query_map([record], map_row)?
            .collect::<rusqlite::Result<_>>()?;
        // Shown in the installation's zone, whatever offset a row carries.
        for r in &mut rows {
            r.at = crate::domain::clock::in_zone(zone, &r.at);
        }
        Ok(rows)
    }

    /// The division a record key is about; guidance is looked up by id.
    fn scope_of_record(&self, record: &str) -> Result<Option<DivisionCode>> {
        if let Some(code) = record_code(record) {
            return Ok(Some(code));
        }
        let mut parts = record.split('/');
        if parts.next() == Some("guidance")
            && let Some(Ok(id)) = parts.next().map(str::parse::<i64>)
        {
            let scope: Option<String> = self
                .conn
                .prepare_cached("SELECT scope FROM guidance WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            return Ok(scope.and_then(|s| DivisionCode::parse(&s).ok()));
        }
        Ok(None)
    }

    /// The audit trail, oldest first. Administrators see every row; anybody
    /// else sees the rows about divisions inside their scope and their own.
    pub fn audit_rows(&self, f: &AuditFilter) -> Result<Vec<AuditRow>> {
        let me = super::users::get_user(&self.conn, &self.actor.account)?.ok_or_else(|| {
            StoreError::NotAUser {
                account: self.actor.account.clone(),
                admins: super::users::admins(&self.conn).unwrap_or_default(),
            }
        })?;
        let since = match &f.since {
            Some(s) => Some(
                parse_since(s, self.zone())
                    .map_err(|e| StoreError::invalid("--since", super::error::Detail::Since(e)))?,
            ),
            None => None,
        };
        let mut sql = format!("SELECT {COLS} FROM audit WHERE 1=1");
        let mut args: Vec<String> = Vec::new();
        if let Some(p) = &f.record_prefix {
            args.push(p.clone());
            sql.push_str(&format!(
                " AND substr(record, 1, length(?{0})) = ?{0}",
                args.len()
            ));
        }
        if let Some(a) = &f.account {
            args.push(a.clone());
            sql.push_str(&format!(" AND account = ?{}", args.len()));
        }
        sql.push_str(" ORDER BY seq");
        let mut st = self.conn.prepare(&sql)?;
        let rows: Vec<AuditRow> = st
            .query_map(rusqlite::params_from_iter(args.iter()), map_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut scopes = std::collections::HashMap::new();
        let mut out = Vec::new();
        for r in rows {
            if let Some(t) = since {
                match DateTime::parse_from_rfc3339(&r.at) {
                    Ok(at) if at >= t => {}
                    _ => continue,
                }
            }
            let code = match scopes.get(&r.record) {
                Some(c) => c,
                None => {
                    let c = self.scope_of_record(&r.record)?;
                    scopes.entry(r.record.clone()).or_insert(c)
                }
            };
            if let Some(v) = &f.village
                && !code.as_ref().is_some_and(|c| c.is_within(v))
            {
                continue;
            }
            let visible = me.role == crate::domain::UserRole::Admin
                || r.account == me.account
                || code.as_ref().is_some_and(|c| {
                    super::users::allowed(&me, Need::Read, Some(c))
                        && me.scope.as_ref().is_some_and(|s| c.is_within(s))
                });
            if visible {
                out.push(r);
            }
        }
        if let Some(l) = f.limit
            && out.len() > l
        {
            out.drain(..out.len() - l);
        }
        Ok(out)
    }

    /// Walk the chain; the first row whose hash or sequence does not follow
    /// is returned (None: the chain is intact).
    pub fn verify_audit(&self) -> Result<Option<(i64, ChainBreak)>> {
        Ok(self.check_audit_chain()?.broken)
    }

    /// Walk the whole chain from row 1 and name the first row that breaks it.
    /// Rows are read as raw values, so a row whose columns were altered to
    /// another type is reported, not an SQL error.
    pub fn check_audit_chain(&self) -> Result<ChainCheck> {
        let mut st = self.conn.prepare(
            "SELECT seq, CAST(at AS TEXT), CAST(account AS TEXT), CAST(action AS TEXT), CAST(record AS TEXT),
                    CAST(old AS TEXT), CAST(new AS TEXT), CAST(outcome AS TEXT), CAST(hash AS TEXT),
                    typeof(at) || typeof(account) || typeof(action) || typeof(record) || typeof(outcome) || typeof(hash)
             FROM audit ORDER BY seq",
        )?;
        let mut rows = st.query([])?;
        let mut prev = String::new();
        let mut expect_seq = 1;
        let mut checked = 0;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            if seq != expect_seq {
                let why = if seq > expect_seq {
                    ChainBreak::Missing {
                        row: expect_seq,
                        next: seq,
                    }
                } else {
                    ChainBreak::OutOfOrder { row: seq }
                };
                return Ok(ChainCheck {
                    rows: checked,
                    broken: Some((expect_seq, why)),
                });
            }
            let types: String = r.get(9)?;
            let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let a = AuditRow {
                seq,
                at: text(1)?.unwrap_or_default(),
                account: text(2)?.unwrap_or_default(),
                action: text(3)?.unwrap_or_default(),
                record: text(4)?.unwrap_or_default(),
                old: text(5)?,
                new: text(6)?,
                outcome: text(7)?.unwrap_or_default(),
                hash: text(8)?.unwrap_or_default(),
            };
            let h = row_hash(
                &prev,
                a.seq,
                &RowText {
                    at: &a.at,
                    account: &a.account,
                    action: &a.action,
                    record: &a.record,
                    old: a.old.as_deref(),
                    new: a.new.as_deref(),
                    outcome: &a.outcome,
                },
            );
            if types != "texttexttexttexttexttext" || h != a.hash {
                let why = if types != "texttexttexttexttexttext" {
                    ChainBreak::WrongTypes
                } else {
                    ChainBreak::Mismatch
                };
                return Ok(ChainCheck {
                    rows: checked,
                    broken: Some((seq, why)),
                });
            }
            prev = a.hash;
            expect_seq += 1;
            checked += 1;
        }
        Ok(ChainCheck {
            rows: checked,
            broken: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_are_the_old_strings_and_round_trip() {
        let texts: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            texts,
            [
                "init",
                "load",
                "backup",
                "read",
                "record",
                "record completion",
                "issue guidance",
                "edit guidance",
                "delete guidance",
                "administer",
                "add user",
                "set user",
                "remove user",
                "add divisions",
                "abolish",
                "import update",
                "import divisions",
                "import villages",
                "import teams",
                "import guidance",
                "export",
                "import users",
                "stopped writer",
                "upward export",
                "upward apply",
                "set rate",
                "add trip",
                "add policy",
                "read allowance",
                "assess",
                "commend",
                "request leave",
                "approve leave",
                "refuse leave",
                "withdraw leave",
                "record return from leave",
                "leave overrun",
                "open recall lead",
                "import attendance",
                "add training",
                "edit training",
                "delete training",
                "mark training",
                "import training",
                "record incident",
                "open recall case",
                "advance recall case",
                "save work record",
                "save attendance",
                "close attendance month",
                "open low-days lead",
                "save responsibility list",
                "save help plan",
                "import abandoned",
                "set unit",
                "import lists",
            ]
        );
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_stored(a.as_str()), Some(a));
        }
        for o in [
            Outcome::Ok,
            Outcome::Conflict,
            Outcome::Refused,
            Outcome::Failed,
            Outcome::Overrode,
        ] {
            assert_eq!(Outcome::from_stored(o.as_str()), Some(o));
        }
        assert_eq!(Outcome::from_stored("maybe"), None);
    }
}
