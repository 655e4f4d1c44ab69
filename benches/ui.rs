//! Terminal UI benchmark: the real binary in a pseudo-terminal on the demo
//! prefecture. Prints medians of: process start to the first full frame,
//! bytes written per cursor move and per full frame at 120x40, bytes
//! written while idle, CPU time per keypress, resident memory.
//!
//! Run: `cargo bench --bench ui` (builds the release binary).

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::{Winsize, openpty};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const W: u16 = 120;
const H: u16 = 40;

struct Session {
    child: Child,
    master: File,
}

impl Session {
    fn start(db: &Path, extra: &[&str]) -> (Session, Instant) {
        let ws = Winsize {
            ws_row: H,
            ws_col: W,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = openpty(Some(&ws), None).expect("openpty");
        let slave = File::from(pty.slave);
        let t0 = Instant::now();
        // `setsid -c` makes the pseudo-terminal the controlling terminal,
        // as a login over SSH would.
        let child = Command::new("setsid")
            .arg("-c")
            .arg(env!("CARGO_BIN_EXE_zhucun"))
            .arg("--db")
            .arg(db)
            .args(["--today", "2026-11-28"])
            .args(extra)
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("start zhucun");
        (
            Session {
                child,
                master: File::from(pty.master),
            },
            t0,
        )
    }

    /// Read whatever arrives within `quiet` of the last byte (or `max`).
    fn read_until_quiet(&mut self, quiet: Duration, max: Duration) -> Vec<u8> {
        let mut out = Vec::new();
        let start = Instant::now();
        let mut buf = [0u8; 65536];
        loop {
            let left = max.saturating_sub(start.elapsed());
            let wait = quiet.min(left);
            let ready = {
                let mut fds = [PollFd::new(self.master.as_fd(), PollFlags::POLLIN)];
                poll(&mut fds, PollTimeout::try_from(wait).unwrap()).unwrap_or(0)
            };
            if ready == 0 {
                return out;
            }
            match self.master.read(&mut buf) {
                Ok(0) | Err(_) => return out,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// Read until `needle` has appeared `times` times; returns when it did.
    fn read_until(&mut self, needle: &[u8], times: usize, max: Duration) -> Option<Instant> {
        let mut seen = Vec::new();
        let start = Instant::now();
        let mut buf = [0u8; 65536];
        while start.elapsed() < max {
            let mut fds = [PollFd::new(self.master.as_fd(), PollFlags::POLLIN)];
            if poll(&mut fds, PollTimeout::from(100u16)).unwrap_or(0) == 0 {
                continue;
            }
            match self.master.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    seen.extend_from_slice(&buf[..n]);
                    if seen.windows(needle.len()).filter(|w| *w == needle).count() >= times {
                        return Some(Instant::now());
                    }
                }
            }
        }
        let tail = &seen[seen.len().saturating_sub(400)..];
        eprintln!(
            "never saw the frame; last output: {:?}",
            String::from_utf8_lossy(tail)
        );
        None
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
    }

    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        let f: Vec<&str> = after.split_whitespace().collect();
        // utime and stime are fields 14 and 15 (1-based), 12 and 13 here.
        f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
    }

    fn rss_kib(&self) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        s.lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn quit(mut self) {
        self.send(b"q");
        let _ = self.read_until_quiet(Duration::from_millis(200), Duration::from_secs(2));
        let _ = self.child.wait();
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let t = Instant::now();
    let st = Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-28", "init", "--demo"])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    println!("demo created in {:.1} s", t.elapsed().as_secs_f64());
    // Setup hides the cursor once; every frame ends by hiding it again, so
    // the second "hide cursor" ends the first frame.
    let frame_end = b"\x1b[?25l";

    let mut first = Vec::new();
    let mut full_frame = Vec::new();
    for _ in 0..7 {
        let (mut s, t0) = Session::start(&db, &[]);
        let at = s
            .read_until(frame_end, 2, Duration::from_secs(10))
            .expect("first frame");
        first.push((at - t0).as_secs_f64() * 1000.0);
        // The rest of the first frame, if any, then a full redraw (Ctrl-L).
        s.read_until_quiet(Duration::from_millis(300), Duration::from_secs(3));
        s.send(b"\x0c");
        full_frame.push(
            s.read_until_quiet(Duration::from_millis(300), Duration::from_secs(3))
                .len() as f64,
        );
        s.quit();
    }
    println!(
        "first full frame, process start (120x40, prefecture demo): median {:.1} ms (of {})",
        median(&mut first),
        first.len()
    );
    println!(
        "full frame (Ctrl-L redraw) at 120x40: median {:.0} bytes",
        median(&mut full_frame)
    );

    let (mut s, _) = Session::start(&db, &[]);
    s.read_until(frame_end, 2, Duration::from_secs(10))
        .expect("first frame");
    s.read_until_quiet(Duration::from_millis(500), Duration::from_secs(3));
    // Idle: nothing may be written (the database is polled, not redrawn).
    let idle = s.read_until_quiet(Duration::from_secs(3), Duration::from_secs(3));
    println!("idle for 3 s: {} bytes", idle.len());
    // Cursor moves in the overview table.
    let mut moves = Vec::new();
    for i in 0..20 {
        s.send(if i % 2 == 0 { b"j" } else { b"k" });
        moves.push(
            s.read_until_quiet(Duration::from_millis(150), Duration::from_secs(2))
                .len() as f64,
        );
    }
    println!(
        "bytes per cursor move at 120x40: median {:.0}",
        median(&mut moves)
    );
    // CPU per keypress: 200 moves in the village list of the prefecture.
    s.send(b"v");
    s.read_until_quiet(Duration::from_millis(300), Duration::from_secs(5));
    let c0 = s.cpu_ticks();
    let n = 200;
    for i in 0..n {
        s.send(if (i / 10) % 2 == 0 { b"j" } else { b"k" });
        s.read_until_quiet(Duration::from_millis(20), Duration::from_secs(2));
    }
    let c1 = s.cpu_ticks();
    let hz = 100.0; // USER_HZ on Linux
    println!(
        "CPU per keypress (village list, 1319 rows): {:.2} ms",
        (c1 - c0) as f64 / hz * 1000.0 / n as f64
    );
    println!("resident memory: {:.1} MB", s.rss_kib() as f64 / 1024.0);
    s.quit();
}
