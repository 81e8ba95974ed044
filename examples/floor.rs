//! The floor a site generator cannot go below: read every Markdown file,
//! render it with pulldown-cmark, write one HTML file each. No templates, no
//! lists, no links between pages. `benches/compare.py` times it next to kheo
//! and Hugo so that kheo's cost can be read as a multiple of it.
//!
//!     cargo run --release --example floor -- <site>/content <output> [--jobs N]
//!
//! With `--jobs 1` it is the one-thread floor of `../shared/bench/README.md`;
//! by default it uses every core, as kheo does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(content), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("usage: floor <content folder> <output folder> [--jobs N]");
        return ExitCode::from(2);
    };
    let jobs = match args.iter().position(|a| a == "--jobs") {
        Some(i) => match args.get(i + 1).and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => n,
            None => {
                eprintln!("--jobs needs a number");
                return ExitCode::from(2);
            }
        },
        None => 0,
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("cannot start threads: {e}");
            return ExitCode::FAILURE;
        }
    };
    let content = Path::new(content);
    let output = Path::new(output);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let failures: Vec<String> = pool.install(|| {
        files
            .par_iter()
            .filter_map(|path| render_one(content, output, path).err())
            .collect()
    });
    for f in &failures {
        eprintln!("{f}");
    }
    println!("{} files, {} failed", files.len(), failures.len());
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn render_one(content: &Path, output: &Path, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let body = without_front_matter(&text);
    let mut out = String::with_capacity(body.len() * 3 / 2);
    // The extensions kheo turns on for articles.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    html::push_html(&mut out, Parser::new_ext(body, options));
    let rel = path
        .strip_prefix(content)
        .unwrap_or(path)
        .with_extension("html");
    let target = output.join(rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&target, out).map_err(|e| format!("{}: {e}", target.display()))
}

/// The text after a `---` front matter block, if the file starts with one.
fn without_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
