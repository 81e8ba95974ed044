//! A site builds the same on Linux, Windows and macOS: output names Windows
//! cannot hold and paths that differ only in case are errors at the file
//! that names them (on every system, so Linux CI catches them), and files
//! written on Windows (CRLF, BOM) give the same site as LF files.

use std::collections::BTreeMap;
use std::fs;

use crate::harness::{Site, pair, render};

/// Every output file with its bytes.
fn snapshot(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.listing()
        .into_iter()
        .map(|f| (f.clone(), fs::read(site.out().join(&f)).unwrap()))
        .collect()
}

#[test]
fn names_windows_cannot_hold_are_errors_at_the_file_that_names_them() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.build_ok();
    let before = snapshot(&site);

    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\nslug: nul",
        "x\n",
    );
    site.article(
        "tin-tuc/c.md",
        "title: C\ndate: 2024-01-03\ntags: [Con]",
        "x\n",
    );
    site.article(
        "tin-tuc/d.md",
        "title: D\ndate: 2024-01-04\ntags: [Con]",
        "x\n",
    );
    site.article(
        "tin-tuc/e.md",
        "title: E\ndate: 2024-01-05\nregion: [Prn]",
        "x\n",
    );
    site.article(
        "tin-tuc/f.md",
        "title: F\ndate: 2024-01-06\nregion: [Prn, Com1]",
        "x\n",
    );
    site.file(
        "content/teams/to-prn.yaml",
        "name: {vi: Tổ Prn, en: Prn team}\nregion: [Prn]\nmembers: 3\n",
    );
    site.file("content/tai-lieu/aux.pdf", "%PDF");
    site.file("content/tai-lieu/bao-cao: 2024.pdf", "%PDF");
    site.file("content/tai-lieu/ghi-chu.", "x");
    site.file("content/lpt1/ke-hoach.pdf", "%PDF");
    let failure = site.build().unwrap_err();
    let errors: Vec<(String, String)> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.file.clone(), d.message.clone()))
        .collect();
    let at = |file: &str, needle: &str| {
        assert!(
            errors.iter().any(|(f, m)| f == file && m.contains(needle)),
            "no error at {file} saying {needle:?}:\n{}",
            render(&failure.diagnostics)
        );
    };
    at(
        "content/tin-tuc/b.md",
        "`nul` is a name Windows keeps for a device (NUL), with any extension: Windows cannot create /tin-tuc/nul/index.html",
    );
    // The tag's page is named by the oldest article carrying the tag.
    at(
        "content/tin-tuc/c.md",
        "`con` is a name Windows keeps for a device (CON), with any extension: Windows cannot create /chu-de/con/index.html (for the tag `Con`)",
    );
    // A region's page is named by the first team whose `region:` reaches
    // it, else the first article.
    at(
        "content/teams/to-prn.yaml",
        "Windows cannot create /dia-ban/prn/index.html (for the region `Prn`)",
    );
    at(
        "content/tin-tuc/f.md",
        "Windows cannot create /dia-ban/prn/com1/index.html (for the region `Prn > Com1`)",
    );
    at(
        "content/tai-lieu/aux.pdf",
        "`aux.pdf` is a name Windows keeps for a device (AUX)",
    );
    at(
        "content/tai-lieu/bao-cao: 2024.pdf",
        "has `:`, which Windows does not allow",
    );
    at("content/tai-lieu/ghi-chu.", "ends with a dot or a space");
    // A folder's name is reported once, at its first file.
    at(
        "content/lpt1/ke-hoach.pdf",
        "`lpt1` is a name Windows keeps for a device (LPT1)",
    );
    assert_eq!(errors.len(), 10, "{}", render(&failure.diagnostics));
    // A written `slug:` is pointed at.
    let slug = failure
        .diagnostics
        .iter()
        .find(|d| d.file == "content/tin-tuc/b.md" && d.is_error())
        .unwrap();
    assert_eq!((slug.line, slug.column), (4, 7));
    assert!(
        failure
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.code == "file-name"
                && d.hint.as_deref().is_some_and(|h| h.contains("Windows"))),
        "{}",
        render(&failure.diagnostics)
    );
    assert_eq!(snapshot(&site), before, "the previous output is kept");
}

#[test]
fn paths_that_differ_only_in_case_are_an_error_naming_both_files() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    // A section folder written with capitals: its pages go to /tin-tuc-moi/,
    // its attachment keeps the folder's name.
    site.article("Tin-Tuc-Moi/b.md", "title: B\ndate: 2024-01-02", "x\n");
    site.file("content/Tin-Tuc-Moi/bang-ke.pdf", "%PDF");
    site.file("content/tai-lieu/Bao-Cao.pdf", "%PDF");
    site.file("content/tai-lieu/bao-cao.pdf", "%PDF");
    site.file("content/Kheo.CSS", "body {}");
    let errors = site.build_err();
    let text = render(&errors);
    let clash = |file: &str, needle: &str| {
        assert!(
            errors
                .iter()
                .any(|d| d.file == file && d.code == "file-name" && d.message.contains(needle)),
            "no error at {file} saying {needle:?}:\n{text}"
        );
    };
    clash(
        "content/Tin-Tuc-Moi/bang-ke.pdf",
        "content/Tin-Tuc-Moi/bang-ke.pdf would be written to /Tin-Tuc-Moi/ and content/Tin-Tuc-Moi/ to /tin-tuc-moi/: the two differ only in upper and lower case",
    );
    clash(
        "content/tai-lieu/bao-cao.pdf",
        "content/tai-lieu/bao-cao.pdf would be written to /tai-lieu/bao-cao.pdf and content/tai-lieu/Bao-Cao.pdf to /tai-lieu/Bao-Cao.pdf",
    );
    // Against the theme's own file, the site's file is the one named.
    clash(
        "content/Kheo.CSS",
        "content/Kheo.CSS would be written to /Kheo.CSS and themes/default/static/kheo.css to /kheo.css",
    );
    assert_eq!(errors.len(), 3, "{text}");

    // Written in lower case, the same site builds.
    fs::rename(
        site.root().join("content/Tin-Tuc-Moi"),
        site.root().join("content/tin-tuc-moi"),
    )
    .unwrap();
    fs::remove_file(site.root().join("content/tai-lieu/Bao-Cao.pdf")).unwrap();
    fs::remove_file(site.root().join("content/Kheo.CSS")).unwrap();
    site.build_ok();
    assert!(site.exists("tin-tuc-moi/bang-ke.pdf"));
}

#[test]
fn a_theme_saved_on_windows_gives_the_same_site_as_one_saved_with_lf() {
    let base = kheo::theme::embedded("templates/404.html").unwrap();
    let template = std::str::from_utf8(base.bytes).unwrap().replace(
        "{% endblock content %}",
        "<p class=\"windows\">{{ t.search }}</p>\n{% endblock content %}",
    );
    assert!(
        template.contains("class=\"windows\""),
        "404.html has a content block"
    );
    let i18n = "# Lời trên giao diện\nstrings:\n  search: Tìm bài viết\n";
    let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));

    let build = |template: &str, i18n: &str| {
        let site = Site::with_config(
            &crate::harness::SITE_YAML.replace("page_size: 2", "page_size: 2\ntheme: tinh"),
        );
        pair(&site, "a", "2024-01-01", "Bài A", "Article A");
        site.file("themes/tinh/templates/404.html", template);
        site.file("themes/tinh/i18n/vi.yaml", i18n);
        site.build_ok();
        (snapshot(&site), site)
    };
    let (lf, lf_site) = build(&template, i18n);
    let (windows, _) = build(&crlf(&template), &crlf(i18n));
    assert!(
        lf_site
            .read("404.html")
            .contains("<p class=\"windows\">Tìm bài viết</p>"),
        "the override is used"
    );
    assert!(lf == windows, "CRLF and a BOM change nothing in the output");
    assert!(
        windows
            .iter()
            .filter(|(f, _)| f.ends_with(".html"))
            .all(|(_, bytes)| !bytes.contains(&b'\r')),
        "no page carries a CR"
    );
}
