//! One module per command of the `kheo` binary: each turns its arguments
//! into the library's options, runs it, and prints what happened.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod serve;
pub(crate) mod stats;
pub(crate) mod usage;

use std::io::IsTerminal;
use std::sync::OnceLock;

use kheo::diag::Diagnostic;

/// `, 1 warning`, `, 3 warnings` (or nothing for none), after a summary.
pub(crate) fn warnings_suffix(n: usize) -> String {
    match n {
        0 => String::new(),
        n => kheo::msg!("warnings-suffix", warnings = kheo::plural!("n-warnings", n)),
    }
}

pub(crate) fn print_diagnostics(all: &[Diagnostic], color: bool) {
    for d in all {
        eprintln!("{}", d.render(color));
    }
}

/// Whether stderr is a terminal that shows escape sequences (colours, the
/// progress line). A Windows console shows them only once asked to, which
/// this does (once); elsewhere a terminal always does.
pub(crate) fn stderr_escapes() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::io::stderr().is_terminal()
            && anstyle_query::windows::enable_ansi_colors().unwrap_or(true)
    })
}

/// Whether diagnostics on stderr get colours (a terminal that shows them,
/// and no `NO_COLOR`).
pub(crate) fn stderr_color() -> bool {
    stderr_escapes() && std::env::var_os("NO_COLOR").is_none()
}
