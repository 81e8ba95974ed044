//! `kheo new`: write a new article (or a translation) with its front
//! matter filled in, and print its path.

use std::process::ExitCode;

use crate::cli::NewArgs;

use super::{print_diagnostics, stderr_color};

pub(crate) fn run(args: NewArgs) -> ExitCode {
    let section = args
        .section
        .trim_start_matches("./")
        .trim_start_matches("content/")
        .trim_end_matches('/');
    if section == kheo::load::document::FOLDER {
        return document(args);
    }
    let for_documents = [
        ("--number", args.number.is_some()),
        ("--kind", args.kind.is_some()),
        ("--issuer", args.issuer.is_some()),
        ("--signed", args.signed.is_some()),
    ];
    if let Some((name, _)) = for_documents.iter().find(|(_, given)| *given) {
        usage(kheo::msg!(
            "new.option-for-document",
            option = name,
            folder = kheo::load::document::FOLDER
        ));
    }
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
        Err(e) => failed(e),
    }
}

/// `kheo new van-ban "<title>" --number ...`: a new document.
fn document(args: NewArgs) -> ExitCode {
    if args.lang.is_some() || args.of.is_some() || !args.team.is_empty() {
        usage(kheo::msg!("new.option-for-article"));
    }
    let Some(number) = args.number else {
        usage(kheo::msg!(
            "new.document-no-number",
            folder = kheo::load::document::FOLDER,
            title = args.title
        ));
    };
    let opts = kheo::scaffold::new_document::NewDocumentOptions {
        root: args.root,
        title: args.title,
        number,
        kind: args.kind,
        issuer: args.issuer,
        signed: args.signed,
        now: jiff::Timestamp::now(),
    };
    match kheo::scaffold::new_document::new_document(&opts) {
        Ok(created) => {
            println!("{}", kheo::display_path(&created.path));
            for note in &created.notes {
                eprintln!("kheo new: {}: {note}", kheo::msg!("note"));
            }
            eprintln!("kheo new: {}", kheo::msg!("new.document-no-draft"));
            ExitCode::SUCCESS
        }
        Err(e) => failed(e),
    }
}

fn failed(e: kheo::scaffold::new_article::NewError) -> ExitCode {
    match e {
        kheo::scaffold::new_article::NewError::Usage(message) => usage(message),
        kheo::scaffold::new_article::NewError::Site(problems) => {
            print_diagnostics(&problems, stderr_color());
            ExitCode::from(1)
        }
    }
}

/// A usage error of `kheo new` (exit code 2).
fn usage(message: String) -> ! {
    super::usage::exit_with("new", message)
}
