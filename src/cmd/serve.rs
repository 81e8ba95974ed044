//! `kheo serve`: build into memory, serve it, rebuild on every save, and
//! print one line per rebuild (or the errors of a failed one).

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::cli::ServeArgs;

use super::{print_diagnostics, stderr_color};

pub fn run(args: ServeArgs) -> ExitCode {
    use kheo::serve::Report;
    let color = stderr_color();
    let options = kheo::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        future: args.future,
    };
    if !kheo::serve::is_local(options.bind) {
        eprintln!(
            "kheo serve: warning: listening on {}: other computers on the network can open this preview{}",
            options.bind,
            if options.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
    }
    let first = std::sync::atomic::AtomicBool::new(true);
    let report = move |r: Report| match r {
        Report::Listening(url) => {
            println!("kheo serve: {url} (Ctrl+C to stop)");
        }
        Report::Built(b) => {
            // Warnings once, with the first build; then one line per rebuild.
            if first.swap(false, Ordering::Relaxed) {
                print_diagnostics(&b.warnings, color);
                println!(
                    "kheo serve: built {} files in {} ms{}",
                    b.files,
                    b.elapsed.as_millis(),
                    match b.warnings.len() {
                        0 => String::new(),
                        1 => ", 1 warning".to_owned(),
                        n => format!(", {n} warnings"),
                    }
                );
            } else {
                println!(
                    "kheo serve: rebuilt in {} ms: {} of {} files rendered again",
                    b.elapsed.as_millis(),
                    b.rendered,
                    b.files
                );
            }
        }
        Report::Failed(diagnostics) => {
            first.store(false, Ordering::Relaxed);
            print_diagnostics(diagnostics, color);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "kheo serve: {errors} {}; still showing the last good build",
                if errors == 1 { "error" } else { "errors" }
            );
        }
        Report::WatchError(e) => {
            eprintln!("kheo serve: warning: {e}; changes will not be picked up");
        }
    };
    match kheo::serve::start(&options, Arc::new(report)) {
        Ok(running) => {
            running.wait_for_ctrl_c();
            running.stop();
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d], color);
            ExitCode::from(1)
        }
    }
}
