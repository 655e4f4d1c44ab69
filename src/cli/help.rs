//! The command line's help and parse errors in the chosen language: the
//! clap definition gets its words from `crate::i18n::cli_help` at run time
//! (clap's own headings, help flag and error lines included).

use super::Cli;
use crate::i18n::Lang;
use crate::i18n::cli_help::{self, HelpWords};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// The command tree with every about and help text from the tables.
pub fn command(lang: Lang) -> Command {
    let w = cli_help::words(lang);
    let cmd = localize(Cli::command(), "", lang, w)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(w.version)
                .help_heading(w.options),
        );
    cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .global(true)
            .help(w.help)
            .help_heading(w.options),
    )
}

fn localize(cmd: Command, path: &str, lang: Lang, w: &HelpWords) -> Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .help_template(w.template)
        .subcommand_help_heading(w.commands)
        .subcommand_value_name(w.command_value);
    if let Some(about) = cli_help::text(lang, path) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    if let Some(after) = cli_help::after(lang, path) {
        cmd = cmd.after_help(after);
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path} ")
    };
    cmd = cmd.mut_args(|a| {
        let key = format!("{prefix}{}", arg_key(&a));
        let heading = if a.is_positional() {
            w.arguments
        } else {
            w.options
        };
        let mut a = a.help_heading(heading);
        if let Some(h) = cli_help::text(lang, &key) {
            a = a.help(h).long_help(None::<&str>);
        }
        if lang == Lang::Zh && a.get_action().takes_values() {
            a = values_in_words(a, w);
        }
        a
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in names {
        let sub_path = format!("{prefix}{n}");
        cmd = cmd.mut_subcommand(&n, |s| localize(s, &sub_path, lang, w));
    }
    cmd
}

/// clap's "[possible values: ...]" and "[default: ...]" in the help text's
/// own language; values already named in the text are not repeated.
fn values_in_words(a: Arg, w: &HelpWords) -> Arg {
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let mut extra = Vec::new();
    if !values.is_empty() && !values.iter().any(|v| help.contains(v.as_str())) {
        extra.push(format!("{}{}", w.values, values.join("、")));
    }
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        extra.push(format!("{}{}", w.default, defaults.join("、")));
    }
    let a = a.hide_possible_values(true).hide_default_value(true);
    if extra.is_empty() {
        a
    } else {
        a.help(format!("{help} [{}]", extra.join("；")))
    }
}

/// `--village` for an option, `FILE` for a positional argument.
fn arg_key(a: &Arg) -> String {
    match a.get_long() {
        Some(l) => format!("--{l}"),
        None => a.get_id().as_str().to_uppercase(),
    }
}

/// Parse `args`; help, version and errors are printed here in `lang`, and
/// the exit code is returned instead.
pub fn parse(args: &[std::ffi::OsString], lang: Lang) -> Result<Cli, std::process::ExitCode> {
    let result = command(lang)
        .try_get_matches_from(help_command(args))
        .and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => Ok(cli),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                Err(
                    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                        std::process::ExitCode::from(2)
                    } else {
                        std::process::ExitCode::SUCCESS
                    },
                )
            }
            _ => {
                eprintln!("{}", error_text(&e, lang));
                Err(std::process::ExitCode::from(2))
            }
        },
    }
}

/// `zhucun help record` is `zhucun record --help` (clap's own `help`
/// command would answer in English).
fn help_command(args: &[std::ffi::OsString]) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "help" {
            let mut v: Vec<_> = args[..i].iter().chain(&args[i + 1..]).cloned().collect();
            v.push("--help".into());
            return v;
        }
        if !a.starts_with('-') || a == "--" {
            break;
        }
        i += if takes_value(&args[i]) { 2 } else { 1 };
    }
    args.to_vec()
}

/// Whether a global option before the command takes the next word as its value.
fn takes_value(a: &std::ffi::OsString) -> bool {
    matches!(
        a.to_string_lossy().as_ref(),
        "--db" | "--today" | "--lang" | "--color"
    )
}

fn ctx(e: &clap::Error, k: ContextKind) -> String {
    match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A parse error as the program's other errors read: one line with what
/// was wrong and what to do, then where to find the help.
pub fn error_text(e: &clap::Error, lang: Lang) -> String {
    let w = cli_help::words(lang);
    let c = lang.cli();
    let arg = ctx(e, ContextKind::InvalidArg);
    let value = ctx(e, ContextKind::InvalidValue);
    let fill = crate::i18n::ui::fill;
    let mut line = match e.kind() {
        ErrorKind::UnknownArgument => fill(w.err_unknown_arg, &[&arg]),
        ErrorKind::InvalidSubcommand => fill(
            w.err_unknown_command,
            &[&ctx(e, ContextKind::InvalidSubcommand)],
        ),
        ErrorKind::MissingRequiredArgument => fill(w.err_missing, &[&arg]),
        ErrorKind::MissingSubcommand => fill(w.err_missing_command, &[]),
        ErrorKind::InvalidValue => {
            let valid = ctx(e, ContextKind::ValidValue);
            if value.is_empty() {
                fill(w.err_no_value, &[&arg])
            } else if valid.is_empty() {
                fill(w.err_invalid_value, &[&value, &arg])
            } else {
                fill(w.err_invalid_choice, &[&value, &arg, &valid])
            }
        }
        ErrorKind::ValueValidation => {
            use std::error::Error as _;
            let why = e
                .source()
                .map(|s| {
                    if let Some(d) = s.downcast_ref::<super::DateArgError>() {
                        fill(c.not_a_date, &[&d.input])
                    } else if s.is::<std::num::ParseIntError>() && lang == Lang::Zh {
                        fill(w.err_not_a_number, &[&value])
                    } else {
                        crate::i18n::errors::localized(s, lang).unwrap_or_else(|| s.to_string())
                    }
                })
                .unwrap_or_default();
            format!("{arg}{}{why}", c.sep)
        }
        ErrorKind::ArgumentConflict => {
            let prior = ctx(e, ContextKind::PriorArg);
            if prior == arg || prior.is_empty() {
                fill(w.err_twice, &[&arg])
            } else {
                fill(w.err_conflict, &[&arg, &prior])
            }
        }
        ErrorKind::TooManyValues | ErrorKind::NoEquals => fill(w.err_unexpected, &[&value, &arg]),
        // Rarer kinds: clap's own first line, introduced in the language.
        _ => {
            let s = e.render().to_string();
            let first = s.lines().next().unwrap_or("").trim_start_matches("error: ");
            fill(w.err_other, &[first])
        }
    };
    if let Some(s) = e
        .get(ContextKind::SuggestedArg)
        .or(e.get(ContextKind::SuggestedSubcommand))
    {
        let s = match s {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(v) => v.join(", "),
            other => other.to_string(),
        };
        line.push_str(&fill(w.err_suggest, &[&s]));
    }
    format!("{}{line}{}", c.error, w.err_see_help)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option has its words in both tables.
    #[test]
    fn every_command_and_option_has_words() {
        fn walk(c: &Command, path: &str, missing: &mut Vec<String>) {
            if cli_help::text(Lang::Zh, path).is_none() {
                missing.push(path.to_string());
            }
            let prefix = if path.is_empty() {
                String::new()
            } else {
                format!("{path} ")
            };
            for a in c.get_arguments() {
                let k = format!("{prefix}{}", arg_key(a));
                if cli_help::text(Lang::Zh, &k).is_none() {
                    missing.push(k);
                }
            }
            for s in c.get_subcommands() {
                walk(s, &format!("{prefix}{}", s.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no help words for {missing:?}");
    }
}
