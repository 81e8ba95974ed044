//! The `kheo` binary: parse the command line, run the library, print what
//! happened, and exit 0 (success), 1 (the site has errors) or 2 (usage).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{BuildArgs, Cli, Command};
use kheo::diag::Diagnostic;

fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let opts = kheo::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match kheo::build(&opts) {
        Ok(report) => {
            print_diagnostics(&report.warnings, color);
            if !args.quiet {
                let warnings = match report.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_owned(),
                    n => format!(", {n} warnings"),
                };
                println!(
                    "kheo: built {} pages ({} articles in {} languages) into {} in {:.2} s{warnings}",
                    report.pages,
                    report.articles,
                    report.languages,
                    kheo::display_path(&report.output),
                    report.elapsed.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, color);
            let errors = failure.error_count();
            let warnings = failure.diagnostics.len() - errors;
            eprintln!(
                "kheo: {} {}{}; nothing was written, {} is as it was",
                errors,
                if errors == 1 { "error" } else { "errors" },
                match warnings {
                    0 => String::new(),
                    1 => ", 1 warning".to_owned(),
                    n => format!(", {n} warnings"),
                },
                kheo::display_path(&opts.output_dir())
            );
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(all: &[Diagnostic], color: bool) {
    for d in all {
        eprintln!("{}", d.render(color));
    }
}
