//! `kheo init`: write a new bilingual site that builds as it is.

use std::process::ExitCode;

use crate::cli::InitArgs;

use super::{print_diagnostics, stderr_color};

pub(crate) fn run(args: InitArgs) -> ExitCode {
    let opts = kheo::scaffold::init::InitOptions {
        dir: args.dir,
        force: args.force,
    };
    match kheo::scaffold::init::init(&opts) {
        Ok(report) => {
            let dir = kheo::display_path(&report.dir);
            println!(
                "{}",
                kheo::msg!(
                    "init.done",
                    dir = dir,
                    files = report.written.len(),
                    replaced = match report.replaced.len() {
                        0 => String::new(),
                        n => kheo::msg!("init.replaced", n = n),
                    }
                )
            );
            println!("{}", kheo::msg!("init.next"));
            if dir != "." {
                println!("  cd {dir}");
            }
            println!("{}", kheo::msg!("init.next-serve"));
            println!("{}", kheo::msg!("init.next-new"));
            println!("  kheo check --strict && kheo build");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            print_diagnostics(&[problem], stderr_color());
            ExitCode::from(1)
        }
    }
}
