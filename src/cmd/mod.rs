//! One module per command of the `kheo` binary: each turns its arguments
//! into the library's options, runs it, and prints what happened.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
pub mod stats;

use std::io::IsTerminal;

use kheo::diag::Diagnostic;

pub fn print_diagnostics(all: &[Diagnostic], color: bool) {
    for d in all {
        eprintln!("{}", d.render(color));
    }
}

/// Whether diagnostics on stderr get colours (a terminal, and no `NO_COLOR`).
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
