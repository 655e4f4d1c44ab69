//! `zhucun user import FILE`: many accounts added or changed in one
//! transaction (administrators only), each change a row of the audit trail
//! like `user add` and `user set` write, plus one summary row.

use super::audit::{self, AuditAction, AuditEntry, Outcome};
use super::users::{admin_count, creator_if_no_users, describe, get_user, insert_user};
use super::{Need, Result, StoreError};
use crate::domain::{DivisionCode, User};

/// One account as a file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserChange {
    pub user: User,
    /// 姓名 from the file ("" when not given): shown for the account's
    /// records (account_name) and kept in the audit trail.
    pub name: String,
}

/// Accounts to add, and accounts to change with the role and scope the
/// plan saw (the write fails if someone changed them meanwhile).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserBatch {
    pub add: Vec<UserChange>,
    pub update: Vec<(User, UserChange)>,
}

fn changed_meanwhile(account: &str) -> StoreError {
    StoreError::invalid(
        "import",
        format!(
            "user {account} was changed by someone else during the import; nothing was written, run the import again"
        ),
    )
}

fn audit_text(c: &UserChange) -> String {
    if c.name.is_empty() {
        describe(&c.user)
    } else {
        format!("{} ({})", describe(&c.user), c.name)
    }
}

impl super::Store {
    /// Add and change accounts (administrators only), all or nothing.
    pub fn import_users(
        &mut self,
        label: &str,
        batch: &UserBatch,
        progress: &dyn Fn(u64),
    ) -> Result<()> {
        self.authorize(Need::Admin, None, &format!("import/{label}"))?;
        let by = self.actor.account.clone();
        let changes = batch
            .add
            .iter()
            .map(|c| (None, c))
            .chain(batch.update.iter().map(|(old, c)| (Some(old), c)));
        self.write(|tx, now| {
            if let Some(creator) = creator_if_no_users(tx)? {
                insert_user(
                    tx,
                    &creator,
                    crate::domain::UserRole::Admin,
                    None,
                    &creator,
                    now,
                )?;
            }
            let mut n = 0u64;
            for (planned, c) in changes {
                let account = c.user.account.as_str();
                let old = get_user(tx, account)?;
                if old.as_ref() != planned {
                    return Err(changed_meanwhile(account));
                }
                tx.execute("DELETE FROM app_user WHERE account = ?1", [account])?;
                let scope: Option<&DivisionCode> = c.user.scope.as_ref();
                insert_user(tx, account, c.user.role, scope, &by, now)?;
                // 姓名 is what 记录人 shows for the account (store::people).
                if !c.name.is_empty() {
                    super::people::put(tx, account, &c.name, &by, now)?;
                }
                let old_text = old.as_ref().map(describe);
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
                        record: &format!("user/{account}"),
                        old: old_text.as_deref(),
                        new: Some(&audit_text(c)),
                        outcome: Outcome::Ok,
                    },
                )?;
                n += 1;
                progress(n);
            }
            // The plan refuses this with the line to fix; here it only
            // guards against a change made meanwhile.
            if admin_count(tx)? < 1 {
                return Err(StoreError::invalid(
                    "import",
                    "the import would leave no administrator; nothing was written",
                ));
            }
            audit::append(
                tx,
                &AuditEntry {
                    at: now,
                    account: &by,
                    action: AuditAction::ImportUsers,
                    record: &format!("import/{label}"),
                    old: None,
                    new: Some(&format!(
                        "{} added, {} updated",
                        batch.add.len(),
                        batch.update.len()
                    )),
                    outcome: Outcome::Ok,
                },
            )
        })?;
        self.refresh_actor()
    }
}
