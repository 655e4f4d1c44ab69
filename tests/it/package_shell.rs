//! `zhucun completions bash|zsh|fish` and `zhucun man`: generated from the
//! clap definition, so they name every command; the package ships both.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String) {
    // No home, no database: completions must not need either.
    let o = Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .args(args)
        .env_clear()
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (o.status.success(), String::from_utf8(o.stdout).unwrap())
}

const SUBCOMMANDS: &[&str] = &[
    "init",
    "demo",
    "record",
    "report",
    "check",
    "user",
    "audit",
    "doctor",
    "backup",
    "import",
    "export",
    "settings",
    "completions",
];

#[test]
fn completions_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let (ok, out) = run(&["completions", shell]);
        assert!(ok, "completions {shell} failed");
        assert!(out.len() > 1000, "completions {shell} is too short: {out}");
        for s in SUBCOMMANDS {
            assert!(out.contains(s), "completions {shell} does not name {s}");
        }
        // Nested subcommands and option values too.
        for s in ["verify", "village", "scope"] {
            assert!(out.contains(s), "completions {shell} does not name {s}");
        }
    }
    let (ok, bash) = run(&["completions", "bash"]);
    assert!(ok);
    assert!(bash.contains("complete -F _zhucun"), "{bash}");
}

#[test]
fn unknown_shell_is_refused() {
    let o = Command::new(env!("CARGO_BIN_EXE_zhucun"))
        .args(["completions", "tcsh"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tcsh") && err.contains("bash"), "{err}");
}

#[test]
fn man_page_lists_the_commands() {
    let (ok, man) = run(&["man"]);
    assert!(ok);
    assert!(
        man.starts_with(".ie") || man.contains(".TH zhucun 1"),
        "{man}"
    );
    assert!(man.contains(".TH zhucun 1"));
    for s in SUBCOMMANDS {
        assert!(man.contains(s), "man page does not name {s}");
    }
}
