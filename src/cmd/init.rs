//! `kheo init`: write a new bilingual site that builds as it is.

use std::process::ExitCode;

use crate::cli::InitArgs;

use super::{print_diagnostics, stderr_color};

pub fn run(args: InitArgs) -> ExitCode {
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
