//! The `kheo` binary: exit codes, help, version, output lines.

use std::process::Command;

use crate::harness::{Site, pair};

fn kheo() -> Command {
    crate::harness::kheo()
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

/// The binary without the English the other tests pin, on a machine whose
/// own language says nothing.
fn kheo_unpinned() -> Command {
    let mut cmd = crate::harness::kheo();
    cmd.env_remove("KHEO_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    cmd
}

fn stderr_of(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// A Vietnamese site's messages are Vietnamese unless `--lang` (before or
/// after the command) or `KHEO_LANG` asks for English; the `error:` keyword
/// and the `path:line:column:` place stay as they are in both.
#[test]
fn messages_follow_the_site_then_kheo_lang_then_the_lang_option() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: Tân Khê: tổng kết năm\ndate: 2024-01-01",
        "x\n",
    );
    let place = "content/tin-tuc/a.md:2:15: error: ";
    let vi_words = "đoạn chữ này có `: `, YAML hiểu đó là chỗ bắt đầu một khóa khác";
    let en_words = "this text holds `: `, which YAML reads as the start of another key";

    let (code, vi) = stderr_of(kheo_unpinned().arg("check").arg("--root").arg(site.root()));
    assert_eq!(code, Some(1), "{vi}");
    assert!(vi.contains(&format!("{place}{vi_words}")), "{vi}");
    assert!(
        vi.contains("= gợi ý: đặt cả đoạn chữ trong ngoặc kép: `title: \"Tân Khê: tổng kết năm\"`"),
        "{vi}"
    );
    assert!(
        vi.ends_with("kheo check: 1 lỗi, 1 cảnh báo trong 2 tệp\n"),
        "{vi}"
    );

    // The build says the same, and that nothing was written, in Vietnamese.
    let (code, build) = stderr_of(kheo_unpinned().arg("build").arg("--root").arg(site.root()));
    assert_eq!(code, Some(1));
    assert!(build.contains(vi_words), "{build}");
    assert!(build.contains("chưa ghi gì cả"), "{build}");

    let english = [
        kheo_unpinned()
            .env("KHEO_LANG", "en")
            .args(["check", "--root"])
            .arg(site.root())
            .output()
            .unwrap(),
        kheo_unpinned()
            .args(["check", "--lang", "en", "--root"])
            .arg(site.root())
            .output()
            .unwrap(),
        // --lang wins over KHEO_LANG, and may come before the command.
        kheo_unpinned()
            .env("KHEO_LANG", "vi")
            .args(["--lang", "en", "check", "--root"])
            .arg(site.root())
            .output()
            .unwrap(),
    ];
    for out in english {
        let en = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{en}");
        assert!(en.contains(&format!("{place}{en_words}")), "{en}");
        assert!(en.contains("= hint: put the whole text in quotes"), "{en}");
        assert!(
            en.ends_with("kheo check: 1 error, 1 warning in 2 files\n"),
            "{en}"
        );
    }

    // A site whose first language is English speaks English.
    let en_first = crate::harness::SITE_YAML.replace("languages: [vi, en]", "languages: [en, vi]");
    site.file("content/site.yaml", &en_first);
    let (_, en) = stderr_of(kheo_unpinned().arg("check").arg("--root").arg(site.root()));
    assert!(en.contains(en_words), "{en}");
    // ...unless asked otherwise.
    let (_, vi) = stderr_of(
        kheo_unpinned()
            .env("KHEO_LANG", "vi")
            .arg("check")
            .arg("--root")
            .arg(site.root()),
    );
    assert!(vi.contains(vi_words), "{vi}");
}

#[test]
fn a_build_reports_in_vietnamese_for_a_vietnamese_site() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    let out = kheo_unpinned()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("kheo: đã dựng "), "{stdout}");
    assert!(stdout.contains("(2 bài, 2 ngôn ngữ)"), "{stdout}");
    // A language kheo does not speak is refused as a usage error.
    let out = kheo_unpinned()
        .args(["build", "--lang", "fr", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// What clap refuses (a mistyped command or option, a missing title, a
/// value a choice does not take) is said in Vietnamese on a Vietnamese
/// site, with the command's usage line, exit 2; in English clap's own words.
#[test]
fn usage_errors_are_said_in_the_sites_language() {
    let site = Site::new();
    let (code, err) = stderr_of(kheo_unpinned().args(["buidl", "--root"]).arg(site.root()));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("error: kheo không có lệnh `buidl`; các lệnh là `build`, "),
        "{err}"
    );
    assert!(err.contains("có phải ý bạn là `build`?"), "{err}");
    assert!(err.contains("Cách dùng: kheo [OPTIONS] <COMMAND>"), "{err}");

    let (code, err) = stderr_of(
        kheo_unpinned()
            .args(["build", "--outptu", "x", "--root"])
            .arg(site.root()),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("error: không có tùy chọn `--outptu` ở đây; có phải ý bạn là `--output`?"),
        "{err}"
    );
    assert!(err.contains("Xem thêm: `kheo build --help`"), "{err}");

    let (code, err) = stderr_of(
        kheo_unpinned()
            .args(["stats", "--units", "hom-nay", "--root"])
            .arg(site.root()),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`hom-nay` không phải là giá trị dùng được cho `--units"),
        "{err}"
    );
    assert!(err.contains("chỉ dùng được `today`, `reported`"), "{err}");

    // `kheo new` without its title, in the current folder's site.
    let (code, err) = stderr_of(
        kheo_unpinned()
            .current_dir(site.root())
            .args(["new", "tin-tuc"]),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.starts_with("error: còn thiếu `<TITLE>`"), "{err}");

    // Asked for English: clap's own message.
    let (code, err) = stderr_of(
        kheo_unpinned()
            .env("KHEO_LANG", "en")
            .args(["buidl", "--root"])
            .arg(site.root()),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("unrecognized subcommand 'buidl'"), "{err}");
}
