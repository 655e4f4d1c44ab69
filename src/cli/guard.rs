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
            Ok(k) => eprintln!(
                "zhucun guard: killed process {} of {} ({}): stopped while holding a lock on {} for {} ms",
                k.pid,
                k.account,
                k.command,
                ctx.db.display(),
                k.held.as_millis()
            ),
            Err(e) => eprintln!("zhucun guard: error: {e}"),
        },
    );
    eprintln!("zhucun guard: stopped");
    Ok(())
}
