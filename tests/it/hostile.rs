//! Nothing injected, output always well-formed (issue 14, classes 2 and 3):
//! script written by an editor never reaches a page when raw HTML is off,
//! nothing loads from other hosts, control characters are errors at their
//! place, ids and generated files never collide, figures keep their digits.

use std::fs;

use kheo::diag::Diagnostic;

use crate::harness::{SITE_YAML, Site, contains, lacks, render};

fn strict_site() -> Site {
    Site::with_config(&format!("{SITE_YAML}markdown: {{raw_html: false}}\n"))
}

/// (file, line, column, code) of each error, sorted.
fn places(errors: &[Diagnostic]) -> Vec<(String, usize, usize, &'static str)> {
    let mut p: Vec<_> = errors
        .iter()
        .map(|d| (d.file.clone(), d.line, d.column, d.code))
        .collect();
    p.sort();
    p
}

fn files_with(site: &Site, ext: &str) -> Vec<String> {
    site.listing()
        .into_iter()
        .filter(|f| f.ends_with(ext))
        .collect()
}

/// The tags of an HTML text, as written between `<` and `>` (text and
/// attribute values have `<` and `>` escaped, so this finds every real tag).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|t| t.split('>').next().unwrap_or(t))
        .collect()
}

/// The (name, value) attributes of a tag's text (`a href="x" class=y`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag
        .trim_start_matches(|c: char| !c.is_whitespace())
        .trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, r) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_owned();
            rest = r.trim_start();
        } else {
            rest = rest.trim_start_matches('/').trim_start();
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// An attribute value as a browser reads it: numeric references decoded,
/// tabs, line breaks and leading controls dropped, lower case.
fn as_browser_reads(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("&#") {
        decoded.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(h) => (h, 16),
            None => (after, 10),
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        match u32::from_str_radix(&digits[..end], radix)
            .ok()
            .and_then(char::from_u32)
        {
            Some(c) => decoded.push(c),
            None => decoded.push_str("&#"),
        }
        rest = digits[end..].strip_prefix(';').unwrap_or(&digits[end..]);
    }
    decoded.push_str(rest);
    decoded
        .replace("&colon;", ":")
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Asserts that a page has no script but the theme's, no event attribute
/// and no script URL, in any tag.
#[track_caller]
fn assert_no_script(file: &str, html: &str) {
    for tag in tags(html) {
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let attrs = attributes(tag);
        if name == "script" {
            let src = attrs
                .iter()
                .find(|(n, _)| n == "src")
                .map(|(_, v)| v.as_str());
            assert!(
                src.is_some_and(|s| s.starts_with("/kheo.js?") || s.starts_with("/search.js?")),
                "{file}: a script that is not the theme's: <{tag}>"
            );
        }
        assert!(
            !matches!(
                name.as_str(),
                "iframe" | "object" | "embed" | "base" | "svg" | "math" | "style"
            ),
            "{file}: <{tag}>"
        );
        let refresh = name == "meta" && attrs.iter().any(|(n, _)| n == "http-equiv");
        for (attr, value) in attrs {
            assert!(
                !attr.starts_with("on"),
                "{file}: an event attribute in <{tag}>"
            );
            let url_attribute = matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "srcset"
                    | "action"
                    | "formaction"
                    | "data"
                    | "poster"
                    | "cite"
                    | "background"
                    | "ping"
                    | "xlink:href"
            ) || (refresh && attr == "content");
            if url_attribute {
                let v = as_browser_reads(&value);
                for bad in ["javascript:", "vbscript:", "data:"] {
                    assert!(!v.contains(bad), "{file}: `{bad}` in <{tag}>");
                }
            }
        }
    }
    // Only the theme's own scripts, each empty.
    for (i, _) in html.match_indices("<script") {
        let rest = &html[i..];
        let close = rest.find('>').unwrap();
        assert!(
            rest[close + 1..].starts_with("</script>"),
            "{file}: a script with a body: {}",
            &rest[..rest.len().min(200)]
        );
    }
}

/// Asserts that an XML file of the output is well-formed, to its end.
#[track_caller]
fn assert_well_formed_xml(file: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Text(t)) => {
                t.decode().unwrap();
            }
            Ok(_) => {}
            Err(e) => panic!(
                "{file} is not well-formed XML at byte {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{file}: unclosed elements");
    assert!(
        !text
            .chars()
            .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{fffe}'
                || c == '\u{ffff}'),
        "{file} holds a character XML forbids"
    );
}

/// Every vector of script injection that Markdown with raw HTML off must
/// publish as harmless text (those that are errors are in the next test).
const HOSTILE_FRONT: &str = r#"title: "\"><script>alert('title')</script><img src=x onerror=alert(1)>"
date: 2024-03-01
author: "<svg onload=alert('author')>"
summary: "</description><script>alert('feed')</script>]]><x y=\"&"
tags: ["<script>alert(1)</script>", "\" onmouseover=\"alert(1)", "javascript:alert(1)"]
image: anh.svg
image_caption: "\" onerror=\"alert(1)"
extra:
  note: "<script>alert('extra')</script>""#;

const HOSTILE_BODY: &str = r#"
<script>alert('raw')</script>

<img src=x onerror=alert('img')>

<svg onload=alert('svg')><circle/></svg>

<a href="jav&#x09;ascript:alert('a')">raw link</a> and <a href="javascript:alert(1)">x</a>

<iframe src="javascript:alert(1)"></iframe><object data="javascript:alert(1)"></object>

<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>

<details open ontoggle=alert(1)>x</details> <base href="javascript:alert(1)//">

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

<form action="javascript:alert(1)"><button>go</button></form>

<!-- <script>alert('comment')</script> -->

Inline <b onclick=alert(1)>bold</b> and `<script>alert('code')</script>` and &lt;script&gt;.

A [link with a quoted title](https://example.vn/ "a\" onmouseover=\"alert(1)") and
[another](https://example.vn/ 'b" onfocus="alert(1)') and [third](https://example.vn/ (c" autofocus onfocus="alert(1)))
and <https://example.vn/"onmouseover="alert(1)> and <mailto:a"onclick="x@y.vn>.

![" onerror="alert(1)](anh.svg "caption\" onload=\"alert(1)")

Inline picture ![x" onerror="alert(1)](anh.svg 't" onload="alert(1)') here.

## Heading {#an-toan .noi-bat}

## <img src=x onerror=alert(1)> in a heading

Footnote[^"><script>alert(1)</script>] and another[^x" onclick="y].

[^"><script>alert(1)</script>]: <script>alert('note')</script> text.
[^x" onclick="y]: [y](https://example.vn/ "z\" onclick=\"alert(1)")

| <script>alert(1)</script> | a |
|---|:-:|
| <img src=x onerror=alert(1)> | [t](https://example.vn/ "\"onclick=\"x") |

```"><script>alert('fence')</script>
code
```

``` onclick=alert(1)
code
```

~~~ {.x onclick=alert(1)}
code
~~~

- [x] <script>alert('task')</script>
"#;

#[test]
fn a_hostile_article_publishes_no_script_and_valid_feeds() {
    let site = strict_site();
    site.article("tin-tuc/hiem.md", HOSTILE_FRONT, HOSTILE_BODY);
    site.article(
        "tin-tuc/hiem.en.md",
        HOSTILE_FRONT,
        "Text <script>alert(1)</script>.\n",
    );
    site.file(
        "content/tin-tuc/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"><title>Ảnh</title><rect width=\"4\" height=\"3\"/></svg>",
    );
    site.build_ok();
    let html = files_with(&site, ".html");
    assert!(html.len() > 10, "{html:?}");
    for file in &html {
        assert_no_script(file, &site.read(file));
    }
    let article = site.read("tin-tuc/hiem/index.html");
    // The raw HTML is there, as text.
    contains(&article, "&lt;script&gt;alert('raw')&lt;/script&gt;");
    contains(&article, "&lt;img src=x onerror=alert('img')&gt;");
    lacks(&article, "<script>");
    lacks(&article, "<svg onload");
    contains(&article, "<h2 id=\"an-toan\" class=\"noi-bat\">");
    let xml = files_with(&site, ".xml");
    assert!(
        xml.contains(&"rss.xml".to_owned()) && xml.contains(&"sitemap.xml".to_owned()),
        "{xml:?}"
    );
    for file in &xml {
        let text = site.read(file);
        assert_well_formed_xml(file, &text);
        lacks(&text, "<script");
    }
    for file in files_with(&site, ".json") {
        serde_json::from_str::<serde_json::Value>(&site.read(&file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

#[test]
fn script_urls_pictures_elsewhere_and_heading_attributes_are_errors() {
    let site = strict_site();
    site.file(
        "content/tin-tuc/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        concat!(
            "[a](javascript:alert(1))\n",                   // 5
            "[b](JaVaScRiPt:alert(1))\n",                   // 6
            "[c](&#106;avascript:alert(1))\n",              // 7
            "[d](java&#9;script:alert(1))\n",               // 8
            "<javascript:alert(1)>\n",                      // 9
            "[e][r]\n",                                     // 10
            "\n",                                           // 11
            "[r]: vbscript:msgbox(1)\n",                    // 12
            "[f](data:text/html;base64,PHNjcmlwdD4=)\n",    // 13
            "\n",                                           // 14
            "![g](data:image/svg+xml;base64,PHN2Zz4=)\n",   // 15
            "\n",                                           // 16
            "![h](https://other.host/x.jpg)\n",             // 17
            "\n",                                           // 18
            "Xem ![i](//other.host/x.jpg).\n",              // 19
            "\n",                                           // 20
            "## T {onclick=alert(1)}\n",                    // 21
            "\n",                                           // 22
            "## U {#a\"b}\n",                               // 23
            "\n",                                           // 24
            "[ok](https://other.host/x.jpg) ![ok](anh.svg) ![ok](data:image/png;base64,iVBORw0KGgo=)\n",
        ),
    );
    let before = site.listing();
    let errors = site.build_err();
    let lines: Vec<(usize, usize, &str)> = places(&errors)
        .into_iter()
        .map(|(_, l, c, code)| (l, c, code))
        .collect();
    assert_eq!(
        lines,
        [
            (5, 1, "unsafe-url"),
            (6, 1, "unsafe-url"),
            (7, 1, "unsafe-url"),
            (8, 1, "unsafe-url"),
            (9, 1, "unsafe-url"),
            (10, 1, "unsafe-url"),
            (13, 1, "unsafe-url"),
            (15, 1, "unsafe-url"),
            (17, 1, "remote-image"),
            (19, 5, "remote-image"),
            (21, 1, "heading-attribute"),
            (23, 1, "id"),
        ],
        "{}",
        render(&errors)
    );
    contains(
        &render(&errors),
        "content/tin-tuc/a.md:5:1: error: the link to `javascript:alert(1)` cannot be published",
    );
    assert_eq!(site.listing(), before, "nothing written");
    // `kheo check` finds the same, writing nothing.
    let checked: Vec<Diagnostic> = kheo::check(&kheo::CheckOptions {
        root: site.root().to_path_buf(),
        strict: false,
    })
    .into_iter()
    .filter(Diagnostic::is_error)
    .collect();
    assert_eq!(places(&checked), places(&errors));
}

/// The checks above would see what they look for.
#[test]
fn the_output_checks_catch_script() {
    let caught = |html: &str| std::panic::catch_unwind(|| assert_no_script("x", html)).is_err();
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<p><a href=\"jav&#x09;ascript:alert(1)\">x</a></p>",
        "<a href='JavaScript:x'>",
        "<img src=\"data:image/svg+xml,x\">",
        "<svg onload=alert(1)>",
        "<script>alert(1)</script>",
        "<script src=\"https://evil.vn/x.js\"></script>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<h2 id=\"x\" onclick=\"y\">",
    ] {
        assert!(caught(bad), "missed: {bad}");
    }
    assert!(!caught(
        "<p title=\"javascript:x\">&lt;script&gt;</p><script src=\"/kheo.js?v=1\" defer></script>"
    ));
    let bad_xml =
        |xml: &str| std::panic::catch_unwind(|| assert_well_formed_xml("x", xml)).is_err();
    assert!(bad_xml("<rss><title>a</rss>"));
    assert!(bad_xml("<rss>\u{1}</rss>"));
    assert!(bad_xml("<rss><title>&</title></rss>"));
    assert!(!bad_xml(
        "<?xml version=\"1.0\"?><rss><title>a &amp; b</title></rss>"
    ));
}

#[test]
fn covers_on_other_hosts_are_errors_whatever_the_raw_html_setting() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\nimage: https://other.host/a.jpg",
        "x\n",
    );
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-01\nimage: //other.host/b.jpg",
        "x\n",
    );
    site.article(
        "tin-tuc/c.md",
        "title: C\ndate: 2024-01-01\nimage: \"javascript:alert(1)\"",
        "x\n",
    );
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [
            ("content/tin-tuc/a.md".to_owned(), 4, 8, "remote-image"),
            ("content/tin-tuc/b.md".to_owned(), 4, 8, "remote-image"),
            ("content/tin-tuc/c.md".to_owned(), 4, 8, "remote-image"),
        ],
        "{}",
        render(&errors)
    );
    contains(
        &render(&errors),
        "`javascript:alert(1)` is not a picture file of the site",
    );
    // Pictures in the body too, with raw HTML allowed (the default).
    let site = Site::new();
    site.article(
        "tin-tuc/d.md",
        "title: D\ndate: 2024-01-01",
        "![x](https://other.host/d.jpg)\n",
    );
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [("content/tin-tuc/d.md".to_owned(), 5, 1, "remote-image")],
        "{}",
        render(&errors)
    );
}

#[test]
fn svg_and_web_pages_that_can_run_script_are_errors_without_raw_html() {
    let files = [
        (
            "content/tin-tuc/a.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script>\n</svg>",
        ),
        (
            "content/tin-tuc/b.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
        (
            "content/c.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
        ),
        (
            "content/d.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"/></foreignObject></svg>",
        ),
        ("content/e.html", "<script>alert(1)</script>"),
        (
            "content/ok.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>ok</title></svg>",
        ),
        (
            "themes/default/static/t.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>",
        ),
    ];
    let strict = strict_site();
    let open = Site::new();
    for (rel, text) in files {
        strict.file(rel, text);
        open.file(rel, text);
    }
    pair(&strict);
    pair(&open);
    let errors = strict.build_err();
    assert_eq!(
        places(&errors),
        [
            ("content/c.svg".to_owned(), 1, 41, "file-script"),
            ("content/d.svg".to_owned(), 1, 41, "file-script"),
            ("content/e.html".to_owned(), 1, 1, "file-script"),
            ("content/tin-tuc/a.svg".to_owned(), 2, 1, "file-script"),
            ("content/tin-tuc/b.svg".to_owned(), 1, 1, "file-script"),
            (
                "themes/default/static/t.svg".to_owned(),
                1,
                41,
                "file-script"
            ),
        ],
        "{}",
        render(&errors)
    );
    contains(
        &render(&errors),
        "content/tin-tuc/a.svg:2:1: error: this file can run a script in the reader's browser: it has a `<script>` element",
    );
    // Where editors may publish raw HTML, they may publish these too.
    open.build_ok();
    assert!(open.exists("tin-tuc/a.svg") && open.exists("e.html"));
}

fn pair(site: &Site) {
    crate::harness::pair(site, "a", "2024-01-01", "Bài A", "Article A");
}

#[test]
fn the_demo_pictures_pass_the_script_check() {
    let site = strict_site();
    pair(&site);
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&demo)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(&demo)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".svg") {
            site.bytes(&format!("content/{rel}"), &fs::read(entry.path()).unwrap());
            count += 1;
        }
    }
    assert!(count >= 4, "{count}");
    site.build_ok();
}

#[test]
fn control_characters_are_errors_where_they_are_written() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: \"Tiêu đề \\x00\"\ndate: 2024-01-01\nauthor: Ban\u{7}Dân vận",
        "Đoạn một.\n\nCó ký tự\u{0} NUL.\n\nVà &#27; ESC, \u{85} và \u{ffff}.\n",
    );
    site.file(
        "content/tin-tuc/_section.yaml",
        "title: {vi: \"Tin\\u0007 tức\", en: News}\n",
    );
    site.file(
        "content/teams/t.yaml",
        "name: {vi: \"Tổ\u{1b}\", en: Team}\nregion: [Hải Dương]\n",
    );
    site.file("content/regions/r.yaml", "name: \"Hải \\e Dương\"\n");
    site.file(
        "content/tags.yaml",
        "\"Dân vận\": \"Mass \\N mobilization\"\n",
    );
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [
            ("content/regions/r.yaml".to_owned(), 1, 12, "control-char"),
            ("content/tags.yaml".to_owned(), 1, 18, "control-char"),
            ("content/teams/t.yaml".to_owned(), 1, 15, "control-char"),
            (
                "content/tin-tuc/_section.yaml".to_owned(),
                1,
                17,
                "control-char"
            ),
            ("content/tin-tuc/a.md".to_owned(), 4, 12, "control-char"),
            ("content/tin-tuc/a.md".to_owned(), 8, 9, "control-char"),
            ("content/tin-tuc/a.md".to_owned(), 10, 15, "control-char"),
        ],
        "{}",
        render(&errors)
    );
    contains(&render(&errors), "U+0000 (NUL)");
    contains(&render(&errors), "U+0007 (BEL)");
    // Once the raw ones are gone, the escape is found too.
    site.article(
        "tin-tuc/a.md",
        "title: \"Tiêu đề \\x00\"\ndate: 2024-01-01",
        "x\n",
    );
    let errors = site.build_err();
    let ours: Vec<_> = places(&errors)
        .into_iter()
        .filter(|p| p.0.ends_with(".md"))
        .collect();
    assert_eq!(
        ours,
        [("content/tin-tuc/a.md".to_owned(), 2, 17, "control-char")],
        "{}",
        render(&errors)
    );
    // A character reference in the body (found when the body is rendered).
    let site = Site::new();
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-01",
        "Và &#27; ESC.\n",
    );
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [("content/tin-tuc/b.md".to_owned(), 5, 4, "control-char")],
        "{}",
        render(&errors)
    );
}

#[cfg(unix)]
#[test]
fn a_control_character_in_a_file_name_is_an_error() {
    let site = Site::new();
    pair(&site);
    site.file(
        "content/tin\u{1}tuc/b.md",
        "---\ntitle: B\ndate: 2024-01-01\n---\nx\n",
    );
    site.file("content/tin-tuc/a\u{7f}.jpg", "x");
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [
            ("content/tin-tuc/a?.jpg".to_owned(), 1, 1, "control-char"),
            ("content/tin?tuc/b.md".to_owned(), 1, 1, "control-char"),
        ],
        "{}",
        render(&errors)
    );
}

#[test]
fn a_control_character_in_site_yaml_stops_the_build_at_its_place() {
    let site = Site::with_config(&SITE_YAML.replace("Dân biết, dân bàn", "Dân biết,\u{8} dân bàn"));
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [("content/site.yaml".to_owned(), 5, 16, "control-char")],
        "{}",
        render(&errors)
    );
}

#[test]
fn author_ids_never_collide_with_the_themes() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        "## Main\n\n## Top\n\nXem [đầu trang](#top) và [mục](#main-1).\n",
    );
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-01",
        "## Phần {#main}\n\n## Khác {#top}\n\n## Ba {#search-q}\n",
    );
    let errors = site.build_err();
    assert_eq!(
        places(&errors),
        [
            ("content/tin-tuc/b.md".to_owned(), 5, 1, "id"),
            ("content/tin-tuc/b.md".to_owned(), 7, 1, "id"),
            ("content/tin-tuc/b.md".to_owned(), 9, 1, "id"),
        ],
        "{}",
        render(&errors)
    );
    contains(
        &render(&errors),
        "the id `main` is already used by the page around the article",
    );
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-01",
        "## Phần {#phan-chinh}\n",
    );
    site.build_ok();
    let page = site.read("tin-tuc/a/index.html");
    contains(&page, "<h2 id=\"main-1\">Main</h2>");
    contains(&page, "<h2 id=\"top-1\">Top</h2>");
    for id in ["main", "top", "main-1", "top-1"] {
        assert_eq!(page.matches(&format!(" id=\"{id}\"")).count(), 1, "{id}");
    }
}

#[test]
fn content_files_never_replace_the_files_kheo_writes() {
    let site = Site::new();
    pair(&site);
    for rel in [
        "kheo.css",
        "kheo.js",
        "syntax.css",
        "search.js",
        "favicon.svg",
        "rss.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "search-index.vi.json",
        "so-lieu/so-lieu.csv",
        "tin-tuc/a/index.html",
    ] {
        site.file(&format!("content/{rel}"), "x");
    }
    let errors = site.build_err();
    let files: Vec<String> = places(&errors).into_iter().map(|p| p.0).collect();
    assert_eq!(
        files,
        [
            "content/404.html",
            "content/favicon.svg",
            "content/kheo.css",
            "content/kheo.js",
            "content/robots.txt",
            "content/rss.xml",
            "content/search-index.vi.json",
            "content/search.js",
            "content/sitemap.xml",
            "content/so-lieu/so-lieu.csv",
            "content/syntax.css",
            "content/tin-tuc/a/index.html",
        ],
        "{}",
        render(&errors)
    );
    let all = render(&errors);
    contains(
        &all,
        "content/kheo.css:1:1: error: this file would replace /kheo.css, the theme's file of the same name",
    );
    contains(&all, "put your version in themes/default/static/kheo.css");
    // Through the theme folder, the same file is a theme override.
    let site = Site::new();
    pair(&site);
    site.file("themes/default/static/kheo.css", "body{color:red}");
    site.build_ok();
    contains(
        &fs::read_to_string(site.out().join("kheo.css")).unwrap(),
        "color:red",
    );
}

#[test]
fn figures_keep_every_digit_on_pages_and_in_data() {
    let site = Site::with_config(&format!(
        "{SITE_YAML}  - key: land_ha\n    label: {{vi: Diện tích, en: Area}}\n    decimals: 6\n  - key: people\n    label: {{vi: Lượt người, en: People}}\n"
    ));
    site.file(
        "content/teams/t.yaml",
        "name: {vi: Tổ T, en: Team T}\nregion: [Hải Dương]\nstats:\n  2024: {land_ha: 123456789.123456, people: 12345678901234567890}\n  2025: {land_ha: 1234567890.123457}\n",
    );
    pair(&site);
    site.build_ok();
    let vi = site.read("to-dan-van/t/index.html");
    contains(&vi, "123.456.789,123456");
    contains(&vi, "12.345.678.901.234.567.890");
    contains(&vi, "1.234.567.890,123457");
    let en = site.read("en/teams/t/index.html");
    contains(&en, "123,456,789.123456");
    contains(&en, "12,345,678,901,234,567,890");
    let csv = site.read("so-lieu/so-lieu.csv");
    contains(&csv, ",123456789.123456,");
    contains(&csv, ",12345678901234567890,");
    contains(&csv, ",1234567890.123457,");
    contains(&site.read("so-lieu/so-lieu.json"), "\"1234567890.123457\"");
}
