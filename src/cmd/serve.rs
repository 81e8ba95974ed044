//! `kheo serve`: build into memory, serve it, rebuild on every save, and
//! print one line per rebuild (or the errors of a failed one).

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use kheo::{msg, plural};

use crate::cli::ServeArgs;

use super::{print_diagnostics, stderr_color};

pub(crate) fn run(args: ServeArgs) -> ExitCode {
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
            "kheo serve: warning: {}",
            if options.drafts {
                msg!("serve.public-drafts", bind = options.bind)
            } else {
                msg!("serve.public", bind = options.bind)
            }
        );
    }
    let first = std::sync::atomic::AtomicBool::new(true);
    let report = move |r: Report| match r {
        Report::Listening(url) => {
            println!("kheo serve: {}", msg!("serve.listening", url = url));
        }
        Report::Built(b) => {
            // Warnings once, with the first build; then one line per rebuild.
            if first.swap(false, Ordering::Relaxed) {
                print_diagnostics(&b.warnings, color);
                println!(
                    "kheo serve: {}",
                    msg!(
                        "serve.built",
                        files = b.files,
                        ms = b.elapsed.as_millis(),
                        warnings = super::warnings_suffix(b.warnings.len())
                    )
                );
            } else {
                println!(
                    "kheo serve: {}",
                    msg!(
                        "serve.rebuilt",
                        ms = b.elapsed.as_millis(),
                        rendered = b.rendered,
                        files = b.files
                    )
                );
            }
        }
        Report::ShownFirst(shown) => {
            println!(
                "kheo serve: {}",
                msg!(
                    "serve.shown-first",
                    ms = shown.elapsed.as_millis(),
                    pages = shown.pages.len()
                )
            );
        }
        Report::Failed(diagnostics) => {
            first.store(false, Ordering::Relaxed);
            print_diagnostics(diagnostics, color);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "kheo serve: {}",
                msg!("serve.failed", errors = plural!("n-errors", errors))
            );
        }
        Report::WatchError(e) => {
            eprintln!(
                "kheo serve: warning: {}",
                msg!("serve.watch-error", error = e)
            );
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
