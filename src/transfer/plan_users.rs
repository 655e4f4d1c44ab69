//! Row-by-row checks of a `zhucun user import` file: the same checks as
//! `zhucun user add` (an account that exists on this server, a role, a
//! scope of the role's level that is in the database), plus accounts named
//! twice and a file that would leave no administrator.

use super::fields::{self, FieldError};
use super::plan::{Cells, Counts};
use super::table::Row;
use crate::domain::{DivisionCode, User, UserRole};
use crate::store::{KnownDivision, UserBatch, UserChange, check_account, check_scope};
use foldhash::{HashMap, HashMapExt};

const ACCOUNT: usize = 0;
const ROLE: usize = 1;
const SCOPE: usize = 2;
const NAME: usize = 3;

/// The account of one row, checked as `user add` checks it.
fn account(c: &mut Cells, row: &Row) -> Option<String> {
    let a = c.text(row, ACCOUNT, true)?;
    if let Err(e) = check_account(&a) {
        c.problem(row, Some(ACCOUNT), e.to_string());
        return None;
    }
    match nix::unistd::User::from_name(&a) {
        Ok(Some(_)) => Some(a),
        _ => {
            c.problem(
                row,
                Some(ACCOUNT),
                FieldError::NoSuchAccount { account: a }.to_string(),
            );
            None
        }
    }
}

/// The scope of one row: None when empty (administrators); Err(()) when
/// it is wrong (the problem recorded).
fn scope(
    c: &mut Cells,
    row: &Row,
    known: &HashMap<String, KnownDivision>,
) -> Result<Option<DivisionCode>, ()> {
    let raw = c.get(row, SCOPE).ok_or(())?;
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let code = c.parse(row, SCOPE, fields::code).ok_or(())?;
    match known.get(code.as_str()) {
        Some(k) if !k.abolished => Ok(Some(code)),
        _ => {
            c.problem(
                row,
                Some(SCOPE),
                FieldError::UnknownScope {
                    code: code.to_string(),
                }
                .to_string(),
            );
            Err(())
        }
    }
}

/// One row: the account as it should be, or None (problems recorded).
fn user_row(
    c: &mut Cells,
    row: &Row,
    known: &HashMap<String, KnownDivision>,
) -> Option<UserChange> {
    let account = account(c, row);
    let role = c.parse(row, ROLE, fields::user_role);
    let scope = scope(c, row, known);
    let name = c.text(row, NAME, true);
    let (Some(account), Some(role), Ok(scope), Some(name)) = (account, role, scope, name) else {
        return None;
    };
    if let Err(e) = check_scope(role, scope.as_ref()) {
        c.problem(row, Some(SCOPE), e.to_string());
        return None;
    }
    Some(UserChange {
        user: User {
            account,
            role,
            scope,
        },
        name,
    })
}

pub(crate) fn users(
    c: &mut Cells,
    rows: &[Row],
    known: &HashMap<String, KnownDivision>,
    existing: &[User],
    people: &crate::store::People,
    tick: &dyn Fn(u64),
) -> (UserBatch, Counts) {
    let mut batch = UserBatch::default();
    let mut counts = Counts {
        rows: rows.len(),
        ..Counts::default()
    };
    let stored: HashMap<&str, &User> = existing.iter().map(|u| (u.account.as_str(), u)).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut demotes: Vec<(usize, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if i.is_multiple_of(4096) {
            tick(i as u64);
        }
        // Named twice is a problem whatever else the rows say.
        let named = c.map.index[ACCOUNT]
            .and_then(|i| row.cells.get(i))
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty());
        if let Some(a) = named
            && let Some(first) = seen.insert(a.clone(), row.line)
        {
            let account = crate::domain::text::sanitize(&a, true);
            c.problem(
                row,
                Some(ACCOUNT),
                FieldError::DuplicateAccount { account, first }.to_string(),
            );
            continue;
        }
        let Some(change) = user_row(c, row, known) else {
            continue;
        };
        let account = change.user.account.clone();
        match stored.get(account.as_str()) {
            // A new 姓名 is a change even when role and scope stay.
            Some(old)
                if old.role == change.user.role
                    && old.scope == change.user.scope
                    && (change.name.is_empty()
                        || people.stored(&account)
                            == crate::store::clean_name(&change.name).ok().as_deref()) =>
            {
                counts.unchanged += 1;
            }
            Some(old) => {
                if old.role == UserRole::Admin && change.user.role != UserRole::Admin {
                    demotes.push((row.line, account));
                }
                counts.updated += 1;
                batch.update.push(((*old).clone(), change));
            }
            None => {
                counts.added += 1;
                batch.add.push(change);
            }
        }
    }
    let admins_after = existing
        .iter()
        .filter(|u| u.role == UserRole::Admin)
        .filter(|u| !demotes.iter().any(|(_, a)| *a == u.account))
        .count()
        + batch
            .add
            .iter()
            .filter(|a| a.user.role == UserRole::Admin)
            .count();
    if admins_after == 0
        && let Some((line, account)) = demotes.first()
    {
        c.problem_at(
            *line,
            Some(ROLE),
            FieldError::LastAdmin {
                account: account.clone(),
            }
            .to_string(),
        );
    }
    (batch, counts)
}
