//! `zhucun user add|list|remove|set`: accounts, roles and scopes.

use super::Ctx;
use crate::domain::text::sanitize;
use crate::domain::{DivisionCode, UserRole};
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::{Store, check_account, clean_name};
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
        /// The person's name, shown instead of the login (记录人)
        #[arg(long)]
        name: Option<String>,
    },
    /// List every account with its role and scope (administrators only)
    List,
    /// Take an account's access away (administrators only)
    Remove { account: String },
    /// Change an account's role, scope and/or name (administrators only)
    Set {
        account: String,
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[arg(long, value_name = "CODE")]
        scope: Option<String>,
        /// The person's name, shown instead of the login (记录人); an empty
        /// name removes it. Also for accounts that no longer have access
        #[arg(long)]
        name: Option<String>,
    },
    /// Link an account to a cadre (a person of the postings), so the
    /// cadre's name shows for its records where no --name was set; `none`
    /// removes the link (administrators only)
    Cadre {
        account: String,
        /// The cadre's id (the cadre table of the postings), or none
        cadre: String,
    },
    /// Add or change many accounts from a CSV or .xlsx file (账号, 角色, 范围, 姓名),
    /// all or nothing (administrators only)
    Import {
        /// CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file
        file: std::path::PathBuf,
        /// Check the file and report every problem, but write nothing
        #[arg(long)]
        check: bool,
        /// Text encoding of a CSV file (default: detect)
        #[arg(long, value_enum, default_value_t = crate::transfer::Encoding::Auto)]
        encoding: crate::transfer::Encoding,
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
            name,
        } => {
            let scope = parse_scope(scope.as_deref())?;
            // Permission first: a refused attempt is audited whatever else is wrong.
            store.authorize(crate::store::Need::Admin, None, &format!("user/{account}"))?;
            check_system_account(&account, ctx.lang)?;
            if let Some(n) = &name {
                clean_name(n)?;
            }
            store.add_user(&account, role.into(), scope.as_ref())?;
            if let Some(n) = &name {
                store.set_account_name(&account, Some(n))?;
            }
            outln!("{}", describe(store, ctx, &account)?)?;
        }
        UserCmd::Set {
            account,
            role,
            scope,
            name,
        } => set(store, ctx, &account, (role, scope), name.as_deref())?,
        UserCmd::Cadre { account, cadre } => {
            let id = match cadre.trim() {
                "none" | "无" => None,
                t => Some(t.parse::<i64>().map_err(|_| {
                    anyhow::anyhow!(match ctx.lang {
                        Lang::Zh => format!("{t:?} 不是干部编号；请给出数字或 none"),
                        Lang::En => format!("{t:?} is not a cadre id; give a number or none"),
                    })
                })?),
            };
            store.link_cadre(&account, id)?;
            outln!(
                "{}: {account} · {}",
                tr(ctx.lang, "已保存", "Saved"),
                store
                    .account_name(&account)?
                    .map(|n| sanitize(&n, true))
                    .unwrap_or_else(|| "-".into())
            )?;
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
        // Dispatched before a store is opened (it opens its own connections).
        UserCmd::Import {
            file,
            check,
            encoding,
        } => {
            super::import::run(
                ctx,
                crate::transfer::ImportKind::Users,
                &file,
                (check, encoding),
                None,
            )?;
        }
    }
    Ok(())
}

/// `user set`: role and scope (an existing user), name (any account).
fn set(
    store: &mut Store,
    ctx: &Ctx,
    account: &str,
    (role, scope): (Option<RoleArg>, Option<String>),
    name: Option<&str>,
) -> Result<()> {
    let scope = parse_scope(scope.as_deref())?;
    if role.is_none() && scope.is_none() && name.is_none() {
        bail!(tr(
            ctx.lang,
            "user set：请给出 --role、--scope、--name 中的一个或几个；什么也没有改",
            "user set: give --role, --scope, --name or several; nothing was changed",
        ));
    }
    // A bad name refuses the whole change.
    let name = name.map(|n| n.trim()).map(|n| {
        if n.is_empty() {
            Ok(None)
        } else {
            clean_name(n).map(Some)
        }
    });
    let name = name.transpose()?;
    if role.is_some() || scope.is_some() {
        store.change_user(account, role.map(Into::into), scope.as_ref())?;
    }
    if let Some(n) = name {
        store.set_account_name(account, n.as_deref())?;
    }
    match store.user(account)? {
        Some(_) => outln!("{}", describe(store, ctx, account)?)?,
        None => outln!(
            "{}: {account} · {}",
            tr(ctx.lang, "已保存", "Saved"),
            store
                .account_name(account)?
                .map(|n| sanitize(&n, true))
                .unwrap_or_else(|| "-".into())
        )?,
    }
    Ok(())
}

/// "zhangsan 张三: County office 522701 都匀市"
fn describe(store: &Store, ctx: &Ctx, account: &str) -> Result<String> {
    let u = store
        .user(account)?
        .ok_or_else(|| anyhow!(fill(ctx.lang.cli().vanished, &[account])))?;
    let name = store
        .account_name(account)?
        .map(|n| format!(" {}", sanitize(&n, true)))
        .unwrap_or_default();
    Ok(format!(
        "{}: {account}{name} · {} · {}",
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
    let people = store.people()?;
    let heads = [
        tr(l, "账号", "Account"),
        tr(l, "姓名", "Name"),
        tr(l, "角色", "Role"),
        tr(l, "范围", "Scope"),
        tr(l, "添加人", "Added by"),
        tr(l, "添加时间", "Added at"),
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let name = people.name(&r.user.account);
            Ok([
                sanitize(&r.user.account, true),
                if name == r.user.account {
                    "-".to_string()
                } else {
                    sanitize(name, true)
                },
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
