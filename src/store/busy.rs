//! Waiting for another writer's lock.
//!
//! SQLite's own `busy_timeout` sleeps 1, 2, 5, 10 ... then 100 ms between
//! attempts, so a writer that has waited a while polls rarely and loses the
//! lock again and again to newcomers that poll every millisecond: with 32
//! writers on 2 cores single writes waited over 9 seconds (p99 2.8 s). Here
//! every waiter polls at the same short, randomised interval, so the lock
//! goes to a waiter more or less at random, and the wait ends with "busy"
//! after [`super::BUSY_TIMEOUT`] counted from the first attempt.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
    static RNG: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    (t ^ (u64::from(std::process::id()) << 32)) | 1
}

fn jitter_us(max: u64) -> u64 {
    RNG.with(|r| {
        let mut x = r.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D) % max
    })
}

/// The busy handler: `count` is 0 on the first call of each wait.
pub(crate) fn wait(count: i32) -> bool {
    let now = Instant::now();
    let started = if count == 0 {
        STARTED.with(|s| s.set(Some(now)));
        now
    } else {
        STARTED.with(|s| s.get()).unwrap_or(now)
    };
    if now.duration_since(started) >= super::BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(Duration::from_micros(200 + jitter_us(1800)));
    true
}
