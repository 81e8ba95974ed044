//! The `kheo` binary: parse the command line, run the library, print what
//! happened, and exit 0 (success), 1 (the site has errors) or 2 (usage).

#![warn(unreachable_pub)]

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser as _;

use cli::{Cli, Command};

/// A build allocates many short-lived strings on every core; mimalloc's
/// per-thread heaps keep that flat as the site grows (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A refused line: exit 2, the error in the user's language; --help and
    // --version: printed by clap, exit 0.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return cmd::usage::refuse(error),
    };
    let (asked, root) = cli.command.lang_and_root();
    let asked = cli.lang.map(cli::MessagesLang::code).or(asked);
    let env = std::env::var("KHEO_LANG").ok();
    let system = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok());
    kheo::messages::set(kheo::messages::resolve(
        asked,
        env.as_deref(),
        kheo::config::site_first_language(root).as_deref(),
        &system,
    ));
    match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Import(args) => cmd::import::run(args),
    }
}
