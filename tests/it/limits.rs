//! Hostile sizes and values (issue 14, classes 4 and 5): no input makes the
//! output, memory or time grow with its square, and every problem is an
//! error at the editor's file and line — found by `kheo check` as by
//! `kheo build` — never an operating-system error on an output path.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use kheo::diag::Diagnostic;
use kheo::limits::{
    MAX_ALIAS_BYTES, MAX_COUNTERS, MAX_IMAGE_WIDTHS, MAX_LANGUAGES, MAX_MENU, MAX_REGION_DEPTH,
    MAX_SEGMENT_BYTES, MAX_TAGS,
};

use crate::harness::{SITE_YAML, Site, render};

/// The errors of a build, checked to be reported by `kheo check` too.
fn errors_of_build_and_check(site: &Site) -> Vec<Diagnostic> {
    let built = site.build_err();
    let checked = kheo::check(&kheo::CheckOptions {
        root: site.root().to_path_buf(),
        strict: false,
    });
    for d in &built {
        assert!(
            checked.iter().any(|c| c.is_error()
                && (c.file.as_str(), c.line, c.column, c.message.as_str())
                    == (d.file.as_str(), d.line, d.column, d.message.as_str())),
            "kheo check does not report\n{d}\nit reports\n{}",
            render(&checked)
        );
    }
    for d in &built {
        assert!(
            d.file.starts_with("content/") && !d.message.contains("os error"),
            "an error names the editor's file, not an output: {d}"
        );
    }
    built
}

/// Asserts that one of `errors` is at file:line:column and its message contains `message`.
#[track_caller]
fn assert_error_at(errors: &[Diagnostic], at: (&str, usize, usize), message: &str) {
    let (file, line, column) = at;
    assert!(
        errors.iter().any(
            |d| (d.file.as_str(), d.line, d.column) == (file, line, column)
                && d.message.contains(message)
        ),
        "expected {file}:{line}:{column}: error: ...{message}...\ngot\n{}",
        render(errors)
    );
}

/// Bytes of every file of the output.
fn output_bytes(site: &Site) -> u64 {
    site.listing()
        .iter()
        .map(|f| std::fs::metadata(site.out().join(f)).unwrap().len())
        .sum()
}

/// A front matter `key:` followed by a block list of `n` items.
fn block_list(key: &str, n: usize, item: impl Fn(usize) -> String) -> String {
    let mut s = format!("{key}:");
    for i in 0..n {
        let _ = write!(s, "\n  - {}", item(i));
    }
    s
}

#[test]
fn ten_thousand_tags_are_an_error_at_the_first_tag_past_the_limit() {
    let site = Site::new();
    let tags = block_list("tags", 10_000, |i| format!("Chủ đề {i}"));
    site.article(
        "tin-tuc/a.md",
        &format!("title: A\ndate: 2024-01-01\n{tags}"),
        "x\n",
    );
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\ntags: [Chủ đề 1]",
        "x\n",
    );
    let started = Instant::now();
    let errors = errors_of_build_and_check(&site);
    // Tag number 31 is on line 4 + 31 of the file (`---`, title, date, `tags:`).
    assert_error_at(
        &errors,
        ("content/tin-tuc/a.md", 4 + MAX_TAGS + 1, 5),
        "this article has 10000 tags; kheo's limit is 30 tags per article",
    );
    assert_eq!(errors.len(), 1, "{}", render(&errors));
    // It used to write 3.7 GB, each tag's feed repeating all 10,000 tags.
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!site.out().exists());
}

#[test]
fn output_stays_linear_with_articles_at_the_tag_limit() {
    // Each article has the most tags allowed, all its own, plus one shared
    // by all: its tag pages and feeds repeat its tags, a bounded amount.
    let bytes_for = |articles: usize| {
        let site = Site::with_config(
            "title: T\nbase_url: https://x.vn/\nlanguages: [vi]\npage_size: 20\n",
        );
        for a in 0..articles {
            let tags = block_list("tags", MAX_TAGS, |i| {
                if i == 0 {
                    "Chung".to_owned()
                } else {
                    format!("Bài {a} chủ đề {i}")
                }
            });
            site.article(
                &format!("tin-tuc/a{a}.md"),
                &format!("title: A{a}\ndate: 2024-01-{:02}\n{tags}", a + 1),
                "x\n",
            );
        }
        site.build_ok();
        output_bytes(&site)
    };
    let (three, six) = (bytes_for(3), bytes_for(6));
    assert!(
        six * 10 < three * 23,
        "twice the articles, {three} -> {six} bytes: more than linear"
    );
    assert!(
        six < 6 * 400_000,
        "{six} bytes for 6 articles of {MAX_TAGS} tags"
    );
}

/// Peak memory of a `kheo build` of `site` through the binary, in MiB, as
/// its maintainer timings report it (`KHEO_TIMINGS=1`, Linux only).
fn peak_memory_mib(site: &Site) -> Option<u64> {
    let out = crate::harness::kheo()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .env("KHEO_TIMINGS", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    stderr
        .lines()
        .filter_map(|l| {
            l.split("peak")
                .nth(1)?
                .trim()
                .strip_suffix("MiB")?
                .trim()
                .parse()
                .ok()
        })
        .max()
}

#[test]
fn a_huge_table_costs_linear_time_memory_and_output() {
    let table = |rows: usize| {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "|{}|",
            (0..50)
                .map(|c| format!("h{c}"))
                .collect::<Vec<_>>()
                .join("|")
        );
        let _ = writeln!(t, "|{}|", vec!["---"; 50].join("|"));
        for r in 0..rows {
            let _ = writeln!(
                t,
                "|{}|",
                (0..50)
                    .map(|c| format!("r{r}c{c}"))
                    .collect::<Vec<_>>()
                    .join("|")
            );
        }
        t
    };
    let site_with = |rows: usize| {
        let site = Site::with_config("title: T\nbase_url: https://x.vn/\nlanguages: [vi]\n");
        let body = table(rows);
        site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", &body);
        (site, body.len() as u64)
    };
    let build = |rows: usize| {
        let (site, input) = site_with(rows);
        let started = Instant::now();
        site.build_ok();
        (started.elapsed(), output_bytes(&site), input)
    };
    let (t1, b1, _) = build(1_000);
    let (t2, b2, input) = build(2_000);
    assert!(b2 * 10 < b1 * 23, "{b1} -> {b2} bytes for twice the rows");
    // The page, its search index and feeds: a few times the table, not its square.
    assert!(
        b2 < input * 8,
        "{b2} bytes of output for a {input}-byte table"
    );
    assert!(
        t2 < t1 * 4 + Duration::from_secs(2),
        "{t1:?} -> {t2:?} for twice the rows"
    );
    // Memory above that of a small table grows with the rows, not their square.
    let peaks: Vec<Option<u64>> = [10, 1_000, 2_000]
        .into_iter()
        .map(|rows| peak_memory_mib(&site_with(rows).0))
        .collect();
    if let [Some(base), Some(p1), Some(p2)] = peaks[..] {
        let (m1, m2) = (p1.saturating_sub(base), p2.saturating_sub(base));
        assert!(
            m2 * 10 <= m1.max(4) * 26,
            "peak memory {base} MiB, then {p1} MiB for 1,000 rows and {p2} MiB for 2,000"
        );
    }
}

#[test]
fn ten_thousand_region_levels_are_an_error_at_the_level_past_the_limit() {
    let site = Site::new();
    let region = block_list("region", 10_000, |i| format!("Vùng {i}"));
    site.file("content/teams/t.yaml", &format!("name: T\n{region}\n"));
    let region = block_list("region", 10_000, |i| format!("Vùng {i}"));
    site.article(
        "tin-tuc/a.md",
        &format!("title: A\ndate: 2024-01-01\n{region}"),
        "x\n",
    );
    let started = Instant::now();
    let errors = errors_of_build_and_check(&site);
    // Level 9 of the team's list is on line 2 + 9.
    assert_error_at(
        &errors,
        ("content/teams/t.yaml", 2 + MAX_REGION_DEPTH + 1, 5),
        "this region path has 10000 levels; kheo's limit is 8",
    );
    assert_error_at(
        &errors,
        ("content/tin-tuc/a.md", 4 + MAX_REGION_DEPTH + 1, 5),
        "this region path has 10000 levels",
    );
    // It used to take minutes: every level a page holding all the levels above.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_chain_of_region_files_deeper_than_the_limit() {
    let site = Site::new();
    let n = 2_000;
    for i in 0..n {
        let parent = if i == 0 {
            "null".to_owned()
        } else {
            format!("Vùng {}", i - 1)
        };
        site.file(
            &format!("content/regions/v{i}.yaml"),
            &format!("name: Vùng {i}\nparent: {parent}\n"),
        );
    }
    // A list may start at a region with a file: its parents come from the files.
    site.file(
        "content/teams/t.yaml",
        "name: T\nregion: [Vùng 5, thôn X, xóm Y, tổ Z]\n",
    );
    let started = Instant::now();
    let errors = errors_of_build_and_check(&site);
    // Vùng 8 is the ninth level.
    assert_error_at(
        &errors,
        ("content/regions/v8.yaml", 2, 9),
        "the parents of `Vùng 8` go more than 8 levels up",
    );
    assert_error_at(
        &errors,
        ("content/teams/t.yaml", 2, 9),
        "this `region:` list has 9 levels",
    );
    assert!(!errors.iter().any(|d| d.file == "content/regions/v7.yaml"));
    assert_eq!(
        errors.len(),
        n - MAX_REGION_DEPTH + 1,
        "one per file too deep, and the team"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

/// A site with an article of `n` aliases naming a team of `n` tags.
fn aliases_and_team_tags(n: usize) -> Site {
    let site = Site::new();
    let aliases = block_list("aliases", n, |i| format!("/cu/bai-{i}.html"));
    site.article(
        "tin-tuc/a.md",
        &format!("title: A\ndate: 2024-01-01\nteams: [t]\n{aliases}"),
        "x\n",
    );
    let tags = block_list("tags", n, |i| format!("Chủ đề {i}"));
    site.file(
        "content/teams/t.yaml",
        &format!("name: T\nregion: [Hải Dương]\n{tags}\n"),
    );
    site
}

#[test]
fn ten_thousand_aliases_and_team_tags_grow_time_and_output_linearly() {
    // `kheo check` does all a build does but write: four times the aliases
    // take about four times as long (each alias's line used to be found by
    // counting lines from the top of the file: 39 s for 10,000).
    let check_time = |n: usize| {
        let site = aliases_and_team_tags(n);
        let started = Instant::now();
        let all = kheo::check(&kheo::CheckOptions {
            root: site.root().to_path_buf(),
            strict: false,
        });
        assert!(!all.iter().any(Diagnostic::is_error), "{}", render(&all));
        started.elapsed()
    };
    let (t1, t4) = (check_time(2_500), check_time(10_000));
    assert!(
        t4 < t1 * 8 + Duration::from_secs(1),
        "{t1:?} for 2,500 aliases, {t4:?} for 10,000"
    );
    let site = aliases_and_team_tags(10_000);
    site.build_ok();
    let bytes = output_bytes(&site);
    assert!(site.exists("cu/bai-9999.html"));
    // A redirect page per alias and a team page listing its tags.
    assert!(bytes < 10_000 * 6_000, "{bytes} bytes");
}

/// `n` distinct two-letter language codes, `vi` first.
fn languages(n: usize) -> Vec<String> {
    let mut codes = vec!["vi".to_owned()];
    for a in b'a'..=b'z' {
        for b in b'a'..=b'z' {
            let code = String::from_utf8(vec![a, b]).unwrap();
            if codes.len() < n && code != "vi" {
                codes.push(code);
            }
        }
    }
    codes
}

#[test]
fn site_yaml_lists_every_page_repeats_have_limits() {
    let base = "title: T\nbase_url: https://x.vn/\n";
    let cases: Vec<(String, (usize, usize), String)> = vec![
        (
            format!(
                "{base}{}",
                block_list("languages", MAX_LANGUAGES + 1, |i| languages(
                    MAX_LANGUAGES + 1
                )[i]
                    .clone())
            ),
            (4 + MAX_LANGUAGES, 5),
            format!("site.yaml lists 21 languages; kheo's limit is {MAX_LANGUAGES}"),
        ),
        (
            format!(
                "{base}{}",
                block_list("menu", MAX_MENU + 1, |i| format!(
                    "{{title: M{i}, url: /m{i}/}}"
                ))
            ),
            (4 + MAX_MENU, 23),
            format!("site.yaml lists 31 menu entries; kheo's limit is {MAX_MENU}"),
        ),
        (
            format!(
                "{base}{}",
                block_list("counters", MAX_COUNTERS + 1, |i| format!(
                    "{{key: c{i}, label: C{i}}}"
                ))
            ),
            (4 + MAX_COUNTERS, 11),
            format!("site.yaml lists 51 counters; kheo's limit is {MAX_COUNTERS}"),
        ),
        (
            format!(
                "{base}images:\n  widths: [{}]\n",
                (1..=MAX_IMAGE_WIDTHS + 1)
                    .map(|i| (i * 100).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (4, 63),
            format!("site.yaml lists 11 image widths; kheo's limit is {MAX_IMAGE_WIDTHS}"),
        ),
    ];
    for (yaml, (line, column), message) in cases {
        let site = Site::with_config(&yaml);
        let errors = errors_of_build_and_check(&site);
        assert_error_at(&errors, ("content/site.yaml", line, column), &message);
    }
}

/// A name whose slug is longer than a file name may be.
fn long_name() -> String {
    let long = "Đường giao thông nông thôn mới ".repeat(8);
    assert!(kheo::slug::slugify(&long).len() > MAX_SEGMENT_BYTES);
    long
}

#[test]
fn names_too_long_for_a_file_name_are_errors_at_their_line() {
    let long = long_name();
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        &format!(
            "title: A\ndate: 2024-01-01\ntags: [Ngắn, \"{long}\"]\nregion: [Hải Dương, \"{long}\"]"
        ),
        "x\n",
    );
    site.file(
        "content/teams/t.yaml",
        &format!("name: T\nregion: [Hải Dương, \"{long}\"]\n"),
    );
    site.file(
        "content/regions/r.yaml",
        &format!("name: \"{long}\"\nparent: Hải Dương\n"),
    );
    let errors = errors_of_build_and_check(&site);
    let a = "content/tin-tuc/a.md";
    assert_error_at(
        &errors,
        (a, 4, 14),
        "this tag is too long: this makes the URL segment `duong-giao-thong",
    );
    assert_error_at(
        &errors,
        (a, 4, 14),
        "kheo's limit is 200 bytes (a file name holds at most 255)",
    );
    assert_error_at(&errors, (a, 5, 21), "this region name is too long");
    assert_error_at(
        &errors,
        ("content/teams/t.yaml", 2, 21),
        "this region name is too long",
    );
    assert_error_at(
        &errors,
        ("content/regions/r.yaml", 1, 7),
        "this region name is too long",
    );
    // Messages quote a short excerpt of the name.
    assert!(
        errors.iter().all(|d| d.message.len() < 300),
        "{}",
        render(&errors)
    );
}

#[test]
fn slugs_file_names_and_folders_too_long_for_a_file_name() {
    let long = long_name();
    let site = Site::new();
    site.article(
        "tin-tuc/b.md",
        &format!("title: B\ndate: 2024-01-01\nslug: \"{long}\""),
        "x\n",
    );
    // File systems accept this name (230 bytes), but not with what kheo adds.
    let stem = "a".repeat(MAX_SEGMENT_BYTES + 30);
    site.article(
        &format!("tin-tuc/{stem}.md"),
        "title: C\ndate: 2024-01-01",
        "x\n",
    );
    let folder = "b".repeat(MAX_SEGMENT_BYTES + 10);
    site.article(
        &format!("{folder}/x.md"),
        "title: X\ndate: 2024-01-01",
        "x\n",
    );
    let errors = errors_of_build_and_check(&site);
    assert_error_at(
        &errors,
        ("content/tin-tuc/b.md", 4, 7),
        "this slug is too long",
    );
    assert_error_at(
        &errors,
        (&format!("content/tin-tuc/{stem}.md"), 1, 1),
        "this file name is too long for an address",
    );
    assert_error_at(
        &errors,
        (&format!("content/{folder}/"), 1, 1),
        "this section's folder name is too long for an address",
    );
}

#[test]
fn paths_and_section_slugs_too_long_for_a_file_name() {
    let long = "c".repeat(MAX_SEGMENT_BYTES + 1);
    let site = Site::with_config(&format!("{SITE_YAML}paths:\n  vi:\n    tags: {long}\n"));
    let errors = errors_of_build_and_check(&site);
    assert_error_at(
        &errors,
        ("content/site.yaml", 17, 11),
        "kheo's limit is 200 bytes",
    );
    let site = Site::new();
    site.file(
        "content/tin-tuc/_section.yaml",
        &format!("title: Tin\nslug: {{vi: {long}}}\n"),
    );
    let errors = errors_of_build_and_check(&site);
    assert_error_at(
        &errors,
        ("content/tin-tuc/_section.yaml", 2, 8),
        "kheo's limit is 200 bytes",
    );
}

#[test]
fn aliases_too_long_for_the_file_system() {
    let site = Site::new();
    let part = "d".repeat(MAX_SEGMENT_BYTES + 50);
    let deep = "/x".repeat(MAX_ALIAS_BYTES / 2 + 1);
    site.article(
        "tin-tuc/a.md",
        &format!("title: A\ndate: 2024-01-01\naliases:\n  - /cu/{part}.html\n  - {deep}/"),
        "x\n",
    );
    let errors = errors_of_build_and_check(&site);
    let a = "content/tin-tuc/a.md";
    assert_error_at(&errors, (a, 5, 5), "the alias has a part 255 bytes long");
    assert_error_at(
        &errors,
        (a, 6, 5),
        "the alias is 1001 bytes long; kheo's limit is 1000 bytes",
    );
}

#[test]
fn an_alias_on_a_generated_file_an_asset_or_another_alias() {
    let site = Site::new();
    site.file("content/tin-tuc/anh.jpg", "not really a photo");
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\naliases:\n  - /rss.xml\n  - /sitemap.xml\n  - /kheo.css\n  - /404.html\n  - /tin-tuc/anh.jpg\n  - /en/rss.xml\n  - /robots.txt\n  - /cu/\n  - /\n  - /tin-tuc/a/",
        "x\n",
    );
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\naliases: [/ok.html, /cu]",
        "x\n",
    );
    let errors = errors_of_build_and_check(&site);
    let a = "content/tin-tuc/a.md";
    assert_error_at(
        &errors,
        (a, 5, 5),
        "this alias needs a folder /rss.xml/, but /rss.xml is the feed (vi)",
    );
    assert_error_at(
        &errors,
        (a, 6, 5),
        "but /sitemap.xml is the generated sitemap.xml",
    );
    assert_error_at(
        &errors,
        (a, 7, 5),
        "this alias would write /kheo.css/index.html, over the theme's file /kheo.css",
    );
    assert_error_at(
        &errors,
        (a, 8, 5),
        "this alias is the address of the generated 404.html",
    );
    assert_error_at(
        &errors,
        (a, 9, 5),
        "but /tin-tuc/anh.jpg is content/tin-tuc/anh.jpg",
    );
    assert_error_at(&errors, (a, 10, 5), "but /en/rss.xml is the feed (en)");
    assert_error_at(
        &errors,
        (a, 11, 5),
        "but /robots.txt is the generated robots.txt",
    );
    assert_error_at(&errors, (a, 13, 5), "is the site's home page");
    assert_error_at(
        &errors,
        (a, 14, 5),
        "this alias is the address of content/tin-tuc/a.md",
    );
    assert_error_at(
        &errors,
        ("content/tin-tuc/b.md", 4, 21),
        "content/tin-tuc/a.md has this alias too: both would be written to /cu/index.html",
    );
    assert!(
        !errors.iter().any(|d| d.file.contains("(an alias)")),
        "{}",
        render(&errors)
    );
    assert_eq!(errors.len(), 10, "{}", render(&errors));
}

#[test]
fn implausible_dates_are_errors_at_their_line_not_1970() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 9999-12-31", "x\n");
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-01\nupdated: 9999-12-31T23:59:59-12:00",
        "x\n",
    );
    site.article("tin-tuc/9999-12-31-c.md", "title: C", "x\n");
    site.article("tin-tuc/d.md", "title: D\ndate: 31/12/1899 10:00", "x\n");
    site.file(
        "content/teams/t.yaml",
        "name: T\nregion: [Hải Dương]\nestablished: 01/01/9999\nstats:\n  9999: {roads_km: 1}\n",
    );
    site.file(
        "content/regions/r.yaml",
        "name: Hải Dương\nreported:\n  20160: {teams: 1}\n",
    );
    let errors = errors_of_build_and_check(&site);
    let plausible = "is not a plausible year: kheo accepts years 1900 to 2200";
    assert_error_at(
        &errors,
        ("content/tin-tuc/a.md", 3, 7),
        &format!("year 9999 {plausible}"),
    );
    assert_error_at(
        &errors,
        ("content/tin-tuc/b.md", 4, 10),
        &format!("year 9999 {plausible}"),
    );
    assert_error_at(
        &errors,
        ("content/tin-tuc/9999-12-31-c.md", 1, 1),
        "the file name starts with a date that is not one: year 9999",
    );
    assert_error_at(
        &errors,
        ("content/tin-tuc/d.md", 3, 7),
        &format!("year 1899 {plausible}"),
    );
    assert_error_at(
        &errors,
        ("content/teams/t.yaml", 3, 14),
        &format!("year 9999 {plausible}"),
    );
    assert_error_at(
        &errors,
        ("content/teams/t.yaml", 5, 3),
        &format!("9999 {plausible}"),
    );
    assert_error_at(
        &errors,
        ("content/regions/r.yaml", 3, 3),
        &format!("20160 {plausible}"),
    );
    // Not the misleading "`updated` is before `date`" of a date read as 1970.
    assert!(
        !errors.iter().any(|d| d.message.contains("before")),
        "{}",
        render(&errors)
    );
}

/// `kheo check --strict` through the binary: (exit code, everything printed).
fn check_binary(site: &Site) -> (i32, String) {
    let out = crate::harness::kheo()
        .args(["check", "--strict", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn a_megabyte_line_is_reported_with_a_short_excerpt() {
    let site = Site::new();
    let filler = "chữ ".repeat(250_000);
    // A body on one line with a link that leads nowhere at its end.
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        &format!("{filler}[xem](khong-co.md)\n"),
    );
    // A front matter value of a megabyte, with a bad key after it.
    site.file(
        "content/tin-tuc/b.md",
        &format!("---\ntitle: B\ndate: 2024-01-01\nsummary: {filler} tags: [a\n---\nx\n"),
    );
    let (code, text) = check_binary(&site);
    assert_eq!(code, 1, "{}", &text[..text.len().min(2000)]);
    assert!(
        text.len() < 4_000,
        "{} bytes printed:\n{}",
        text.len(),
        text.chars().take(4000).collect::<String>()
    );
    assert!(text.contains("content/tin-tuc/a.md:5:"), "{text}");
    assert!(
        text.contains("| …") && text.contains("chữ chữ [xem](khong-co.md)\n"),
        "{text}"
    );
    assert!(text.contains("content/tin-tuc/b.md:4:"), "{text}");
}

#[test]
fn every_typed_key_of_every_file_says_what_it_takes() {
    // (file, its text, line and column of the error, start of the message)
    let cases: &[(&str, &str, (usize, usize), &str)] = &[
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\npage_size: \"20\"\n",
            (3, 12),
            "`page_size` must be a whole number without quotes: write 20, not \"20\"",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nlanguages: vi\n",
            (3, 12),
            "`languages` must be a list: write `[a, b]`",
        ),
        (
            "content/site.yaml",
            "title: [T]\nbase_url: https://x.vn/\n",
            (1, 8),
            "`title` must be one text, or a map of language to text",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: [x]\n",
            (2, 11),
            "`base_url` must be a text",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\ntimezone: 7\n",
            (3, 11),
            "`7` is not a known time zone",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nmarkdown: {raw_html: \"no\"}\n",
            (3, 22),
            "`raw_html` must be `true` or `false`, not `no`",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nmarkdown: yes\n",
            (3, 11),
            "`markdown` must be keys with values",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nimages: {quality: \"80\"}\n",
            (3, 19),
            "`quality` must be a whole number without quotes",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nimages: {widths: [320, \"640\"]}\n",
            (3, 24),
            "must be a whole number without quotes: write 640",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nanalytics: {matomo: {url: \"https://m.x.vn/\", site_id: 3.5}}\n",
            (3, 55),
            "`site_id` must be a whole number, not 3.5",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\ncounters:\n  - key: a\n    label: A\n    decimals: \"2\"\n",
            (6, 15),
            "`decimals` must be a whole number without quotes",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nmenu: tin-tuc\n",
            (3, 7),
            "`menu` must be a list",
        ),
        (
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\npaths: [tags]\n",
            (3, 8),
            "`paths` must be keys with values",
        ),
        (
            "content/tin-tuc/_section.yaml",
            "title: Tin\npage_size: \"12\"\n",
            (2, 12),
            "`page_size` must be a whole number without quotes",
        ),
        (
            "content/tin-tuc/_section.yaml",
            "sort: [date]\n",
            (1, 7),
            "`sort` must be a text",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\ndraft: \"yes\"\n---\n",
            (4, 8),
            "`draft` must be `true` or `false`, not `yes`",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nfeatured: \"true\"\n---\n",
            (4, 11),
            "`featured` must be `true` or `false` without quotes: write true",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nweight: 1.5\n---\n",
            (4, 9),
            "`weight` must be a whole number, not 1.5",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\ntags: Dân vận\n---\n",
            (4, 7),
            "`tags` must be a list",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nteams: lai-xa\n---\n",
            (4, 8),
            "`teams` must be a list",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\naliases: /cu/\n---\n",
            (4, 10),
            "`aliases` must be a list",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: [X]\ndate: 2024-01-01\n---\n",
            (2, 8),
            "`title` must be a text",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nsummary: {a: 1}\n---\n",
            (4, 10),
            "`summary` must be a text",
        ),
        (
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: [2024]\n---\n",
            (3, 7),
            "`date` must be a text",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nmembers: 9.5\n",
            (3, 10),
            "`members` must be a whole number, not 9.5",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nmembers: \"9\"\n",
            (3, 10),
            "`members` must be a whole number without quotes: write 9",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: Hải Dương\n",
            (2, 9),
            "`region` must be a list",
        ),
        (
            "content/teams/t.yaml",
            "name: [T]\nregion: [A]\n",
            (1, 7),
            "`name` must be one text",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nleader: 5\n",
            (3, 9),
            "`leader` must be a text; YAML reads 5 as a number",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats: 5\n",
            (3, 8),
            "`stats` must be keys with values",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016: {roads_km: [1]}\n",
            (4, 20),
            "`roads_km` must be a number, not a list",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016: {roads_km: \"2.8\"}\n",
            (4, 20),
            "`\"2.8\"` is a text, because of its quotes: write 2.8 without quotes",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016.5: {roads_km: 1}\n",
            (4, 3),
            "2016.5 is not a year: write a year such as 2016",
        ),
        (
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nsources: [Báo cáo]\n",
            (3, 10),
            "`sources` must be keys with values",
        ),
        (
            "content/regions/r.yaml",
            "name: R\nparent: [A]\n",
            (2, 9),
            "`parent` must be a text",
        ),
        (
            "content/regions/r.yaml",
            "name: R\nreported:\n  2016: {teams: \"5\"}\n",
            (3, 17),
            "`\"5\"` is a text, because of its quotes",
        ),
        (
            "content/tags.yaml",
            "Dân vận khéo: [Skilful]\n",
            (1, 15),
            "`Dân vận khéo` must be one text, or a map of language to text",
        ),
    ];
    for (file, text, (line, column), message) in cases {
        let site = Site::new();
        site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
        site.file(file, text);
        let errors = errors_of_build_and_check(&site);
        assert_error_at(&errors, (file, *line, *column), message);
        for d in &errors {
            for jargon in [
                "sequence",
                "scalar",
                "i64",
                "u32",
                "invalid type",
                "mapping start",
            ] {
                assert!(!d.message.contains(jargon), "{file}: `{jargon}` in {d}");
            }
        }
    }
}
