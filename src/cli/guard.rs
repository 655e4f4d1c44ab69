//! `zhucun guard`: the lock guard of a shared server (store::guard), run by
//! root as a service (pkg/zhucun-guard.service). Its lines go to standard
//! error, i.e. the system journal; like `doctor`, it speaks English to the
//! operator.

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
    eprintln!(
        "zhucun guard: watching {}: a process stopped for {} ms while it holds a lock that shuts writers out is killed (its transaction is undone)",
        ctx.db.display(),
        guard::GRACE.as_millis()
    );
    if !nix::unistd::Uid::effective().is_root() {
        eprintln!(
            "zhucun guard: warning: not running as root; only this account's own processes can be stopped (run it as root: pkg/zhucun-guard.service)"
        );
    }
    guard::run(
        &ctx.db,
        guard::GRACE,
        || !stop.load(Ordering::Relaxed),
        |r| match r {
            Ok(k) => {
                eprintln!(
                    "zhucun guard: killed process {} of {} ({}): stopped while holding a lock on {} for {} ms",
                    k.pid,
                    k.account,
                    k.command,
                    ctx.db.display(),
                    k.held.as_millis()
                );
                spawn_audit(ctx, &k);
            }
            Err(e) => eprintln!("zhucun guard: error: {e}"),
        },
    );
    eprintln!("zhucun guard: stopped");
    Ok(())
}

/// Write the kill's audit row from a child process: the guard itself never
/// opens the database with SQLite (closing its own descriptors of the files
/// would drop a connection's POSIX locks in the same process), and never
/// waits for the write lock (another stopped holder could keep it).
fn spawn_audit(ctx: &Ctx, k: &guard::Killed) {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("zhucun guard: error: cannot audit the kill: {e}");
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
                Ok(s) => eprintln!("zhucun guard: error: the kill's audit row failed ({s})"),
                Err(e) => eprintln!("zhucun guard: error: the kill's audit row: {e}"),
            });
        }
        Err(e) => eprintln!("zhucun guard: error: cannot audit the kill: {e}"),
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
    })?;
    Ok(())
}
