//! `zhucun doctor`: check a shared-server deployment (owners, modes, setgid
//! bits, group membership, database health) and print exactly what to fix.
//! See docs/deployment.md for the layout it checks.

use super::Ctx;
use crate::store::{Store, identity, privilege};
use anyhow::{Result, bail};
use nix::unistd::{Gid, Group, Uid, User};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    Warn,
    Fix,
}

/// One finding: what was seen, and the commands that fix it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub level: Level,
    pub text: String,
    pub fix: Vec<String>,
}

fn ok(text: impl Into<String>) -> Finding {
    Finding {
        level: Level::Ok,
        text: text.into(),
        fix: vec![],
    }
}

fn warn(text: impl Into<String>, fix: Vec<String>) -> Finding {
    Finding {
        level: Level::Warn,
        text: text.into(),
        fix,
    }
}

fn fix(text: impl Into<String>, fix: Vec<String>) -> Finding {
    Finding {
        level: Level::Fix,
        text: text.into(),
        fix,
    }
}

/// A path as a shell word.
fn sh(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn account_of(uid: u32) -> String {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) => u.name,
        _ => format!("uid {uid}"),
    }
}

fn group_name(gid: u32) -> String {
    match Group::from_gid(Gid::from_raw(gid)) {
        Ok(Some(g)) => g.name,
        _ => gid.to_string(),
    }
}

fn mode(m: &std::fs::Metadata) -> u32 {
    m.mode() & 0o7777
}

/// Everything `doctor` looks at, gathered once.
struct Facts {
    exe: Option<(PathBuf, std::fs::Metadata)>,
    db: PathBuf,
    dir: PathBuf,
    dir_meta: Option<std::fs::Metadata>,
    /// (path, metadata or None when missing) for the database, -wal and -shm.
    files: Vec<(PathBuf, Option<std::fs::Metadata>)>,
    /// Other entries of the directory, with their owner.
    strays: Vec<(PathBuf, u32)>,
}

fn gather(db: &Path) -> Facts {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(&p).ok().map(|m| (p, m)));
    let dir = privilege::dir_of(db).unwrap_or_else(|| PathBuf::from("."));
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let db = dir.join(db.file_name().unwrap_or_default());
    // Looking inside the directory needs the group's search permission.
    privilege::with_group_for(&db, || {
        let dir_meta = std::fs::metadata(&dir).ok();
        let files: Vec<(PathBuf, Option<std::fs::Metadata>)> = ["", "-wal", "-shm", "-anchor"]
            .iter()
            .map(|s| {
                let p = PathBuf::from(format!("{}{s}", db.display()));
                let m = std::fs::symlink_metadata(&p).ok();
                (p, m)
            })
            .collect();
        let mut strays = Vec::new();
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let p = e.path();
                if files.iter().any(|(f, _)| *f == p) {
                    continue;
                }
                if let Ok(m) = e.metadata() {
                    strays.push((p, m.uid()));
                }
            }
        }
        strays.sort();
        Facts {
            exe,
            db: db.clone(),
            dir: dir.clone(),
            dir_meta,
            files,
            strays,
        }
    })
}

/// The deployment group: the binary's when it is setgid, else the database
/// directory's when that is setgid; None for a personal install.
fn deployment_group(f: &Facts) -> Option<u32> {
    if let Some((_, m)) = &f.exe
        && mode(m) & 0o2000 != 0
    {
        return Some(m.gid());
    }
    f.dir_meta
        .as_ref()
        .filter(|m| mode(m) & 0o2000 != 0)
        .map(|m| m.gid())
}

fn check_binary(f: &Facts, g: u32, gname: &str, out: &mut Vec<Finding>) {
    let Some((exe, m)) = &f.exe else {
        out.push(warn("cannot find this program's own file", vec![]));
        return;
    };
    let e = sh(exe);
    let want = format!("chown root:{gname} {e} && chmod 2755 {e}");
    if mode(m) & 0o2000 == 0 || m.gid() != g {
        out.push(fix(
            format!(
                "binary {}: {}:{} {:04o}, not setgid to group {gname}; coordinators cannot reach the database",
                exe.display(),
                account_of(m.uid()),
                group_name(m.gid()),
                mode(m)
            ),
            vec![want],
        ));
    } else if m.uid() != 0 || mode(m) & 0o022 != 0 {
        out.push(fix(
            format!(
                "binary {}: {}:{} {:04o}; only root may be able to change it (whoever can replace it gets the group)",
                exe.display(),
                account_of(m.uid()),
                gname,
                mode(m)
            ),
            vec![want],
        ));
    } else {
        out.push(ok(format!(
            "binary {}: root:{gname} {:04o} (setgid)",
            exe.display(),
            mode(m)
        )));
    }
    if mode(m) & 0o2000 != 0 && !privilege::is_setgid() && !Uid::current().is_root() {
        out.push(fix(
            format!(
                "this process did not receive group {gname} although {} is setgid: is its file system mounted nosuid? Install it on one that is not (e.g. /usr/local/bin)",
                exe.display()
            ),
            vec![format!("findmnt -T {e} -o TARGET,OPTIONS")],
        ));
    }
}

fn check_dir(f: &Facts, g: u32, gname: &str, out: &mut Vec<Finding>) {
    let d = sh(&f.dir);
    let Some(m) = &f.dir_meta else {
        out.push(fix(
            format!("directory {} does not exist", f.dir.display()),
            vec![format!("install -d -o root -g {gname} -m 3770 {d}")],
        ));
        return;
    };
    if m.uid() != 0 || m.gid() != g || mode(m) != 0o3770 {
        out.push(fix(
            format!(
                "directory {}: {}:{} {:04o}; want root:{gname} 3770 (setgid: files take the group; sticky: nobody removes another's file; no access for others)",
                f.dir.display(),
                account_of(m.uid()),
                group_name(m.gid()),
                mode(m)
            ),
            vec![format!("chown root:{gname} {d} && chmod 3770 {d}")],
        ));
    } else {
        out.push(ok(format!(
            "directory {}: root:{gname} 3770",
            f.dir.display()
        )));
    }
}

fn check_files(f: &Facts, g: u32, gname: &str, out: &mut Vec<Finding>) {
    for (i, (p, m)) in f.files.iter().enumerate() {
        let q = sh(p);
        let Some(m) = m else {
            if i == 0 {
                out.push(fix(
                    format!("no database at {}", p.display()),
                    vec![
                        format!(
                            "zhucun --db {q} init    # as the first administrator, not as root"
                        ),
                        format!("chown root:{gname} {q} {q}-wal {q}-shm"),
                    ],
                ));
                return;
            }
            out.push(fix(
                format!(
                    "{} is missing: whoever's session re-creates it would own it and could write to the database outside zhucun",
                    p.display()
                ),
                vec![format!(
                    "install -o root -g {gname} -m 0660 /dev/null {q}    # while nobody runs zhucun"
                )],
            ));
            continue;
        };
        if !m.file_type().is_file() {
            out.push(fix(
                format!("{} is not a regular file", p.display()),
                vec![format!("ls -l {q}")],
            ));
        } else if m.uid() != 0 || m.gid() != g || mode(m) != 0o660 {
            let who = if m.uid() != 0 {
                format!(
                    "; its owner {} can open it directly, outside zhucun",
                    account_of(m.uid())
                )
            } else {
                String::new()
            };
            out.push(fix(
                format!(
                    "{}: {}:{} {:04o}, want root:{gname} 0660{who}",
                    p.display(),
                    account_of(m.uid()),
                    group_name(m.gid()),
                    mode(m)
                ),
                vec![format!("chown root:{gname} {q} && chmod 0660 {q}")],
            ));
        } else {
            out.push(ok(format!("{}: root:{gname} 0660", p.display())));
        }
    }
    // Only the database's own files belong here: anything else was put
    // there by someone with the group's rights, or fills the disk.
    for (p, uid) in &f.strays {
        out.push(fix(
            format!(
                "{} (owner {}) is not part of the database: nothing else belongs in the data directory",
                p.display(),
                account_of(*uid)
            ),
            vec![format!("rm -i {}", sh(p))],
        ));
    }
}

fn check_members(g: u32, gname: &str, out: &mut Vec<Finding>) {
    let me = identity::account_name();
    let uid = Uid::current();
    let mut members: Vec<String> = Group::from_gid(Gid::from_raw(g))
        .ok()
        .flatten()
        .map(|gr| gr.mem)
        .unwrap_or_default();
    let in_session = nix::unistd::getgroups()
        .map(|gs| gs.contains(&Gid::from_raw(g)))
        .unwrap_or(false)
        || privilege::real_gid() == g;
    if in_session && !uid.is_root() && !members.contains(&me) {
        members.push(me.clone());
    }
    members.sort();
    members.dedup();
    if members.is_empty() {
        out.push(ok(format!(
            "group {gname} has no members (nobody can open the database file directly)"
        )));
    }
    for m in members {
        let you = if m == me { " (you)" } else { "" };
        out.push(fix(
            format!(
                "account {m}{you} is a member of group {gname} and can open the database file directly, bypassing permissions and the audit trail"
            ),
            vec![format!("gpasswd -d {m} {gname}    # then {m} logs in again")],
        ));
    }
}

/// The lock guard (store::guard) runs for this database: without it a
/// coordinator who stops their own zhucun while it writes blocks every
/// other writer.
fn check_guard(db: &Path, out: &mut Vec<Finding>) {
    out.push(match crate::store::guard::guard_process(db) {
        Some(pid) => ok(format!(
            "the lock guard watches the database (process {pid})"
        )),
        None => warn(
            "no lock guard (`zhucun guard`) watches the database: a coordinator who stops their own zhucun while it writes blocks every other writer",
            vec!["systemctl enable --now zhucun-guard   # pkg/zhucun-guard.service, docs/deployment.md step 6".into()],
        ),
    });
}

fn check_health(db: &Path, today: chrono::NaiveDate, idle: Option<u64>, out: &mut Vec<Finding>) {
    // Before the open: on a read-only mount it may fail, or succeed
    // read-only and find nothing else wrong.
    if !crate::store::health::writable(db) {
        out.push(fix(
            format!(
                "{} cannot be written (a read-only mount, or no write permission): every change would fail",
                db.display()
            ),
            vec![format!("findmnt -T {} -o TARGET,OPTIONS", sh(db))],
        ));
    }
    let h = match Store::health_of(db, today, idle) {
        Ok(h) => h,
        Err(e) => {
            out.push(fix(format!("database does not open: {e}"), vec![]));
            return;
        }
    };
    out.push(ok(format!(
        "database opens; quick_check ok; schema version {}",
        h.schema_version
    )));
    check_zone(crate::store::zone_of(db), out);
    if h.journal_mode.eq_ignore_ascii_case("wal") {
        out.push(ok("journal mode WAL"));
    } else {
        out.push(fix(
            format!("journal mode {}, want WAL", h.journal_mode),
            vec![],
        ));
    }
    let env: Vec<&str> = ["SQLITE_TMPDIR", "TMPDIR"]
        .into_iter()
        .filter(|v| std::env::var_os(v).is_some())
        .collect();
    if h.temp_store == 2 {
        out.push(ok(if env.is_empty() {
            "temporary storage in memory".to_string()
        } else {
            format!(
                "temporary storage in memory ({} set and ignored)",
                env.join(", ")
            )
        }));
    } else {
        out.push(fix(
            format!("temp_store is {}, want 2 (memory)", h.temp_store),
            vec![],
        ));
    }
    match h.wal_kept {
        Some(true) => out.push(ok("-wal and -shm are kept when the last session closes")),
        Some(false) => out.push(fix("-wal and -shm would be deleted on close", vec![])),
        None => {}
    }
    check_wal(db, &h, out);
    check_trail(&h, out);
}

fn check_wal(db: &Path, h: &crate::store::health::Health, out: &mut Vec<Finding>) {
    match h.idle_wal_bytes {
        Some(n) if n > 0 => out.push(fix(
            format!(
                "{}-wal holds {n} bytes although nobody has the database open: a close skipped its checkpoint, or the database file was replaced under an old WAL (a restore without the truncate step shows the old data)",
                db.display()
            ),
            vec![format!(
                "zhucun --db {} check    # as root, while nobody runs zhucun: checkpoints and empties it",
                sh(db)
            )],
        )),
        Some(_) => out.push(ok("-wal is empty (nobody else connected)")),
        None => {}
    }
}

fn check_trail(h: &crate::store::health::Health, out: &mut Vec<Finding>) {
    if !h.missing_triggers.is_empty() {
        out.push(fix(
            format!(
                "the audit trail's append-only triggers are missing ({}): rows can be changed or deleted unnoticed; the database was changed outside zhucun",
                h.missing_triggers.join(", ")
            ),
            vec!["zhucun audit verify".into()],
        ));
    }
    match &h.chain.broken {
        None => out.push(ok(format!("audit chain intact ({} rows)", h.chain.rows))),
        Some((seq, why)) => out.push(fix(
            format!("audit chain broken at row {seq}: {why}"),
            vec!["zhucun audit verify".into()],
        )),
    }
    match anchor_holds(&h.anchor) {
        Ok(()) => out.push(ok(match h.anchor {
            crate::store::anchor::AnchorCheck::Holds { seq } => {
                format!("audit trail reaches its anchor (row {seq})")
            }
            _ => "audit trail has no anchor yet (the next change makes one)".to_string(),
        })),
        Err(e) => out.push(fix(e.to_string(), vec!["zhucun audit verify".into()])),
    }
}

/// The anchor check as an error when the trail does not reach its anchor.
pub fn anchor_holds(check: &crate::store::anchor::AnchorCheck) -> Result<()> {
    use crate::store::anchor::AnchorCheck;
    match check {
        AnchorCheck::Holds { .. } | AnchorCheck::None => Ok(()),
        AnchorCheck::Missing { path } => bail!(
            "{path} is missing: the end of the audit trail cannot be checked; root makes it at install: `install -o root -g zhucun -m 0660 /dev/null {path}`"
        ),
        AnchorCheck::Cut { anchored, last } => bail!(
            "audit trail cut: it ends at row {last}, but row {anchored} had been written; rows were deleted outside zhucun. Keep this file for investigation and compare with a backup"
        ),
        AnchorCheck::Rewritten { seq } => bail!(
            "audit trail rewritten: row {seq} does not have the hash it was written with; the trail was changed outside zhucun. Keep this file for investigation and compare with a backup"
        ),
    }
}

/// The installation's zone, and a warning when the server's local zone
/// (the offset `TZ` or /etc/localtime gives now) differs: zhucun follows
/// the installation's zone, other tools on the server do not.
fn check_zone(zone: chrono_tz::Tz, out: &mut Vec<Finding>) {
    use chrono::Offset;
    let now = chrono::Utc::now();
    let ours = now.with_timezone(&zone).offset().fix();
    let local = now.with_timezone(&chrono::Local).offset().fix();
    out.push(ok(format!(
        "time zone {} (UTC{ours}): today, periods, due dates and times shown follow it",
        zone.name()
    )));
    if ours != local {
        let tz = std::env::var("TZ").unwrap_or_else(|_| "/etc/localtime".into());
        out.push(warn(
            format!(
                "the server's local zone ({tz}, UTC{local}) differs from the installation's {}: zhucun shows {}'s time, other tools on this server show UTC{local}",
                zone.name(),
                zone.name()
            ),
            vec![],
        ));
    }
}

/// The acting account when it is not a zhucun user (root excepted): then
/// doctor says only that, and whom to ask.
fn unregistered(db: &Path, today: chrono::NaiveDate) -> Option<crate::store::StoreError> {
    if Uid::current().is_root() {
        return None;
    }
    let store = Store::open(db, today).ok()?;
    store.require_user().err()
}

/// All findings for the database at `db`.
pub fn findings(db: &Path, today: chrono::NaiveDate) -> Vec<Finding> {
    // Before anything opens the database: the close of the last connection
    // empties the WAL.
    let idle = crate::store::health::idle_wal_bytes(db);
    let facts = gather(db);
    let mut out = Vec::new();
    match deployment_group(&facts) {
        Some(g) => {
            let gname = group_name(g);
            check_binary(&facts, g, &gname, &mut out);
            check_dir(&facts, g, &gname, &mut out);
            check_files(&facts, g, &gname, &mut out);
            check_members(g, &gname, &mut out);
            check_guard(&facts.db, &mut out);
            if facts.files[0].1.is_some() {
                check_health(&facts.db, today, idle, &mut out);
            }
        }
        None => {
            out.push(warn(
                format!(
                    "personal install: neither this binary nor {} is setgid, so anyone who can open the file bypasses permissions and the audit trail; for a shared server see docs/deployment.md",
                    facts.dir.display()
                ),
                vec![],
            ));
            if facts.files[0].1.is_some() {
                check_health(&facts.db, today, idle, &mut out);
            } else {
                out.push(fix(
                    format!("no database at {}", facts.db.display()),
                    vec![format!("zhucun --db {} init", sh(&facts.db))],
                ));
            }
        }
    }
    out
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let found = findings(&ctx.db, ctx.today);
    if let Some(e) = unregistered(&ctx.db, ctx.today) {
        return Err(e.into());
    }
    outln!("zhucun doctor · {}", ctx.db.display())?;
    for f in &found {
        let tag = match f.level {
            Level::Ok => "ok  ",
            Level::Warn => "WARN",
            Level::Fix => "FIX ",
        };
        outln!("{tag} {}", f.text)?;
        for c in &f.fix {
            outln!("       $ {c}")?;
        }
    }
    let n = found.iter().filter(|f| f.level == Level::Fix).count();
    if n > 0 {
        bail!(
            "{n} problem{} found: run the commands shown (as root unless marked otherwise), then `zhucun doctor` again",
            if n == 1 { "" } else { "s" }
        );
    }
    outln!("no problems found")?;
    Ok(())
}
