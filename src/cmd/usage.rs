//! Usage errors (a mistyped option, a missing title, an unknown command) in
//! the language kheo speaks.
//!
//! clap parses the command line and words its errors in English. The
//! language of kheo's messages is only known once the line is parsed (it
//! may say `--lang`), so a line clap refuses is looked at again here: the
//! language is read from the raw arguments, `KHEO_LANG`, the site's first
//! language and the system's, as for every other message. In English clap's
//! own error is printed as it is; in Vietnamese kheo says the same thing
//! from its message files, with the usage line of the command and where to
//! read more. The `error:` keyword stays English, as everywhere, and the
//! exit code stays 2.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use kheo::messages::{self, Lang};

use crate::cli::Cli;

/// Prints a refused command line in the user's language and returns exit 2
/// (`--help` and `--version` are printed by clap as they are, exit 0).
pub(crate) fn refuse(error: clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit()
    }
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let lang = language_of(&args);
    messages::set(lang);
    let text = match (lang, vietnamese(&error)) {
        (Lang::Vi, Some(text)) => text,
        _ => error.exit(),
    };
    eprint!("{}", framed(&text, subcommand_of(&args).as_deref()));
    ExitCode::from(2)
}

/// A usage error kheo words itself (`message` already in the user's
/// language), for `subcommand`'s usage line; exits with 2.
pub(crate) fn exit_with(subcommand: &str, message: String) -> ! {
    if messages::current() == Lang::Vi {
        eprint!("{}", framed(&message, Some(subcommand)));
        std::process::exit(2)
    }
    let mut cli = Cli::command();
    cli.build();
    match cli.find_subcommand_mut(subcommand) {
        Some(cmd) => cmd.error(ErrorKind::ValueValidation, message),
        None => cli.error(ErrorKind::ValueValidation, message),
    }
    .exit()
}

/// `error: ...`, the command's usage line, and where to read more.
fn framed(message: &str, subcommand: Option<&str>) -> String {
    let mut cli = Cli::command();
    cli.build();
    let usage = match subcommand.and_then(|name| cli.find_subcommand_mut(name)) {
        Some(cmd) => cmd.render_usage().to_string(),
        None => cli.render_usage().to_string(),
    };
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    let command = subcommand.map_or("kheo".to_owned(), |s| format!("kheo {s}"));
    format!(
        "error: {message}\n\n{}\n\n{}\n",
        kheo::msg!("usage.line", usage = usage),
        kheo::msg!("usage.more", command = command)
    )
}

/// What clap refused, in Vietnamese; `None` for what kheo leaves to clap.
fn vietnamese(error: &clap::Error) -> Option<String> {
    let get = |kind| error.get(kind).map(text_of);
    let arg = || get(ContextKind::InvalidArg).unwrap_or_default();
    // `did-you-mean` quotes the word itself.
    let did_you_mean = |kind| match error.get(kind) {
        Some(ContextValue::String(word)) if !word.is_empty() => {
            format!("; {}", kheo::msg!("did-you-mean", word = word))
        }
        Some(ContextValue::Strings(words)) if !words.is_empty() => {
            format!(
                "; {}",
                kheo::msg!("did-you-mean", word = words.join("`, `"))
            )
        }
        _ => String::new(),
    };
    Some(match error.kind() {
        ErrorKind::UnknownArgument => kheo::msg!(
            "usage.unknown-option",
            option = arg(),
            suggestion = did_you_mean(ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidSubcommand => kheo::msg!(
            "usage.unknown-command",
            command = get(ContextKind::InvalidSubcommand).unwrap_or_default(),
            commands = commands(),
            suggestion = did_you_mean(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::MissingSubcommand => kheo::msg!("usage.no-command", commands = commands()),
        ErrorKind::MissingRequiredArgument => kheo::msg!("usage.missing", what = arg()),
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue).unwrap_or_default();
            let value = get(ContextKind::InvalidValue).unwrap_or_default();
            if value.is_empty() || value == "``" {
                kheo::msg!("usage.value-missing", option = arg())
            } else if valid.is_empty() {
                kheo::msg!("usage.bad-value", value = value, option = arg())
            } else {
                kheo::msg!(
                    "usage.bad-value-of",
                    value = value,
                    option = arg(),
                    valid = valid
                )
            }
        }
        ErrorKind::ValueValidation => kheo::msg!(
            "usage.bad-value",
            value = get(ContextKind::InvalidValue).unwrap_or_default(),
            option = arg()
        ),
        ErrorKind::ArgumentConflict => kheo::msg!(
            "usage.conflict",
            option = arg(),
            other = get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => kheo::msg!("usage.wrong-values", option = arg()),
        _ => return None,
    })
}

fn text_of(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => format!("`{s}`"),
        ContextValue::Strings(list) => list
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::StyledStr(s) => format!("`{s}`"),
        ContextValue::StyledStrs(list) => list
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// `build`, `check`, ... as one line.
fn commands() -> String {
    Cli::command()
        .get_subcommands()
        .map(|c| format!("`{}`", c.get_name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first argument that names a command kheo has.
fn subcommand_of(args: &[OsString]) -> Option<String> {
    let cli = Cli::command();
    args.iter()
        .filter_map(|a| a.to_str())
        .find(|a| cli.get_subcommands().any(|c| c.get_name() == *a))
        .map(str::to_owned)
}

/// The language of messages for a line clap could not parse: `--lang`
/// (except `new --lang`, the language of a translation), `KHEO_LANG`, the
/// first language of the site `--root` (or the current folder) names, then
/// the system's, as [`messages::resolve`] orders them.
fn language_of(args: &[OsString]) -> Lang {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let is_new = subcommand_of(args).as_deref() == Some("new");
    let value_of = |name: &str| -> Option<&str> {
        words.iter().enumerate().find_map(|(i, w)| {
            w.strip_prefix(&format!("{name}="))
                .or_else(|| (*w == name).then(|| words.get(i + 1).copied()).flatten())
        })
    };
    let asked = value_of("--lang").filter(|_| !is_new);
    let root: PathBuf = value_of("--root").map_or_else(|| PathBuf::from("."), PathBuf::from);
    let env = std::env::var("KHEO_LANG").ok();
    let system = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok());
    messages::resolve(
        asked,
        env.as_deref(),
        kheo::config::site_first_language(Path::new(&root)).as_deref(),
        &system,
    )
}
