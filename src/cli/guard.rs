//! `zhucun guard`: the lock guard of a shared server (store::guard), run by
//! root as a service (pkg/zhucun-guard.service). Its lines go to standard
//! error, i.e. the system journal, in the program's language.

use super::Ctx;
use crate::store::guard;
use anyhow::Result;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub fn run(ctx: &Ctx) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let zh = ctx.lang == crate::i18n::Lang::Zh;
    let (db, grace) = (ctx.db.display(), guard::GRACE.as_millis());
    if zh {
        eprintln!(
            "zhucun guard：看守 {db}：进程持有挡住写入的锁时被停住超过 {grace} 毫秒，就终止它（它的事务被撤销）"
        );
    } else {
        eprintln!(
            "zhucun guard: watching {db}: a process stopped for {grace} ms while it holds a lock that shuts writers out is killed (its transaction is undone)"
        );
    }
    if !nix::unistd::Uid::effective().is_root() {
        eprintln!(
            "{}",
            if zh {
                "zhucun guard：注意：不是以 root 运行，只能终止本账号自己的进程（请以 root 运行：pkg/zhucun-guard.service）"
            } else {
                "zhucun guard: warning: not running as root; only this account's own processes can be stopped (run it as root: pkg/zhucun-guard.service)"
            }
        );
    }
    guard::run(
        &ctx.db,
        guard::GRACE,
        || !stop.load(Ordering::Relaxed),
        |r| match r {
            Ok(k) if k.reader => {
                let (pid, who, cmd, ms) = (k.pid, &k.account, &k.command, k.held.as_millis());
                eprintln!(
                    "{}",
                    crate::i18n::batch::reader_killed(
                        ctx.lang,
                        (pid, who, cmd, ms),
                        &db.to_string()
                    )
                );
            }
            Ok(k) => {
                let (pid, who, cmd, ms) = (k.pid, &k.account, &k.command, k.held.as_millis());
                if zh {
                    eprintln!(
                        "zhucun guard：已终止 {who} 的进程 {pid}（{cmd}）：它持有 {db} 的锁时被停住了 {ms} 毫秒"
                    );
                } else {
                    eprintln!(
                        "zhucun guard: killed process {pid} of {who} ({cmd}): stopped while holding a lock on {db} for {ms} ms"
                    );
                }
                spawn_audit(ctx, &k, zh);
            }
            Err(e) => eprintln!("{}{e}", error_lead(zh)),
        },
    );
    eprintln!(
        "{}",
        if zh {
            "zhucun guard：已停止"
        } else {
            "zhucun guard: stopped"
        }
    );
    Ok(())
}

/// Write the kill's audit row from a child process: the guard itself never
/// opens the database with SQLite (closing its own descriptors of the files
/// would drop a connection's POSIX locks in the same process), and never
/// waits for the write lock (another stopped holder could keep it).
fn spawn_audit(ctx: &Ctx, k: &guard::Killed, zh: bool) {
    let cannot = if zh {
        "无法为这次终止写审计记录"
    } else {
        "cannot audit the kill"
    };
    let lead = error_lead(zh);
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{lead}{cannot}: {e}");
            return;
        }
    };
    let child = std::process::Command::new(exe)
        .arg("--db")
        .arg(&ctx.db)
        .arg("guard-audit")
        .args([
            k.pid.to_string(),
            k.account.clone(),
            k.held.as_millis().to_string(),
        ])
        .arg("--")
        .arg(&k.command)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn();
    match child {
        Ok(mut c) => {
            std::thread::spawn(move || match c.wait() {
                Ok(s) if s.success() => {}
                Ok(s) => eprintln!("{lead}{cannot} ({s})"),
                Err(e) => eprintln!("{lead}{cannot}: {e}"),
            });
        }
        Err(e) => eprintln!("{lead}{cannot}: {e}"),
    }
}

/// The start of the guard's error lines in the journal.
fn error_lead(zh: bool) -> &'static str {
    if zh {
        "zhucun guard：错误："
    } else {
        "zhucun guard: error: "
    }
}

/// `zhucun guard-audit PID ACCOUNT HELD_MS COMMAND`: the row itself.
pub fn audit(
    store: &mut crate::store::Store,
    pid: i32,
    account: String,
    held_ms: u64,
    command: String,
) -> Result<()> {
    store.audit_stopped_writer(&guard::Killed {
        pid,
        account,
        command,
        held: std::time::Duration::from_millis(held_ms),
        reader: false,
    })?;
    Ok(())
}
