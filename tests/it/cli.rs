//! The `kheo` binary: exit codes, help, version, output lines.

use std::process::Command;

use crate::harness::{Site, pair};

fn kheo() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kheo"))
}

#[test]
fn build_succeeds_with_one_summary_line() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    let out = kheo()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("kheo: built "), "{stdout}");
    assert!(stdout.contains("(2 articles in 2 languages)"), "{stdout}");
    assert!(
        out.stderr.is_empty(),
        "no progress drawing when not on a terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn quiet_prints_nothing_on_success_but_still_warnings() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    let out = kheo()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("content/tin-tuc/a.md:1:1: warning: this article has no translation in en"),
        "{stderr}"
    );
}

#[test]
fn errors_exit_with_1_and_are_printed_in_the_documented_form() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 31/02/2024", "x\n");
    let out = kheo()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "content/tin-tuc/a.md:3:7: error: day 31 does not exist: February 2024 has 29 days\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("3 | date: 31/02/2024"), "{stderr}");
    assert!(stderr.contains("kheo: 1 error"), "{stderr}");
    assert!(
        !stderr.contains("\x1b["),
        "no colour when not on a terminal"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let out = kheo().args(["build", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = kheo().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = kheo().args(["publish"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown command");
    let out = kheo().args(["serve", "--port", "eleven"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a port that is not a number");
    let out = kheo()
        .args(["serve", "--bind", "localhost:80"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an address that is not an IP");
}

#[test]
fn help_lists_only_what_works_and_version_is_printed() {
    let out = kheo().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    for command in ["build", "check", "stats", "new", "init", "serve"] {
        assert!(commands.contains(&command), "{command} in {help}");
    }
    let out = kheo().args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--root",
        "--output",
        "--base-url",
        "--drafts",
        "--future",
        "--quiet",
    ] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
    let out = kheo().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!("kheo {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn output_and_base_url_options() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    let target = site.root().join("elsewhere/out");
    let out = kheo()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&target)
        .args(["--base-url", "https://preview.example.vn/thu/"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(target.join("index.html")).unwrap();
    assert!(home.contains("href=\"/thu/tin-tuc/\""));
    let out = kheo()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(site.root().join("content"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
