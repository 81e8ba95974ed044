//! `kheo import`: brings an old portal's articles into `content/`, prints
//! what it could not bring and a summary line, and exits 1 when an article
//! failed (2 for a command line that asks for what cannot be done).

use std::process::ExitCode;

use kheo::import::{ImportError, ImportOptions, ImportReport};

use crate::cli::{Cli, ImportArgs};

use super::{print_diagnostics, stderr_color};

pub(crate) fn run(args: ImportArgs) -> ExitCode {
    let opts = ImportOptions {
        root: args.root,
        source: args.source,
        into: args.into,
        config: args.config,
        files: args.files,
    };
    match kheo::import::import(&opts) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, stderr_color());
            if !args.quiet {
                for note in &report.notes {
                    eprintln!("kheo import: {}: {note}", kheo::msg!("note"));
                }
                println!("{}", summary(&report));
            }
            if report.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(ImportError::Usage(message)) => {
            use clap::CommandFactory;
            let mut cli = Cli::command();
            cli.build();
            match cli.find_subcommand_mut("import") {
                Some(cmd) => cmd.error(clap::error::ErrorKind::ValueValidation, message),
                None => cli.error(clap::error::ErrorKind::ValueValidation, message),
            }
            .exit()
        }
        Err(ImportError::Failed(problems)) => {
            print_diagnostics(&problems, stderr_color());
            eprintln!("kheo import: {}", kheo::msg!("import.nothing"));
            ExitCode::from(1)
        }
    }
}

/// `kheo import: 2 articles imported from a WordPress export into
/// content/tin-tuc/, 0 skipped (already there), 0 failed; 4 pictures and
/// documents copied`.
fn summary(report: &ImportReport) -> String {
    kheo::msg!(
        "import.done",
        articles = kheo::plural!("import.n-articles", report.written.len()),
        kind = report.kind,
        section = report.section,
        skipped = report.skipped,
        failed = report.failed,
        copied = kheo::plural!("import.n-copied", report.copied)
    )
}
