//! What an import may hold before anything is planned against the database:
//! the size limits of the roles below administrator, and the rows outside
//! the account's scope (refused without consulting what the database holds
//! about them, so `--check` cannot be used to read outside the scope).

use super::fields::{self, HeaderMap};
use super::table::Row;
use super::{Problem, TransferError};
use crate::domain::{DivisionCode, UserRole};
use crate::store::{ImportNeed, Need, Store};
use std::path::Path;

/// Rows one import may hold for a role below administrator: a county's team
/// roster (about 300 villages, a handful of people each) and a year of its
/// guidance fit with room to spare.
pub const MAX_ROWS: usize = 5_000;
/// Bytes one import file may hold for a role below administrator (a roster
/// of 5,000 rows is about 400 kB as CSV, a little more as .xlsx).
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;

fn limited(store: &Store) -> bool {
    store.actor().role() != Some(UserRole::Admin)
}

fn whole_file(label: &str, message: super::ProblemText) -> TransferError {
    TransferError::Invalid {
        file: label.to_string(),
        problems: super::Problems(vec![Problem {
            file: label.to_string(),
            line: 0,
            column: None,
            message,
        }]),
    }
}

/// Refuse a file over [`MAX_BYTES`] before reading it (roles below
/// administrator).
pub(crate) fn check_size(store: &Store, label: &str, path: &Path) -> Result<(), TransferError> {
    if !limited(store) {
        return Ok(());
    }
    let len = crate::store::privilege::as_real_user(|| std::fs::metadata(path))
        .map(|m| m.len())
        .unwrap_or(0);
    if len > MAX_BYTES {
        return Err(whole_file(
            label,
            super::ProblemText::TooManyBytes {
                len,
                max: MAX_BYTES,
                rows: MAX_ROWS,
            },
        ));
    }
    Ok(())
}

/// Refuse more than [`MAX_ROWS`] rows (roles below administrator).
pub(crate) fn check_rows(store: &Store, label: &str, rows: usize) -> Result<(), TransferError> {
    if limited(store) && rows > MAX_ROWS {
        return Err(whole_file(
            label,
            super::ProblemText::TooManyRows {
                rows,
                max: MAX_ROWS,
            },
        ));
    }
    Ok(())
}

/// The distinct divisions named in column `col` of `rows` (as the file
/// writes them; cells that are not codes are left to the planning step).
fn named_codes(map: &HeaderMap, col: usize, rows: &[Row]) -> Vec<DivisionCode> {
    let mut out: Vec<DivisionCode> = Vec::new();
    for row in rows {
        let cell = map.index[col].and_then(|i| row.cells.get(i));
        if let Some(code) = cell.and_then(|c| fields::code(c).ok())
            && !out.contains(&code)
        {
            out.push(code);
        }
    }
    out
}

/// Where an import may go, and whether it only checks.
pub(crate) struct Gate<'g> {
    pub kind: super::import::ImportKind,
    pub label: &'g str,
    pub check: bool,
}

/// Let a `kind` import be planned against the database: always for an
/// administrator; for anyone else only with at most [`MAX_ROWS`] rows, no
/// divisions or villages, and every division the file names inside the
/// scope. Permission is checked on what the file itself says, before the
/// database is consulted about any row, so `--check` tells nothing about
/// divisions outside the scope. A refused write is audited (the store's
/// `Denied`); `--check` only reports it.
pub(crate) fn admit(
    store: &Store,
    gate: &Gate,
    map: &HeaderMap,
    rows: &[Row],
) -> Result<(), TransferError> {
    use super::import::ImportKind;
    if !limited(store) {
        return Ok(());
    }
    check_rows(store, gate.label, rows.len())?;
    let (need, import_need, codes) = match gate.kind {
        ImportKind::Divisions | ImportKind::Villages | ImportKind::Users => {
            (Need::Admin, ImportNeed::Admin, vec![])
        }
        ImportKind::Teams => (Need::Record, ImportNeed::Record, named_codes(map, 0, rows)),
        // Gated by its own module (transfer::attendance), per row.
        ImportKind::Attendance => (Need::Record, ImportNeed::Record, vec![]),
        // Gated by its own module (transfer::lists), per row.
        ImportKind::Lists => (Need::Record, ImportNeed::Record, vec![]),
        // The cadres' villages are known once planned: the store authorizes
        // each of them when it writes (a refusal audited), --check reports it.
        ImportKind::Cadres => (Need::Record, ImportNeed::Record, vec![]),
        ImportKind::Guidance => (
            Need::IssueGuidance,
            ImportNeed::IssueGuidance,
            named_codes(map, 1, rows),
        ),
    };
    if gate.check {
        return match store.import_denied(import_need, &codes) {
            Some(denied) => Err(whole_file(gate.label, super::ProblemText::Refused(denied))),
            None => Ok(()),
        };
    }
    let record = format!("import/{}", gate.label);
    if need == Need::Admin {
        store.authorize(Need::Admin, None, &record)?;
    }
    for c in &codes {
        store.authorize(need, Some(c), &record)?;
    }
    Ok(())
}
