//! `kheo build`: build the site into its output folder, with a progress
//! line on a terminal and one summary line.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use kheo::progress::{Progress, Stage};
use kheo::{msg, plural};

use crate::cli::BuildArgs;

use super::print_diagnostics;

pub(crate) fn run(args: BuildArgs) -> ExitCode {
    let on_terminal = super::stderr_escapes();
    let progress = (on_terminal && !args.quiet).then(|| Arc::new(Progress::new()));
    let opts = kheo::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        progress: progress.clone(),
    };
    let color = super::stderr_color();
    let ticker = progress.map(ProgressLine::start);
    let result = kheo::build(&opts);
    if let Some(t) = ticker {
        t.stop();
    }
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings, color);
            if !args.quiet {
                println!(
                    "{}",
                    msg!(
                        "build.done",
                        pages = report.pages,
                        articles = report.articles,
                        languages = report.languages,
                        output = kheo::display_path(&report.output),
                        seconds = seconds(report.elapsed),
                        warnings = super::warnings_suffix(report.warnings.len())
                    )
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, color);
            let errors = failure.error_count();
            let warnings = failure.diagnostics.len() - errors;
            eprintln!(
                "{}",
                msg!(
                    "build.failed",
                    errors = plural!("n-errors", errors),
                    warnings = super::warnings_suffix(warnings),
                    output = kheo::display_path(&opts.output_dir())
                )
            );
            ExitCode::from(1)
        }
    }
}

/// `1.91` in English, `1,91` in Vietnamese.
fn seconds(elapsed: Duration) -> String {
    let text = format!("{:.2}", elapsed.as_secs_f64());
    match kheo::messages::current() {
        kheo::messages::Lang::Vi => text.replace('.', ","),
        kheo::messages::Lang::En => text,
    }
}

/// A line on the terminal that follows a long build; short builds never draw it.
struct ProgressLine {
    done: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl ProgressLine {
    /// Starts drawing after a short delay, so a quick build prints nothing extra.
    fn start(progress: Arc<Progress>) -> ProgressLine {
        let done = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&done);
        let thread = std::thread::spawn(move || {
            let mut waited = Duration::ZERO;
            let tick = Duration::from_millis(100);
            let mut drawn = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
                waited += tick;
                if waited < Duration::from_millis(400) {
                    continue;
                }
                let (stage, n, total) = progress.snapshot();
                let text = match stage {
                    Stage::Starting | Stage::Loading => msg!("progress.reading"),
                    Stage::Checking => msg!("progress.checking"),
                    Stage::Rendering if total > 0 => msg!(
                        "progress.rendering-n",
                        n = n,
                        total = total,
                        percent = n * 100 / total
                    ),
                    Stage::Rendering => msg!("progress.rendering"),
                    Stage::Finishing => msg!("progress.finishing"),
                };
                eprint!("\r\x1b[2Kkheo: {text}");
                let _ = std::io::stderr().flush();
                drawn = true;
            }
            if drawn {
                eprint!("\r\x1b[2K");
                let _ = std::io::stderr().flush();
            }
        });
        ProgressLine { done, thread }
    }

    fn stop(self) {
        self.done.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
    }
}
