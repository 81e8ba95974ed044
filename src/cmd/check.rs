//! `kheo check`: every problem of the site, as text for people or JSON
//! for tools, without writing anything.

use std::process::ExitCode;

use crate::cli::{CheckArgs, ReportFormat};

use super::{print_diagnostics, stderr_color};

pub(crate) fn run(args: CheckArgs) -> ExitCode {
    let all = kheo::check(&kheo::CheckOptions {
        root: args.root,
        strict: args.strict,
    });
    let errors = all.iter().filter(|d| d.is_error()).count();
    match args.format {
        ReportFormat::Json => {
            let text = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".to_owned());
            println!("{text}");
        }
        ReportFormat::Human => {
            let color = stderr_color();
            print_diagnostics(&all, color);
            let warnings = all.len() - errors;
            let files: std::collections::BTreeSet<&str> =
                all.iter().map(|d| d.file.as_str()).collect();
            eprintln!(
                "{}",
                kheo::msg!(
                    "check.done",
                    errors = kheo::plural!("n-errors", errors),
                    warnings = kheo::plural!("n-warnings", warnings),
                    files = if all.is_empty() {
                        String::new()
                    } else {
                        kheo::plural!("check.in-files", files.len())
                    }
                )
            );
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
