//! The `kheo` binary: parse the command line, run the library, print what
//! happened, and exit 0 (success), 1 (the site has errors) or 2 (usage).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use clap::Parser;

use cli::{
    BuildArgs, CheckArgs, Cli, Command, Format, InitArgs, NewArgs, ReportFormat, ServeArgs,
    StatsArgs,
};
use kheo::diag::Diagnostic;
use kheo::progress::{Progress, Stage};

/// A build allocates many short-lived strings on every core; mimalloc's
/// per-thread heaps keep that flat as the site grows (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Stats(args) => stats(args),
        Command::New(args) => new_article(args),
        Command::Init(args) => init(args),
        Command::Serve(args) => serve(args),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
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

fn new_article(args: NewArgs) -> ExitCode {
    let opts = kheo::scaffold::new_article::NewOptions {
        root: args.root,
        section: args.section,
        title: args.title,
        lang: args.lang,
        of: args.of,
        teams: args.team,
        now: jiff::Timestamp::now(),
    };
    match kheo::scaffold::new_article::new_article(&opts) {
        Ok(created) => {
            // The path alone on stdout, so scripts can open it: `$EDITOR "$(kheo new ...)"`.
            println!("{}", kheo::display_path(&created.path));
            for note in &created.notes {
                eprintln!("kheo new: note: {note}");
            }
            eprintln!(
                "kheo new: the article is a draft: preview it with --drafts, delete `draft: true` to publish it"
            );
            ExitCode::SUCCESS
        }
        Err(kheo::scaffold::new_article::NewError::Usage(message)) => {
            use clap::CommandFactory;
            // Built, so the usage line shown is `kheo new ...`.
            let mut cli = Cli::command();
            cli.build();
            match cli.find_subcommand_mut("new") {
                Some(cmd) => cmd.error(clap::error::ErrorKind::ValueValidation, message),
                None => cli.error(clap::error::ErrorKind::ValueValidation, message),
            }
            .exit()
        }
        Err(kheo::scaffold::new_article::NewError::Site(problems)) => {
            print_diagnostics(&problems, stderr_color());
            ExitCode::from(1)
        }
    }
}

fn init(args: InitArgs) -> ExitCode {
    let opts = kheo::scaffold::init::InitOptions {
        dir: args.dir,
        force: args.force,
    };
    match kheo::scaffold::init::init(&opts) {
        Ok(report) => {
            let dir = kheo::display_path(&report.dir);
            println!(
                "kheo: wrote a new site into {dir} ({} files{})",
                report.written.len(),
                match report.replaced.len() {
                    0 => String::new(),
                    n => format!(", {n} replaced"),
                }
            );
            println!("next:");
            if dir != "." {
                println!("  cd {dir}");
            }
            println!("  kheo serve                      # preview at http://127.0.0.1:1111/");
            println!("  kheo new tin-tuc \"Tiêu đề bài\"   # write an article");
            println!("  kheo check --strict && kheo build");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            print_diagnostics(&[problem], stderr_color());
            ExitCode::from(1)
        }
    }
}

/// Whether stderr is a terminal that shows escape sequences (colours, the
/// progress line). A Windows console shows them only once asked to, which
/// this does (once); elsewhere a terminal always does.
fn stderr_escapes() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::io::stderr().is_terminal()
            && anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
    })
}

fn stderr_color() -> bool {
    stderr_escapes() && std::env::var_os("NO_COLOR").is_none()
}

fn check(args: CheckArgs) -> ExitCode {
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
                "kheo check: {} {}, {} {}{}",
                errors,
                if errors == 1 { "error" } else { "errors" },
                warnings,
                if warnings == 1 { "warning" } else { "warnings" },
                if all.is_empty() {
                    String::new()
                } else {
                    format!(" in {} files", files.len())
                }
            );
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn stats(args: StatsArgs) -> ExitCode {
    let opts = kheo::StatsOptions {
        root: args.root,
        format: match args.format {
            Format::Table => kheo::StatsFormat::Table,
            Format::Csv => kheo::StatsFormat::Csv,
            Format::Json => kheo::StatsFormat::Json,
        },
        year: args.year,
        region: args.region,
        lang: args.lang,
    };
    let color = stderr_color();
    match kheo::stats(&opts) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, color);
            ExitCode::from(1)
        }
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let on_terminal = stderr_escapes();
    let progress = (on_terminal && !args.quiet).then(|| Arc::new(Progress::new()));
    let opts = kheo::BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        progress: progress.clone(),
    };
    let color = stderr_color();
    let ticker = progress.map(ProgressLine::start);
    let result = kheo::build(&opts);
    if let Some(t) = ticker {
        t.stop();
    }
    match result {
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
                    Stage::Starting | Stage::Loading => "reading content…".to_owned(),
                    Stage::Checking => "checking the site…".to_owned(),
                    Stage::Rendering if total > 0 => {
                        format!("rendering pages {n}/{total} ({}%)", n * 100 / total)
                    }
                    Stage::Rendering => "rendering pages…".to_owned(),
                    Stage::Finishing => "finishing…".to_owned(),
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
