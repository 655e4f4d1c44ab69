//! Accounts, roles and scopes; permission checks happen here, in the store,
//! for every entry path (UI, CLI, import).

use super::{Result, StoreError, audit};
use crate::domain::{DivisionCode, User, UserRole};
use rusqlite::{Connection, OptionalExtension, Transaction};

/// The account acting on the store and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account: String,
    /// None when the account is not in the users table.
    pub user: Option<User>,
}

impl Actor {
    pub(crate) fn from_kernel() -> Actor {
        Actor {
            account: super::identity::account_name(),
            user: None,
        }
    }

    pub(crate) fn load(conn: &Connection, account: &str) -> Result<Actor> {
        Ok(Actor {
            account: account.to_string(),
            user: get_user(conn, account)?,
        })
    }

    pub fn role(&self) -> Option<UserRole> {
        self.user.as_ref().map(|u| u.role)
    }

    pub fn scope(&self) -> Option<&DivisionCode> {
        self.user.as_ref().and_then(|u| u.scope.as_ref())
    }
}

pub(crate) fn get_user(conn: &Connection, account: &str) -> Result<Option<User>> {
    let row = conn
        .query_row(
            "SELECT role, scope FROM app_user WHERE account = ?1",
            [account],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(role, scope)| {
        Some(User {
            account: account.to_string(),
            role: UserRole::from_key(&role)?,
            scope: scope.and_then(|s| DivisionCode::parse(&s).ok()),
        })
    }))
}

pub(crate) fn insert_user(
    tx: &Transaction,
    account: &str,
    role: UserRole,
    scope: Option<&DivisionCode>,
    by: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO app_user(account, role, scope, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        (account, role.key(), scope.map(|s| s.as_str()), by, now),
    )?;
    Ok(())
}

pub(crate) fn admins(conn: &Connection) -> Result<String> {
    let mut st =
        conn.prepare("SELECT account FROM app_user WHERE role = 'admin' ORDER BY account")?;
    let names: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if names.is_empty() {
        "none registered".into()
    } else {
        names.join(", ")
    })
}

/// What an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Read,
    Record,
    IssueGuidance,
    Admin,
}

impl Need {
    fn verb(self) -> &'static str {
        match self {
            Need::Read => "read",
            Need::Record => "record completion",
            Need::IssueGuidance => "issue guidance",
            Need::Admin => "administer",
        }
    }
}

/// Check that the actor may do `need` at `code`. A refusal is audited in its
/// own transaction and returned as an error.
pub(crate) fn authorize(
    conn: &mut Connection,
    actor: &Actor,
    need: Need,
    code: Option<&DivisionCode>,
    record: &str,
) -> Result<()> {
    let Some(user) = &actor.user else {
        return Err(StoreError::NotAUser {
            account: actor.account.clone(),
            admins: admins(conn)?,
        });
    };
    let inside = match (code, &user.scope) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(c), Some(s)) => c.is_within(s) || (need == Need::Read && s.is_within(c)),
    };
    let allowed = match need {
        Need::Read => inside,
        Need::Record => user.role.can_record() && inside,
        Need::IssueGuidance => user.role.can_issue_guidance() && inside,
        Need::Admin => user.role == UserRole::Admin,
    };
    if allowed {
        return Ok(());
    }
    let code_text = code
        .map(|c| c.to_string())
        .unwrap_or_else(|| "the whole database".into());
    if need != Need::Read {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        audit::append(
            &tx,
            &super::now_text(),
            &actor.account,
            need.verb(),
            record,
            None,
            None,
            "refused",
        )?;
        tx.commit()?;
    }
    Err(StoreError::Denied {
        account: actor.account.clone(),
        role: user.role.key().into(),
        action: need.verb().into(),
        code: code_text,
    })
}

impl super::Store {
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare("SELECT account FROM app_user ORDER BY account")?;
        let names: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        names
            .iter()
            .map(|n| get_user(&self.conn, n).map(|u| u.expect("listed user exists")))
            .collect()
    }

    /// Add or change an account's role and scope (administrators only).
    pub fn set_user(
        &mut self,
        account: &str,
        role: UserRole,
        scope: Option<&DivisionCode>,
    ) -> Result<()> {
        let record = format!("user/{account}");
        authorize(&mut self.conn, &self.actor, Need::Admin, None, &record)?;
        if let Some(s) = scope {
            self.division(s)?
                .ok_or_else(|| StoreError::UnknownDivision(s.to_string()))?;
        }
        if role != UserRole::Admin && scope.is_none() {
            return Err(StoreError::invalid(
                "--scope",
                format!("role {} needs a scope (a division code)", role.key()),
            ));
        }
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let old = get_user(tx, account)?;
            let old_text = old.as_ref().map(describe);
            tx.execute("DELETE FROM app_user WHERE account = ?1", [account])?;
            insert_user(tx, account, role, scope, &by, now)?;
            let new = describe(&User {
                account: account.into(),
                role,
                scope: scope.cloned(),
            });
            audit::append(
                tx,
                now,
                &by,
                "set user",
                &record,
                old_text.as_deref(),
                Some(&new),
                "ok",
            )?;
            Ok(())
        })?;
        if account == self.actor.account {
            self.actor = Actor::load(&self.conn, account)?;
        }
        Ok(())
    }

    pub fn remove_user(&mut self, account: &str) -> Result<bool> {
        let record = format!("user/{account}");
        authorize(&mut self.conn, &self.actor, Need::Admin, None, &record)?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            let old = get_user(tx, account)?;
            let Some(old) = old else { return Ok(false) };
            tx.execute("DELETE FROM app_user WHERE account = ?1", [account])?;
            audit::append(
                tx,
                now,
                &by,
                "remove user",
                &record,
                Some(&describe(&old)),
                None,
                "ok",
            )?;
            Ok(true)
        })
    }
}

fn describe(u: &User) -> String {
    match &u.scope {
        Some(s) => format!("{} {}", u.role.key(), s),
        None => u.role.key().to_string(),
    }
}

impl super::Store {
    /// Refuse accounts that are not in the users table, saying whom to ask.
    pub fn require_user(&self) -> Result<()> {
        if self.actor.user.is_none() {
            return Err(StoreError::NotAUser {
                account: self.actor.account.clone(),
                admins: admins(&self.conn)?,
            });
        }
        Ok(())
    }
}
