//! `zhucun doctor`: check a shared-server deployment (owners, modes, setgid
//! bits, group membership, database health) and print exactly what to fix.
//! See docs/deployment.md for the layout it checks.

use super::Ctx;
use crate::i18n::Lang;
use crate::i18n::doctor::DoctorText;
use crate::i18n::ui::fill;
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

fn check_binary(f: &Facts, g: u32, gname: &str, t: &DoctorText, out: &mut Vec<Finding>) {
    let Some((exe, m)) = &f.exe else {
        out.push(warn(t.no_own_file, vec![]));
        return;
    };
    let e = sh(exe);
    let want = format!("chown root:{gname} {e} && chmod 2755 {e}");
    if mode(m) & 0o2000 == 0 || m.gid() != g {
        out.push(fix(
            fill(
                t.bin_not_setgid,
                &[
                    &exe.display().to_string(),
                    &account_of(m.uid()),
                    &group_name(m.gid()),
                    &format!("{:04o}", mode(m)),
                    gname,
                ],
            ),
            vec![want],
        ));
    } else if m.uid() != 0 || mode(m) & 0o022 != 0 {
        out.push(fix(
            fill(
                t.bin_writable,
                &[
                    &exe.display().to_string(),
                    &account_of(m.uid()),
                    gname,
                    &format!("{:04o}", mode(m)),
                ],
            ),
            vec![want],
        ));
    } else {
        out.push(ok(fill(
            t.bin_ok,
            &[
                &exe.display().to_string(),
                gname,
                &format!("{:04o}", mode(m)),
            ],
        )));
    }
    if mode(m) & 0o2000 != 0 && !privilege::is_setgid() && !Uid::current().is_root() {
        out.push(fix(
            fill(t.nosuid, &[gname, &exe.display().to_string()]),
            vec![format!("findmnt -T {e} -o TARGET,OPTIONS")],
        ));
    }
}

fn check_dir(f: &Facts, g: u32, gname: &str, t: &DoctorText, out: &mut Vec<Finding>) {
    let d = sh(&f.dir);
    let Some(m) = &f.dir_meta else {
        out.push(fix(
            fill(t.dir_missing, &[&f.dir.display().to_string()]),
            vec![format!("install -d -o root -g {gname} -m 3770 {d}")],
        ));
        return;
    };
    if m.uid() != 0 || m.gid() != g || mode(m) != 0o3770 {
        out.push(fix(
            fill(
                t.dir_bad,
                &[
                    &f.dir.display().to_string(),
                    &account_of(m.uid()),
                    &group_name(m.gid()),
                    &format!("{:04o}", mode(m)),
                    gname,
                ],
            ),
            vec![format!("chown root:{gname} {d} && chmod 3770 {d}")],
        ));
    } else {
        out.push(ok(fill(t.dir_ok, &[&f.dir.display().to_string(), gname])));
    }
}

fn check_files(f: &Facts, g: u32, gname: &str, t: &DoctorText, out: &mut Vec<Finding>) {
    for (i, (p, m)) in f.files.iter().enumerate() {
        let q = sh(p);
        let Some(m) = m else {
            if i == 0 {
                out.push(fix(
                    fill(t.no_db, &[&p.display().to_string()]),
                    // Only root creates the configured database (every
                    // file root:zhucun 0660 from the start) and names the
                    // first administrator.
                    vec![format!("zhucun --db {q} init --admin ACCOUNT")],
                ));
                return;
            }
            out.push(fix(
                fill(t.file_missing, &[&p.display().to_string()]),
                vec![format!(
                    "install -o root -g {gname} -m 0660 /dev/null {q}    # {}",
                    t.while_nobody
                )],
            ));
            continue;
        };
        if !m.file_type().is_file() {
            out.push(fix(
                fill(t.not_regular, &[&p.display().to_string()]),
                vec![format!("ls -l {q}")],
            ));
        } else if m.uid() != 0 || m.gid() != g || mode(m) != 0o660 {
            let who = if m.uid() != 0 {
                fill(t.owner_can_open, &[&account_of(m.uid())])
            } else {
                String::new()
            };
            out.push(fix(
                fill(
                    t.file_bad,
                    &[
                        &p.display().to_string(),
                        &account_of(m.uid()),
                        &group_name(m.gid()),
                        &format!("{:04o}", mode(m)),
                        gname,
                        &who,
                    ],
                ),
                vec![format!("chown root:{gname} {q} && chmod 0660 {q}")],
            ));
        } else {
            out.push(ok(fill(t.file_ok, &[&p.display().to_string(), gname])));
        }
    }
    // Only the database's own files belong here: anything else was put
    // there by someone with the group's rights, or fills the disk.
    for (p, uid) in &f.strays {
        out.push(fix(
            fill(t.stray, &[&p.display().to_string(), &account_of(*uid)]),
            vec![format!("rm -i {}", sh(p))],
        ));
    }
}

fn check_members(g: u32, gname: &str, t: &DoctorText, out: &mut Vec<Finding>) {
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
        out.push(ok(fill(t.no_members, &[gname])));
    }
    for m in members {
        let you = if m == me { t.you } else { "" };
        out.push(fix(
            fill(t.member, &[&m, you, gname]),
            vec![format!(
                "gpasswd -d {m} {gname}    # {}",
                fill(t.logs_in_again, &[&m])
            )],
        ));
    }
}

/// The lock guard (store::guard) runs for this database: without it a
/// coordinator who stops their own zhucun while it writes blocks every
/// other writer.
fn check_guard(db: &Path, lang: Lang, out: &mut Vec<Finding>) {
    let zh = lang == Lang::Zh;
    out.push(match crate::store::guard::guard_process(db) {
        Some(pid) if zh => ok(format!("锁守护进程正在看守数据库（进程 {pid}）")),
        Some(pid) => ok(format!(
            "the lock guard watches the database (process {pid})"
        )),
        None => warn(
            if zh {
                "没有锁守护进程（`zhucun guard`）看守数据库：协调员停住自己正在写入的 zhucun 时，其他人都写不进去"
            } else {
                "no lock guard (`zhucun guard`) watches the database: a coordinator who stops their own zhucun while it writes blocks every other writer"
            },
            vec!["systemctl enable --now zhucun-guard   # pkg/zhucun-guard.service, docs/deployment.md".into()],
        ),
    });
}

fn check_health(
    db: &Path,
    today: chrono::NaiveDate,
    idle: Option<u64>,
    lang: Lang,
    out: &mut Vec<Finding>,
) {
    let t = lang.doctor();
    // Before the open: on a read-only mount it may fail, or succeed
    // read-only and find nothing else wrong.
    if !crate::store::health::writable(db) {
        out.push(fix(
            fill(t.not_writable, &[&db.display().to_string()]),
            vec![format!("findmnt -T {} -o TARGET,OPTIONS", sh(db))],
        ));
    }
    let h = match Store::health_of(db, today, idle) {
        Ok(h) => h,
        Err(e) => {
            out.push(fix(fill(t.no_open, &[&e.message(lang)]), vec![]));
            return;
        }
    };
    out.push(ok(fill(t.opens, &[&h.schema_version.to_string()])));
    check_zone(crate::store::zone_of(db), t, out);
    if h.journal_mode.eq_ignore_ascii_case("wal") {
        out.push(ok(t.wal_ok));
    } else {
        out.push(fix(fill(t.wal_bad, &[&h.journal_mode]), vec![]));
    }
    let env: Vec<&str> = ["SQLITE_TMPDIR", "TMPDIR"]
        .into_iter()
        .filter(|v| std::env::var_os(v).is_some())
        .collect();
    if h.temp_store == 2 {
        out.push(ok(if env.is_empty() {
            t.temp_ok.to_string()
        } else {
            fill(t.temp_ok_env, &[&env.join(", ")])
        }));
    } else {
        out.push(fix(fill(t.temp_bad, &[&h.temp_store.to_string()]), vec![]));
    }
    match h.wal_kept {
        Some(true) => out.push(ok(t.kept_ok)),
        Some(false) => out.push(fix(t.kept_bad, vec![])),
        None => {}
    }
    check_wal(db, &h, lang, out);
    check_wal_readers(db, lang, out);
    check_imports(db, today, lang, out);
    check_trail(&h, lang, out);
}

/// The WAL's size and, when it is large, the readers that hold it back
/// (store::guard: a stopped reader stops checkpoints).
fn check_wal_readers(db: &Path, lang: Lang, out: &mut Vec<Finding>) {
    use crate::i18n::batch;
    use crate::store::guard;
    let size = guard::wal_size(db);
    let mb = lang.megabytes(size);
    if size < guard::WAL_LIMIT {
        out.push(ok(batch::wal_ok(lang, &mb)));
        return;
    }
    let readers: Vec<String> = guard::reader_holders(db)
        .unwrap_or_default()
        .into_iter()
        .map(|pid| {
            let who = std::fs::metadata(format!("/proc/{pid}"))
                .map(|m| account_of(m.uid()))
                .unwrap_or_else(|_| "?".into());
            batch::reader(lang, pid, &who, guard::is_stopped(pid))
        })
        .collect();
    let text = batch::wal_large(lang, &mb, &lang.megabytes(guard::WAL_LIMIT), &readers);
    let fixes = if readers.is_empty() {
        vec![]
    } else {
        vec![batch::wal_fix(lang)]
    };
    out.push(warn(text, fixes));
}

/// Large imports not yet visible: one still being written is reported; the
/// leftovers of one whose process is gone are removed (and audited).
fn check_imports(db: &Path, today: chrono::NaiveDate, lang: Lang, out: &mut Vec<Finding>) {
    let Ok(mut store) = Store::open_with(db, today, false) else {
        return;
    };
    let before = store.open_batches().unwrap_or_default();
    let _ = store.clean_abandoned_imports();
    for b in before.iter().filter(|b| b.rows > 0 || !b.dead) {
        let text = crate::i18n::batch::open_batch(lang, &b.label, &b.account, b.rows, b.dead);
        out.push(if b.dead { ok(text) } else { warn(text, vec![]) });
    }
}

fn check_wal(db: &Path, h: &crate::store::health::Health, lang: Lang, out: &mut Vec<Finding>) {
    let t = lang.doctor();
    match h.idle_wal_bytes {
        Some(n) if n > 0 => out.push(fix(
            fill(t.idle_wal, &[&db.display().to_string(), &lang.megabytes(n)]),
            vec![format!(
                "zhucun --db {} check    # {}",
                sh(db),
                t.checkpoint
            )],
        )),
        Some(_) => out.push(ok(t.wal_empty)),
        None => {}
    }
}

fn check_trail(h: &crate::store::health::Health, lang: Lang, out: &mut Vec<Finding>) {
    let t = lang.doctor();
    if !h.missing_triggers.is_empty() {
        out.push(fix(
            fill(t.triggers, &[&h.missing_triggers.join(", ")]),
            vec!["zhucun audit verify".into()],
        ));
    }
    match &h.chain.broken {
        None => out.push(ok(fill(t.chain_ok, &[&h.chain.rows.to_string()]))),
        Some((seq, why)) => out.push(fix(
            fill(t.chain_broken, &[&seq.to_string(), &why.message(lang)]),
            vec!["zhucun audit verify".into()],
        )),
    }
    match anchor_holds(&h.anchor, lang) {
        Ok(()) => out.push(ok(match h.anchor {
            crate::store::anchor::AnchorCheck::Holds { seq } => {
                fill(t.anchor_ok, &[&seq.to_string()])
            }
            _ => t.anchor_none.to_string(),
        })),
        Err(e) => out.push(fix(e.to_string(), vec!["zhucun audit verify".into()])),
    }
}

/// The anchor check as an error when the trail does not reach its anchor.
pub fn anchor_holds(check: &crate::store::anchor::AnchorCheck, lang: Lang) -> Result<()> {
    use crate::store::anchor::AnchorCheck;
    let t = lang.doctor();
    match check {
        AnchorCheck::Holds { .. } | AnchorCheck::None => Ok(()),
        AnchorCheck::Missing { path } => bail!(fill(t.anchor_missing, &[path, path])),
        AnchorCheck::Cut { anchored, last } => bail!(fill(
            t.anchor_cut,
            &[&last.to_string(), &anchored.to_string()]
        )),
        AnchorCheck::Rewritten { seq } => bail!(fill(t.anchor_rewritten, &[&seq.to_string()])),
    }
}

/// The installation's zone, and a warning when the server's local zone
/// (the offset `TZ` or /etc/localtime gives now) differs: zhucun follows
/// the installation's zone, other tools on the server do not.
fn check_zone(zone: chrono_tz::Tz, t: &DoctorText, out: &mut Vec<Finding>) {
    use chrono::Offset;
    let now = chrono::Utc::now();
    let ours = now.with_timezone(&zone).offset().fix();
    let local = now.with_timezone(&chrono::Local).offset().fix();
    out.push(ok(fill(t.zone, &[zone.name(), &ours.to_string()])));
    if ours != local {
        let tz = std::env::var("TZ").unwrap_or_else(|_| "/etc/localtime".into());
        out.push(warn(
            fill(
                t.zone_differs,
                &[
                    &tz,
                    &local.to_string(),
                    zone.name(),
                    zone.name(),
                    &local.to_string(),
                ],
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
pub fn findings(db: &Path, today: chrono::NaiveDate, lang: Lang) -> Vec<Finding> {
    let t = lang.doctor();
    // Before anything opens the database: the close of the last connection
    // empties the WAL.
    let idle = crate::store::health::idle_wal_bytes(db);
    let facts = gather(db);
    let mut out = Vec::new();
    match deployment_group(&facts) {
        Some(g) => {
            let gname = group_name(g);
            check_binary(&facts, g, &gname, t, &mut out);
            check_dir(&facts, g, &gname, t, &mut out);
            check_files(&facts, g, &gname, t, &mut out);
            check_members(g, &gname, t, &mut out);
            check_guard(&facts.db, lang, &mut out);
            if facts.files[0].1.is_some() {
                check_health(&facts.db, today, idle, lang, &mut out);
            }
        }
        None => {
            out.push(warn(
                fill(t.personal, &[&facts.dir.display().to_string()]),
                vec![],
            ));
            if facts.files[0].1.is_some() {
                check_health(&facts.db, today, idle, lang, &mut out);
            } else {
                out.push(fix(
                    fill(t.no_db, &[&facts.db.display().to_string()]),
                    vec![format!("zhucun --db {} init", sh(&facts.db))],
                ));
            }
        }
    }
    out
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let t = ctx.lang.doctor();
    let found = findings(&ctx.db, ctx.today, ctx.lang);
    if let Some(e) = unregistered(&ctx.db, ctx.today) {
        return Err(e.into());
    }
    outln!("{}", fill(t.title, &[&ctx.db.display().to_string()]))?;
    for f in &found {
        let tag = match f.level {
            Level::Ok => t.tag_ok,
            Level::Warn => t.tag_warn,
            Level::Fix => t.tag_fix,
        };
        outln!("{tag} {}", f.text)?;
        for c in &f.fix {
            outln!("       $ {c}")?;
        }
    }
    let n = found.iter().filter(|f| f.level == Level::Fix).count();
    if n > 0 {
        if n == 1 {
            bail!(t.problem_one);
        }
        bail!(fill(t.problems, &[&n.to_string()]));
    }
    outln!("{}", t.no_problems)?;
    Ok(())
}
