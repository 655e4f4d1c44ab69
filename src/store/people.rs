//! People's names for accounts: 记录人 shows the name where the account's
//! name is known and the login otherwise. [`People::name`] is the one place
//! a login becomes what people read.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::users::{Need, authorize};
use super::{Result, StoreError, audit};
use crate::domain::text;
use std::collections::HashMap;

/// Longest name accepted, in characters.
pub const NAME_MAX_CHARS: usize = 40;

/// Names of accounts as far as they were looked up (a miss is remembered,
/// so a login without a name is not asked for again).
#[derive(Debug, Clone, Default)]
pub struct People(HashMap<String, Option<String>>);

impl People {
    /// The name shown for `account`: its person's name, else the login.
    pub fn name<'a>(&'a self, account: &'a str) -> &'a str {
        match self.0.get(account) {
            Some(Some(n)) => n,
            _ => account,
        }
    }

    /// The name stored for `account`, if one is (None: no name, or not
    /// looked up).
    pub fn stored(&self, account: &str) -> Option<&str> {
        self.0.get(account).and_then(|n| n.as_deref())
    }

    /// Whether `account` was looked up already.
    pub fn knows(&self, account: &str) -> bool {
        self.0.contains_key(account)
    }
}

/// A name as stored: sanitised, one line, trimmed; refused when empty or
/// too long.
pub fn clean_name(name: &str) -> Result<String> {
    let n = text::sanitize(name, true).trim().to_string();
    let chars = n.chars().count();
    if chars == 0 {
        return Err(StoreError::invalid(
            "--name",
            "the name is empty; give the person's name, as in --name 张伟",
        ));
    }
    if chars > NAME_MAX_CHARS {
        return Err(StoreError::invalid(
            "--name",
            format!("the name is {chars} characters; the limit is {NAME_MAX_CHARS}"),
        ));
    }
    Ok(n)
}

impl super::Store {
    /// Every account's name (exports, which show many records at once).
    pub fn people(&self) -> Result<People> {
        self.require_user()?;
        let mut st = self.conn.prepare_cached(
            "SELECT account, name FROM account_name
                 UNION ALL
                 SELECT c.account, c.name FROM cadre c WHERE c.account IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM account_name a WHERE a.account = c.account)",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, Some(r.get(1)?))))?;
        Ok(People(rows.collect::<rusqlite::Result<_>>()?))
    }

    /// Look up the names of `accounts` not yet in `people`.
    pub fn learn_people<'a>(
        &self,
        people: &mut People,
        accounts: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "SELECT coalesce((SELECT name FROM account_name WHERE account = ?1),
                                 (SELECT name FROM cadre WHERE account = ?1))",
        )?;
        for a in accounts {
            if people.knows(a) {
                continue;
            }
            use rusqlite::OptionalExtension;
            let name: Option<String> = st.query_row([a], |r| r.get(0)).optional()?.flatten();
            people.0.insert(a.to_string(), name);
        }
        Ok(())
    }

    /// The name stored for `account`, if any.
    pub fn account_name(&self, account: &str) -> Result<Option<String>> {
        let mut p = People::default();
        self.learn_people(&mut p, [account])?;
        Ok(p.0.remove(account).flatten())
    }

    /// Set (or with None, remove) the name shown for `account`
    /// (administrators only; audited as a change of the user).
    pub fn set_account_name(&mut self, account: &str, name: Option<&str>) -> Result<()> {
        let record = format!("user/{account}/name");
        authorize(&self.conn, &self.actor.account, Need::Admin, None, &record)?;
        super::check_account(account).map_err(|e| StoreError::invalid("account", e.to_string()))?;
        let name = name.map(clean_name).transpose()?;
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            use rusqlite::OptionalExtension;
            let old: Option<String> = tx
                .query_row(
                    "SELECT name FROM account_name WHERE account = ?1",
                    [account],
                    |r| r.get(0),
                )
                .optional()?;
            match &name {
                Some(n) => tx.execute(
                    "INSERT INTO account_name(account, name, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(account) DO UPDATE SET name = excluded.name,
                       set_by = excluded.set_by, set_at = excluded.set_at",
                    (account, n, &by, now),
                )?,
                None => tx.execute("DELETE FROM account_name WHERE account = ?1", [account])?,
            };
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::SetUser,
                    record: &record,
                    old: old.as_deref(),
                    new: name.as_deref(),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })
    }
}

/// Write a name inside a load (demo set, imports): no audit row of its own.
pub(crate) fn put(
    tx: &rusqlite::Transaction,
    account: &str,
    name: &str,
    by: &str,
    at: &str,
) -> Result<()> {
    let name = clean_name(name)?;
    tx.execute(
        "INSERT INTO account_name(account, name, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(account) DO UPDATE SET name = excluded.name,
           set_by = excluded.set_by, set_at = excluded.set_at",
        (account, &name, by, at),
    )?;
    Ok(())
}
