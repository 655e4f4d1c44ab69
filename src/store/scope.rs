//! What each account may read: the one rule every read path follows.
//!
//! - Inside its scope an account reads everything: the detail of every
//!   village (checklists, notes, history, team, exports, overdue lists) and
//!   the totals of every division.
//! - Above its scope it reads the names and aggregate totals of its own
//!   ancestors only (the path from the prefecture down to its scope), never
//!   those of siblings: a village team sees its township's, county's and
//!   prefecture's totals, but not the neighbouring villages or townships.
//! - Administrators read everything.

use super::{Result, StoreError, users};
use crate::domain::{DivisionCode, User, UserRole};

/// How much of a division a read shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Aggregate totals and the name (ancestors' totals are allowed).
    Totals,
    /// Per-village detail: records, notes, people.
    Detail,
}

/// Whether `user` may read `code` at `reach` (the rule above).
pub fn may_read(user: &User, code: &DivisionCode, reach: Reach) -> bool {
    if user.role == UserRole::Admin {
        return true;
    }
    let Some(scope) = &user.scope else {
        return false;
    };
    code.is_within(scope) || (reach == Reach::Totals && scope.is_within(code))
}

impl super::Store {
    /// Refuse (and audit, once per session and record) a read of `code` at
    /// `reach` the acting account may not make.
    pub(crate) fn check_reach(
        &self,
        code: &DivisionCode,
        reach: Reach,
        record: &str,
    ) -> Result<()> {
        let account = &self.actor.account;
        let Some(user) = users::get_user(&self.conn, account)? else {
            return Err(StoreError::NotAUser {
                account: account.clone(),
                admins: users::admins(&self.conn)?,
            });
        };
        if may_read(&user, code, reach) {
            return Ok(());
        }
        if self
            .refused_reads
            .borrow_mut()
            .insert(format!("{account} {record}"))
        {
            users::audit_refusal(&self.conn, account, users::Need::Read, record)?;
        }
        Err(StoreError::Denied {
            account: account.clone(),
            role: user.role.key().into(),
            action: users::Need::Read.verb().into(),
            code: code.to_string(),
        })
    }

    /// Of `codes`, those the acting account may see the totals of (siblings
    /// of its own path are left out).
    pub(crate) fn visible<T>(
        &self,
        items: Vec<T>,
        code: impl Fn(&T) -> &DivisionCode,
    ) -> Result<Vec<T>> {
        let Some(user) = users::get_user(&self.conn, &self.actor.account)? else {
            return Ok(vec![]);
        };
        Ok(items
            .into_iter()
            .filter(|i| may_read(&user, code(i), Reach::Totals))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: UserRole, scope: &str) -> User {
        User {
            account: "u".into(),
            role,
            scope: Some(DivisionCode::parse(scope).unwrap()),
        }
    }

    #[test]
    fn ancestors_totals_but_not_siblings() {
        let team = user(UserRole::Team, "522701001201");
        let c = |s: &str| DivisionCode::parse(s).unwrap();
        assert!(may_read(&team, &c("522701001201"), Reach::Detail));
        assert!(may_read(&team, &c("522701001"), Reach::Totals));
        assert!(may_read(&team, &c("522700"), Reach::Totals));
        assert!(!may_read(&team, &c("522700"), Reach::Detail));
        assert!(!may_read(&team, &c("522701001202"), Reach::Totals));
        assert!(!may_read(&team, &c("522702"), Reach::Totals));
        let viewer = user(UserRole::Viewer, "522702");
        assert!(!may_read(&viewer, &c("522700"), Reach::Detail));
        assert!(may_read(&viewer, &c("522702001"), Reach::Detail));
    }
}
