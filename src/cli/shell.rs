//! `zhucun completions bash|zsh|fish` and `zhucun man`: shell completions and
//! the man page, generated from the same clap definition that parses the
//! command line, so they can never name a command that does not exist. The
//! Debian package ships both (pkg/build-deb writes them at build time).

use anyhow::Result;
use clap::{CommandFactory, ValueEnum};
use std::io::Write;

/// A shell `zhucun completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

impl From<ShellArg> for clap_complete::Shell {
    fn from(s: ShellArg) -> clap_complete::Shell {
        match s {
            ShellArg::Bash => clap_complete::Shell::Bash,
            ShellArg::Zsh => clap_complete::Shell::Zsh,
            ShellArg::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// Write the completion script for `shell` to `out`.
pub fn completions(shell: ShellArg, out: &mut dyn Write) -> Result<()> {
    let mut cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(
        clap_complete::Shell::from(shell),
        &mut cmd,
        "zhucun",
        &mut buf,
    );
    out.write_all(&buf)?;
    Ok(())
}

/// Write the man page (roff, section 1) to `out`.
pub fn man(out: &mut dyn Write) -> Result<()> {
    let cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    out.write_all(&buf)?;
    Ok(())
}

/// `zhucun completions SHELL` on standard output.
pub fn print_completions(shell: ShellArg) -> Result<()> {
    completions(shell, &mut std::io::stdout().lock())
}

/// `zhucun man` on standard output.
pub fn print_man() -> Result<()> {
    man(&mut std::io::stdout().lock())
}
