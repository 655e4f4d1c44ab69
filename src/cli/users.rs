//! `zhucun user add|list|remove|set`: accounts, roles and scopes.

use super::Ctx;
use crate::domain::text::sanitize;
use crate::domain::{DivisionCode, UserRole};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{Store, check_account};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Give an account a role and a scope (administrators only)
    Add {
        /// Login name on this server (as `id -un` prints it)
        account: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Division the account works on: county (6 digits), township (9) or
        /// village (12); admins take none
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
    },
    /// List every account with its role and scope (administrators only)
    List,
    /// Take an account's access away (administrators only)
    Remove { account: String },
    /// Change an account's role and/or scope (administrators only)
    Set {
        account: String,
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Admin,
    County,
    Township,
    Team,
    Viewer,
}

impl From<RoleArg> for UserRole {
    fn from(r: RoleArg) -> UserRole {
        match r {
            RoleArg::Admin => UserRole::Admin,
            RoleArg::County => UserRole::County,
            RoleArg::Township => UserRole::Township,
            RoleArg::Team => UserRole::Team,
            RoleArg::Viewer => UserRole::Viewer,
        }
    }
}

fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn parse_scope(s: Option<&str>) -> Result<Option<DivisionCode>> {
    s.map(|s| DivisionCode::parse(s).context("--scope"))
        .transpose()
}

/// The account must exist on this server: a typo would otherwise sit in the
/// users table granting nothing to nobody.
fn check_system_account(account: &str, lang: Lang) -> Result<()> {
    check_account(account)?;
    match nix::unistd::User::from_name(account) {
        Ok(Some(_)) => Ok(()),
        _ => bail!(fill(lang.cli().no_system_account, &[account, account])),
    }
}

pub fn run(store: &mut Store, ctx: &Ctx, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add {
            account,
            role,
            scope,
        } => {
            let scope = parse_scope(scope.as_deref())?;
            // Permission first: a refused attempt is audited whatever else is wrong.
            store.authorize(crate::store::Need::Admin, None, &format!("user/{account}"))?;
            check_system_account(&account, ctx.lang)?;
            store.add_user(&account, role.into(), scope.as_ref())?;
            outln!("{}", describe(store, ctx, &account)?)?;
        }
        UserCmd::Set {
            account,
            role,
            scope,
        } => {
            let scope = parse_scope(scope.as_deref())?;
            store.change_user(&account, role.map(Into::into), scope.as_ref())?;
            outln!("{}", describe(store, ctx, &account)?)?;
        }
        UserCmd::Remove { account } => {
            if !store.remove_user(&account)? {
                bail!(fill(ctx.lang.cli().remove_not_a_user, &[&account]));
            }
            outln!(
                "{}: {account}",
                tr(ctx.lang, "已取消访问权限", "Access removed")
            )?;
        }
        UserCmd::List => list(store, ctx)?,
    }
    Ok(())
}

/// "zhangsan: County office 522701 都匀市"
fn describe(store: &Store, ctx: &Ctx, account: &str) -> Result<String> {
    let u = store
        .user(account)?
        .ok_or_else(|| anyhow!(fill(ctx.lang.cli().vanished, &[account])))?;
    Ok(format!(
        "{}: {account} · {} · {}",
        tr(ctx.lang, "已保存", "Saved"),
        ctx.lang.user_role(u.role),
        scope_text(store, ctx, u.scope.as_ref())?
    ))
}

fn scope_text(store: &Store, ctx: &Ctx, scope: Option<&DivisionCode>) -> Result<String> {
    Ok(match scope {
        None => tr(ctx.lang, "全部", "everything").to_string(),
        Some(c) => match store.division(c)? {
            Some(d) => format!("{c} {}", sanitize(&d.name, true)),
            None => c.to_string(),
        },
    })
}

fn list(store: &Store, ctx: &Ctx) -> Result<()> {
    let rows = store.users()?;
    let l = ctx.lang;
    let heads = [
        tr(l, "账号", "Account"),
        tr(l, "角色", "Role"),
        tr(l, "范围", "Scope"),
        tr(l, "添加人", "Added by"),
        tr(l, "添加时间", "Added at"),
    ];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            Ok([
                sanitize(&r.user.account, true),
                l.user_role(r.user.role).to_string(),
                scope_text(store, ctx, r.user.scope.as_ref())?,
                sanitize(&r.added_by, true),
                sanitize(&r.added_at, true),
            ])
        })
        .collect::<Result<_>>()?;
    super::print_columns(&heads, &cells)?;
    Ok(())
}
