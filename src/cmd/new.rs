//! `kheo new`: write a new article (or a translation) with its front
//! matter filled in, and print its path.

use std::process::ExitCode;

use crate::cli::{Cli, NewArgs};

use super::{print_diagnostics, stderr_color};

pub fn run(args: NewArgs) -> ExitCode {
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
                eprintln!("kheo new: {}: {note}", kheo::msg!("note"));
            }
            eprintln!("kheo new: {}", kheo::msg!("new.draft"));
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
