//! The guide in docs/ cannot drift from kheo: every command, argument and
//! option of the binary, every key of site.yaml and of an article's front
//! matter is documented in both languages, and everything documented exists.
//! The guide itself is a kheo site that builds and checks clean.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::render;

const GUIDE: &str = "docs/site/content/huong-dan";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Vietnamese and English versions of a guide page.
fn page(name: &str) -> [(String, String); 2] {
    [format!("{name}.md"), format!("{name}.en.md")].map(|file| {
        let path = repo().join(GUIDE).join(&file);
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        (file, text)
    })
}

/// The lines under the heading that ends with `{#id}`, up to the next
/// heading of the same or a higher level (`#` lines in code blocks are not headings).
fn section<'a>(text: &'a str, id: &str) -> Vec<&'a str> {
    let mark = format!("{{#{id}}}");
    let mut level = None;
    let mut in_code = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        let is_heading = !in_code && hashes > 0 && line[hashes..].starts_with(' ');
        match level {
            None if is_heading && line.ends_with(&mark) => level = Some(hashes),
            None => {}
            Some(l) if is_heading && hashes <= l => break,
            Some(_) => lines.push(line),
        }
    }
    lines
}

/// The first cells of table rows that are a single code span: `` | `title` | ``.
fn table_keys(lines: &[&str]) -> BTreeSet<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |").map(|(cell, _)| cell))
        .filter(|cell| !cell.contains('`'))
        .map(str::to_owned)
        .collect()
}

/// The ids of headings `{#kheo-<command>}` on the commands page.
fn documented_commands(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.starts_with("## "))
        .filter_map(|l| l.rsplit_once("{#kheo-").map(|(_, id)| id))
        .filter_map(|id| id.strip_suffix('}'))
        .map(str::to_owned)
        .collect()
}

fn help(args: &[&str]) -> String {
    let out = crate::harness::kheo().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "kheo {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of one block of clap's help (`Commands:`, `Arguments:`, `Options:`).
fn help_block<'a>(help: &'a str, title: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|l| *l != title)
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

/// An entry of a `Commands:` or `Arguments:` block is indented by two
/// spaces; a wrapped description, deeper.
fn entry(line: &str) -> Option<&str> {
    line.strip_prefix("  ").filter(|l| !l.starts_with(' '))
}

/// The subcommands of the binary, from `kheo --help`.
fn binary_commands() -> BTreeSet<String> {
    help_block(&help(&["-h"]), "Commands:")
        .into_iter()
        .filter_map(entry)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// A command's arguments (`DIR`) and long options (`--root`), from
/// `kheo <command> -h` (one line per entry), without the `--help` and
/// `--version` every command has.
fn binary_options(command: &str) -> BTreeSet<String> {
    let text = help(&[command, "-h"]);
    let arguments = help_block(&text, "Arguments:").into_iter().filter_map(|l| {
        let name = entry(l)?.split_whitespace().next()?;
        Some(name.trim_matches(['<', '>', '[', ']', '.']).to_owned())
    });
    // An option's line starts with `-o, --output` or `--root`; a wrapped description does not.
    let options = help_block(&text, "Options:").into_iter().filter_map(|l| {
        let l = l.trim_start();
        if !l.starts_with('-') {
            return None;
        }
        l.split([' ', ','])
            .find(|w| w.starts_with("--"))
            .map(str::to_owned)
    });
    arguments
        .chain(options)
        .filter(|o| o != "--help" && o != "--version")
        .collect()
}

/// `--lang LANG` -> `--lang`, `DIR` -> `DIR`.
fn option_name(cell: &str) -> String {
    cell.split_whitespace().next().unwrap_or(cell).to_owned()
}

#[test]
fn every_command_and_option_is_documented_in_both_languages_and_exists() {
    let commands = binary_commands();
    assert!(
        commands.contains("build") && commands.contains("init"),
        "{commands:?}"
    );
    for (file, text) in page("lenh") {
        let documented = documented_commands(&text);
        assert_eq!(
            documented, commands,
            "{GUIDE}/{file}: the commands documented (## kheo <command> {{#kheo-<command>}}) and those of `kheo --help` differ"
        );
        for command in &commands {
            let in_docs: BTreeSet<String> = table_keys(&section(&text, &format!("kheo-{command}")))
                .iter()
                .map(|cell| option_name(cell))
                .collect();
            assert_eq!(
                in_docs,
                binary_options(command),
                "{GUIDE}/{file}: the table under `kheo {command}` and `kheo {command} --help` differ"
            );
        }
        for global in ["--help", "--version"] {
            assert!(
                text.contains(&format!("`kheo {global}`")),
                "{file}: {global}"
            );
        }
    }
}

#[test]
fn every_site_yaml_key_is_documented_in_both_languages_and_exists() {
    let keys: BTreeSet<String> = kheo::config::SITE_KEYS
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    for (file, text) in page("cau-hinh") {
        let documented = table_keys(&section(&text, "site-yaml"));
        let missing: Vec<&String> = keys.difference(&documented).collect();
        let unknown: Vec<&String> = documented.difference(&keys).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "{GUIDE}/{file}: keys kheo accepts but the guide does not document: {missing:?}; keys the guide documents that kheo does not accept: {unknown:?}"
        );
    }
}

#[test]
fn the_complete_site_yaml_example_is_accepted() {
    for (file, text) in page("cau-hinh") {
        let example = text
            .split("```yaml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap_or_else(|| panic!("{file}: no yaml example"));
        let mut diags = kheo::diag::Diagnostics::new();
        let config = kheo::config::parse(example.to_owned(), None, &mut diags);
        assert!(
            config.is_some(),
            "{file}:\n{}",
            render(&diags.into_sorted())
        );
    }
}

/// The keys an article's front matter accepts, from the parser's own
/// "unknown field `zzz`, expected one of ..." message.
fn front_matter_keys() -> BTreeSet<String> {
    let mut diags = kheo::diag::Diagnostics::new();
    let config =
        kheo::config::parse(crate::harness::SITE_YAML.to_owned(), None, &mut diags).unwrap();
    let path = kheo::load::article::article_path("tin-tuc/a.md", &config).unwrap();
    let parsed = kheo::load::article::parse(
        path,
        "---\nzzz: 1\n---\n",
        std::path::Path::new("x.md"),
        true,
        &config,
        &mut diags,
    );
    assert!(parsed.is_none());
    let all = diags.into_sorted();
    let message = &all[0].message;
    let expected = message.split_once("expected one of").unwrap().1;
    expected
        .split([',', ' ', '`'])
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_front_matter_key_is_documented_in_both_languages_and_exists() {
    let keys = front_matter_keys();
    assert!(keys.contains("title") && keys.contains("extra"), "{keys:?}");
    for (file, text) in page("viet-bai") {
        assert_eq!(
            table_keys(&section(&text, "front-matter")),
            keys,
            "{GUIDE}/{file}: the front matter table and the keys kheo accepts differ"
        );
    }
}

#[test]
fn every_key_of_an_import_selector_file_is_documented_in_both_languages() {
    let keys: BTreeSet<String> = kheo::import::recipe::KEYS
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    for (file, text) in page("nhap-bai-cu") {
        assert_eq!(
            table_keys(&section(&text, "tep-bo-chon")),
            keys,
            "{GUIDE}/{file}: the selector file's keys and those kheo accepts differ"
        );
    }
}

#[test]
fn the_guide_is_a_kheo_site_that_checks_strict_clean() {
    let root = repo().join("docs/site");
    let problems = kheo::check(&kheo::CheckOptions {
        root: root.clone(),
        strict: true,
    });
    assert!(problems.is_empty(), "{}", render(&problems));

    // Every page has its translation, and the pages are the ones docs/README.md lists.
    let mut names: Vec<String> = fs::read_dir(repo().join(GUIDE))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let index = fs::read_to_string(repo().join("docs/README.md")).unwrap();
    for name in &names {
        assert!(
            index.contains(&format!("(site/content/huong-dan/{name})")),
            "docs/README.md does not link {name}"
        );
        let pair = match name.strip_suffix(".en.md") {
            Some(stem) => format!("{stem}.md"),
            None => name.replace(".md", ".en.md"),
        };
        assert!(names.contains(&pair), "{name} has no {pair}");
    }
}

/// Relative links in the Markdown files kheo does not build (README.md and
/// docs/*.md) lead to files that exist.
#[test]
fn links_between_the_docs_files_lead_somewhere() {
    let mut files: Vec<PathBuf> = vec![repo().join("README.md"), repo().join("scaffold/README.md")];
    for entry in fs::read_dir(repo().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        // Links in code blocks and code spans are examples, not links.
        let mut in_code = false;
        let mut prose = String::new();
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if !in_code {
                prose.extend(line.split('`').step_by(2));
                prose.push('\n');
            }
        }
        for target in prose
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = file.parent().unwrap().join(target);
            assert!(
                resolved.exists(),
                "{}: the link `{target}` leads nowhere",
                file.display()
            );
        }
    }
}
