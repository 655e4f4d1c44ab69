//! Accounts, roles and scopes; permission checks happen here, in the store,
//! for every entry path (UI, CLI, import).
//!
//! The rules (one function, [`allowed`]):
//! - admin (州级管理员): everything, everywhere, including users, the
//!   catalogue and prefecture-wide guidance;
//! - county (县级驻村办): records and guidance inside their county;
//! - township (乡镇联络员): records inside their township;
//! - team (驻村工作队): records of their one village;
//! - viewer (只读): reads only.
//!
//! Everybody reads inside their scope, plus the divisions above it (the
//! path to their scope and the aggregate progress published at those
//! levels). The user row is read afresh for every check, so a change an
//! administrator makes takes effect in sessions that are already open.

use super::audit::{AuditAction, AuditEntry, Outcome};
use super::{Detail, Result, StoreError, audit};
use crate::domain::{DivisionCode, Level, User, UserRole};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

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

/// A user row. A scope that does not parse leaves `scope` None, which for
/// anyone but an administrator means "nowhere" (fail closed).
pub(crate) fn get_user(conn: &Connection, account: &str) -> Result<Option<User>> {
    let row = conn
        .prepare_cached("SELECT role, scope FROM app_user WHERE account = ?1")?
        .query_row([account], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .optional()?;
    let Some((role, scope)) = row else {
        return Ok(
            (creator_if_no_users(conn)?.as_deref() == Some(account)).then(|| User {
                account: account.to_string(),
                role: UserRole::Admin,
                scope: None,
            }),
        );
    };
    Ok(UserRole::from_key(&role).map(|role| User {
        account: account.to_string(),
        role,
        scope: scope.and_then(|s| DivisionCode::parse(&s).ok()),
    }))
}

/// A database from before accounts existed (schema 1) has no users: the
/// account that created it is its administrator, as `init` does today.
pub(super) fn creator_if_no_users(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'created_by' AND NOT EXISTS (SELECT 1 FROM app_user)",
            [],
            |r| r.get(0),
        )
        .optional()?)
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
        creator_if_no_users(conn)?.unwrap_or_else(|| "none registered".into())
    } else {
        names.join(", ")
    })
}

pub(super) fn admin_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM app_user WHERE role = 'admin'",
        [],
        |r| r.get(0),
    )?)
}

/// What an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read,
    Record,
    IssueGuidance,
    Admin,
    /// Enter or close a month of attendance (township, county, admin).
    EnterAttendance,
}

impl Need {
    pub(crate) fn verb(self) -> &'static str {
        self.audit_action().as_str()
    }

    fn audit_action(self) -> AuditAction {
        match self {
            Need::Read => AuditAction::Read,
            Need::Record => AuditAction::RecordCompletion,
            Need::IssueGuidance => AuditAction::IssueGuidance,
            Need::Admin => AuditAction::Administer,
            Need::EnterAttendance => AuditAction::SaveAttendance,
        }
    }
}

/// Whether `user` may do `need` at `code` (None: the whole database).
pub fn allowed(user: &User, need: Need, code: Option<&DivisionCode>) -> bool {
    if user.role == UserRole::Admin {
        return true;
    }
    let Some(scope) = &user.scope else {
        return false;
    };
    let within = code.is_some_and(|c| c.is_within(scope));
    match need {
        Need::Read => {
            code.is_some_and(|c| super::scope::may_read(user, c, super::scope::Reach::Totals))
        }
        Need::Record => user.role.can_record() && within,
        Need::IssueGuidance => user.role.can_issue_guidance() && within,
        Need::Admin => false,
        Need::EnterAttendance => {
            matches!(user.role, UserRole::County | UserRole::Township) && within
        }
    }
}

/// Why an account name or a role's scope was refused: a kind plus values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserInputError {
    #[error("an admin acts on the whole database; leave out --scope")]
    AdminScope,
    #[error("role {} needs --scope CODE (the division it works on)", .role.key())]
    NoScope { role: UserRole },
    #[error("role {} needs {}; {scope} is a {} code", .role.key(), scope_hint(*.want), level_name(.scope.level()))]
    WrongLevel {
        role: UserRole,
        want: Level,
        scope: DivisionCode,
    },
    #[error(
        "{:?} is not an account name (letters, digits, _ . - @; at most 64 characters)",
        crate::domain::text::sanitize(.account, true)
    )]
    BadAccount { account: String },
}

/// The level of scope each role takes (admin: none, the whole database).
pub fn check_scope(
    role: UserRole,
    scope: Option<&DivisionCode>,
) -> std::result::Result<(), UserInputError> {
    let want = match role {
        UserRole::Admin => {
            return match scope {
                None => Ok(()),
                Some(_) => Err(UserInputError::AdminScope),
            };
        }
        UserRole::County => Some(Level::County),
        UserRole::Township => Some(Level::Township),
        UserRole::Team => Some(Level::Village),
        UserRole::Viewer => None,
    };
    let Some(scope) = scope else {
        return Err(UserInputError::NoScope { role });
    };
    match want {
        Some(want) if scope.level() != want => Err(UserInputError::WrongLevel {
            role,
            want,
            scope: scope.clone(),
        }),
        _ => Ok(()),
    }
}

/// What a scope of `level` looks like, for the message.
fn scope_hint(level: Level) -> &'static str {
    match level {
        Level::County => "a county code (6 digits, e.g. 522701)",
        Level::Township => "a township code (9 digits, e.g. 522701001)",
        Level::Village => "a village code (12 digits, e.g. 522701001201)",
        Level::Province | Level::Prefecture => "a division code",
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Province => "province",
        Level::Prefecture => "prefecture",
        Level::County => "county",
        Level::Township => "township",
        Level::Village => "village",
    }
}

/// Account names as the password database allows them (also domain
/// accounts such as `zhang.san@corp`), and nothing a terminal would act on.
pub fn check_account(account: &str) -> std::result::Result<(), UserInputError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '@');
    let body = account.strip_suffix('$').unwrap_or(account);
    if account.is_empty()
        || account.len() > 64
        || account.starts_with('-')
        || !body.chars().all(ok_char)
    {
        return Err(UserInputError::BadAccount {
            account: account.to_string(),
        });
    }
    Ok(())
}

/// Audit a refused attempt in its own immediate transaction.
pub(crate) fn audit_refusal(
    conn: &Connection,
    account: &str,
    need: Need,
    record: &str,
) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    audit::append(
        &tx,
        &AuditEntry {
            at: &super::now_text_on(conn),
            account,
            action: need.audit_action(),
            record,
            old: None,
            new: None,
            outcome: Outcome::Refused,
        },
    )?;
    tx.commit()?;
    super::anchor::after_commit(conn);
    Ok(())
}

/// Whether this database is a copy received upward (a province's, or the
/// nation's): a batch was applied to it by `zhucun pull`. Such a copy is
/// read-only for everybody except through `pull` (issue 14).
pub(crate) fn is_received_copy(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM upward_batch WHERE direction = 'applied')")?
        .query_row([], |r| r.get(0))?)
}

/// Whether a received copy refuses `need` at `code`: everything but reading
/// and the administration of the copy itself (accounts, settings, backups,
/// pulls: the whole database, no division).
pub(crate) fn copy_refuses(need: Need, code: Option<&DivisionCode>) -> bool {
    need != Need::Read && !(need == Need::Admin && code.is_none())
}

/// Check that `account` may do `need` at `code`, reading its user row now.
/// A refusal is audited in its own transaction and returned as an error.
pub(crate) fn authorize(
    conn: &Connection,
    account: &str,
    need: Need,
    code: Option<&DivisionCode>,
    record: &str,
) -> Result<User> {
    let Some(user) = get_user(conn, account)? else {
        return Err(StoreError::NotAUser {
            account: account.to_string(),
            admins: admins(conn)?,
        });
    };
    if copy_refuses(need, code) && is_received_copy(conn)? {
        audit_refusal(conn, account, need, record)?;
        return Err(StoreError::ReceivedCopy {
            code: code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "the whole database".into()),
        });
    }
    if allowed(&user, need, code) {
        return Ok(user);
    }
    audit_refusal(conn, account, need, record)?;
    Err(StoreError::Denied {
        account: account.to_string(),
        role: user.role.key().into(),
        action: need.verb().into(),
        code: code
            .map(|c| c.to_string())
            .unwrap_or_else(|| "the whole database".into()),
    })
}

pub(super) fn describe(u: &User) -> String {
    match &u.scope {
        Some(s) => format!("{} {}", u.role.key(), s),
        None => u.role.key().to_string(),
    }
}

impl super::Store {
    /// Check a permission for the acting account (audited when refused).
    pub fn authorize(&self, need: Need, code: Option<&DivisionCode>, record: &str) -> Result<()> {
        authorize(&self.conn, &self.actor.account, need, code, record).map(|_| ())
    }

    /// Refuse (and audit) reading `code` outside the actor's scope. Each
    /// refused read is audited once per session: a screen that redraws
    /// whenever another session commits must not write an audit row per
    /// redraw (two such screens would keep waking each other up).
    pub(crate) fn check_read(&self, code: &DivisionCode, record: &str) -> Result<()> {
        let account = &self.actor.account;
        let Some(user) = get_user(&self.conn, account)? else {
            return Err(StoreError::NotAUser {
                account: account.clone(),
                admins: admins(&self.conn)?,
            });
        };
        if allowed(&user, Need::Read, Some(code)) {
            return Ok(());
        }
        if self
            .refused_reads
            .borrow_mut()
            .insert(format!("{account} {record}"))
        {
            audit_refusal(&self.conn, account, Need::Read, record)?;
        }
        Err(StoreError::Denied {
            account: account.clone(),
            role: user.role.key().into(),
            action: Need::Read.verb().into(),
            code: code.to_string(),
        })
    }

    /// Whether the acting account may do `need` at `code` (no audit row: for
    /// deciding what to offer, e.g. greying out a key in the UI).
    pub fn may(&self, need: Need, code: Option<&DivisionCode>) -> Result<bool> {
        if copy_refuses(need, code) && is_received_copy(&self.conn)? {
            return Ok(false);
        }
        Ok(get_user(&self.conn, &self.actor.account)?.is_some_and(|u| allowed(&u, need, code)))
    }

    /// Whether this database is a received copy (a province's): read-only
    /// except through `zhucun pull`.
    pub fn is_received_copy(&self) -> Result<bool> {
        is_received_copy(&self.conn)
    }

    /// Re-read the acting account's role and scope (after an administrator
    /// changed them while this session was open).
    pub fn refresh_actor(&mut self) -> Result<()> {
        self.actor = Actor::load(&self.conn, &self.actor.account)?;
        Ok(())
    }

    /// All accounts (administrators only).
    pub fn users(&self) -> Result<Vec<UserRow>> {
        self.authorize(Need::Admin, None, "users")?;
        let mut st = self.conn.prepare(
            "SELECT account, role, scope, added_by, added_at FROM app_user ORDER BY account",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(account, role, scope, added_by, added_at)| {
                Some(UserRow {
                    user: User {
                        account,
                        role: UserRole::from_key(&role)?,
                        scope: scope.and_then(|s| DivisionCode::parse(&s).ok()),
                    },
                    added_by,
                    added_at,
                })
            })
            .collect())
    }

    /// One account's role and scope (None: not a user).
    pub fn user(&self, account: &str) -> Result<Option<User>> {
        get_user(&self.conn, account)
    }

    fn check_user_input(
        &self,
        account: &str,
        role: UserRole,
        scope: Option<&DivisionCode>,
    ) -> Result<()> {
        check_account(account).map_err(|e| StoreError::invalid("account", Detail::UserInput(e)))?;
        check_scope(role, scope)
            .map_err(|e| StoreError::invalid("--scope", Detail::UserInput(e)))?;
        if let Some(s) = scope {
            self.division(s)?.ok_or_else(|| {
                StoreError::invalid("--scope", Detail::UnknownScope(s.to_string()))
            })?;
        }
        Ok(())
    }

    /// Add a new account (administrators only); an existing one is an error.
    pub fn add_user(
        &mut self,
        account: &str,
        role: UserRole,
        scope: Option<&DivisionCode>,
    ) -> Result<()> {
        let record = format!("user/{account}");
        authorize(&self.conn, &self.actor.account, Need::Admin, None, &record)?;
        self.check_user_input(account, role, scope)?;
        if let Some(old) = get_user(&self.conn, account)? {
            return Err(StoreError::invalid(
                "user add",
                Detail::UserExists {
                    account: account.to_string(),
                    role: old.role,
                    scope: old.scope.as_ref().map(|s| s.to_string()),
                },
            ));
        }
        self.put_user(account, role, scope)
    }

    /// Change an existing account's role and/or scope (administrators only).
    /// Making someone an administrator clears the scope.
    pub fn change_user(
        &mut self,
        account: &str,
        role: Option<UserRole>,
        scope: Option<&DivisionCode>,
    ) -> Result<()> {
        let record = format!("user/{account}");
        authorize(&self.conn, &self.actor.account, Need::Admin, None, &record)?;
        let Some(old) = get_user(&self.conn, account)? else {
            return Err(StoreError::invalid(
                "user set",
                Detail::NotAUserToSet(account.to_string()),
            ));
        };
        if role.is_none() && scope.is_none() {
            return Err(StoreError::invalid("user set", Detail::RoleOrScope));
        }
        let role = role.unwrap_or(old.role);
        let scope = match role {
            UserRole::Admin => scope,
            _ => scope.or(old.scope.as_ref()),
        };
        self.check_user_input(account, role, scope)?;
        self.put_user(account, role, scope)
    }

    /// Add or change an account's role and scope (administrators only).
    pub fn set_user(
        &mut self,
        account: &str,
        role: UserRole,
        scope: Option<&DivisionCode>,
    ) -> Result<()> {
        let record = format!("user/{account}");
        authorize(&self.conn, &self.actor.account, Need::Admin, None, &record)?;
        self.check_user_input(account, role, scope)?;
        self.put_user(account, role, scope)
    }

    fn put_user(
        &mut self,
        account: &str,
        role: UserRole,
        scope: Option<&DivisionCode>,
    ) -> Result<()> {
        let record = format!("user/{account}");
        let by = self.actor.account.clone();
        self.write(|tx, now| {
            if let Some(creator) = creator_if_no_users(tx)? {
                insert_user(tx, &creator, UserRole::Admin, None, &creator, now)?;
            }
            let old = get_user(tx, account)?;
            if old.as_ref().is_some_and(|o| o.role == UserRole::Admin)
                && role != UserRole::Admin
                && admin_count(tx)? <= 1
            {
                return Err(last_admin(account));
            }
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
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: if old.is_some() {
                        AuditAction::SetUser
                    } else {
                        AuditAction::AddUser
                    },
                    record: &record,
                    old: old_text.as_deref(),
                    new: Some(&new),
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(())
        })?;
        if account == self.actor.account {
            self.refresh_actor()?;
        }
        Ok(())
    }

    /// Remove an account (administrators only). Ok(false): it was not a user.
    /// The last administrator cannot be removed.
    pub fn remove_user(&mut self, account: &str) -> Result<bool> {
        let record = format!("user/{account}");
        authorize(&self.conn, &self.actor.account, Need::Admin, None, &record)?;
        let by = self.actor.account.clone();
        let removed = self.write(|tx, now| {
            let old = get_user(tx, account)?;
            let Some(old) = old else { return Ok(false) };
            if old.role == UserRole::Admin && admin_count(tx)? <= 1 {
                return Err(last_admin(account));
            }
            tx.execute("DELETE FROM app_user WHERE account = ?1", [account])?;
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::RemoveUser,
                    record: &record,
                    old: Some(&describe(&old)),
                    new: None,
                    outcome: Outcome::Ok,
                },
            )?;
            Ok(true)
        })?;
        if account == self.actor.account {
            self.refresh_actor()?;
        }
        Ok(removed)
    }

    /// Refuse accounts that are not in the users table, saying whom to ask.
    pub fn require_user(&self) -> Result<()> {
        if get_user(&self.conn, &self.actor.account)?.is_none() {
            return Err(StoreError::NotAUser {
                account: self.actor.account.clone(),
                admins: admins(&self.conn)?,
            });
        }
        Ok(())
    }
}

fn last_admin(account: &str) -> StoreError {
    StoreError::invalid("user", Detail::OnlyAdmin(account.to_string()))
}

/// A user with who added it and when.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UserRow {
    #[serde(flatten)]
    pub user: User,
    pub added_by: String,
    pub added_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(role: UserRole, scope: Option<&str>) -> User {
        User {
            account: "x".into(),
            role,
            scope: scope.map(|s| DivisionCode::parse(s).unwrap()),
        }
    }

    fn c(s: &str) -> DivisionCode {
        DivisionCode::parse(s).unwrap()
    }

    #[test]
    fn scope_rules() {
        let admin = u(UserRole::Admin, None);
        let county = u(UserRole::County, Some("522701"));
        let town = u(UserRole::Township, Some("522701001"));
        let team = u(UserRole::Team, Some("522701001201"));
        let viewer = u(UserRole::Viewer, Some("522700"));
        let v = c("522701001201");
        let other_v = c("522701001202");
        let other_county_v = c("522702001201");
        for (user, village, ok) in [
            (&admin, &other_county_v, true),
            (&county, &v, true),
            (&county, &other_county_v, false),
            (&town, &other_v, true),
            (&town, &other_county_v, false),
            (&team, &v, true),
            (&team, &other_v, false),
            (&viewer, &v, false),
        ] {
            assert_eq!(
                allowed(user, Need::Record, Some(village)),
                ok,
                "{user:?} {village}"
            );
        }
        // Guidance: county for its county, admin for the prefecture.
        assert!(allowed(&county, Need::IssueGuidance, Some(&c("522701"))));
        assert!(!allowed(&county, Need::IssueGuidance, Some(&c("522700"))));
        assert!(!allowed(&county, Need::IssueGuidance, Some(&c("522702"))));
        assert!(allowed(&admin, Need::IssueGuidance, Some(&c("522700"))));
        assert!(!allowed(&town, Need::IssueGuidance, Some(&c("522701001"))));
        // Reading: inside the scope and the path above it, not beside it.
        assert!(allowed(&viewer, Need::Read, Some(&v)));
        assert!(allowed(&team, Need::Read, Some(&c("522701"))));
        assert!(!allowed(&team, Need::Read, Some(&other_v)));
        assert!(!allowed(&team, Need::Read, None));
        assert!(!allowed(&county, Need::Admin, None));
        // A scope that did not parse grants nothing (fail closed).
        let broken = u(UserRole::County, None);
        assert!(!allowed(&broken, Need::Record, Some(&v)));
        assert!(!allowed(&broken, Need::Read, Some(&v)));
    }

    #[test]
    fn scope_levels() {
        assert!(check_scope(UserRole::Admin, None).is_ok());
        assert_eq!(
            check_scope(UserRole::Admin, Some(&c("522700")))
                .unwrap_err()
                .to_string(),
            "an admin acts on the whole database; leave out --scope"
        );
        assert!(check_scope(UserRole::County, Some(&c("522701"))).is_ok());
        assert_eq!(
            check_scope(UserRole::Team, Some(&c("522701001")))
                .unwrap_err()
                .to_string(),
            "role team needs a village code (12 digits, e.g. 522701001201); 522701001 is a township code"
        );
        assert_eq!(
            check_scope(UserRole::County, None).unwrap_err().to_string(),
            "role county needs --scope CODE (the division it works on)"
        );
        assert!(check_scope(UserRole::Viewer, Some(&c("522700"))).is_ok());
    }

    #[test]
    fn account_names() {
        assert!(check_account("zhangsan").is_ok());
        assert!(check_account("zhang.san@corp").is_ok());
        assert!(check_account("host$").is_ok());
        assert!(check_account("").is_err());
        assert!(check_account("-rf").is_err());
        assert_eq!(
            check_account("a\u{1b}]0;x\u{7}").unwrap_err().to_string(),
            "\"a]0;x\" is not an account name (letters, digits, _ . - @; at most 64 characters)"
        );
    }
}
