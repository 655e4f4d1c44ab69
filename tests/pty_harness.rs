//! The pseudo-terminal harness itself works (the UI's own end-to-end tests
//! build on it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)] // test and bench code: a panic is the failure report

mod common;
#[path = "common/pty.rs"]
mod pty;
use common::*;

#[test]
fn runs_a_command_in_a_pty() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_db(dir.path());
    let mut s = pty::Session::start(&db, &["report", "--scope", "522701001"], &[], 100, 30);
    let screen = s.wait_for("合计", 20);
    assert!(screen.contains("云苑社区"), "{screen}");
    assert!(s.wait_exit(std::time::Duration::from_secs(10)).is_some());
}
