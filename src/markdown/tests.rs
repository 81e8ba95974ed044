//! Tests of Markdown rendering: the rewrite, its safety rules and summaries.

use super::*;
use crate::markdown::summary::truncate_words;

struct Site;
impl Resolver for Site {
    fn link(&self, dest: &str) -> Resolution {
        match dest {
            "../mo-hinh/lai-xa.md" => Resolution::Url("/mo-hinh/lai-xa/".into()),
            "../mo-hinh/lai-xa.md#ket-qua" => Resolution::Url("/mo-hinh/lai-xa/#ket-qua".into()),
            d if d.ends_with(".md") => Resolution::Missing(format!("no article at `{d}`")),
            _ => Resolution::Unchanged,
        }
    }
    fn image(&self, src: &str) -> Resolution {
        match src {
            "missing.png" => Resolution::Missing("no file".into()),
            "hong.jpg" => Resolution::Broken("not a valid JPEG".into()),
            "anh.jpg" => Resolution::Picture(Picture {
                src: "/tin-tuc/anh.1024.ab.jpg".into(),
                srcset: Some("/tin-tuc/anh.320.ab.jpg 320w, /tin-tuc/anh.1024.ab.jpg 1024w".into()),
                sizes: Some("100vw".into()),
                size: Some((1024, 768)),
            }),
            // Like the site's resolver: a URL with a scheme stays as written.
            s if s.contains(':') => Resolution::Unchanged,
            _ => Resolution::Url(format!("/tin-tuc/{src}")),
        }
    }
}

const LABELS: Labels = Labels {
    task_done: "đã xong",
    task_todo: "chưa xong",
    footnotes: "Chú thích",
    back_to_text: "Trở lại bài",
    table: "Bảng số liệu",
};

fn html(md: &str) -> String {
    render(md, Settings::default(), &Site, &LABELS).html
}

#[test]
fn headings_get_unique_ids_and_explicit_ids_win() {
    let r = render(
        "## Kết quả\n\n## Kết quả\n\n### Bài học {#bai-hoc-rieng}\n",
        Settings::default(),
        &Site,
        &LABELS,
    );
    assert!(
        r.html.contains("<h2 id=\"ket-qua\">Kết quả</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"ket-qua-1\">"), "{}", r.html);
    assert!(r.html.contains("<h3 id=\"bai-hoc-rieng\">"), "{}", r.html);
    assert_eq!(r.headings.len(), 3);
    assert_eq!(r.headings[0].text, "Kết quả");
}

#[test]
fn lone_image_becomes_a_figure_with_caption() {
    let h = html("![Đường bê tông](duong.svg \"Đường nội đồng ở Lại Xá\")\n");
    assert!(
        h.contains(
            "<figure class=\"figure\"><img src=\"/tin-tuc/duong.svg\" alt=\"Đường bê tông\""
        ),
        "{h}"
    );
    assert!(
        h.contains("<figcaption>Đường nội đồng ở Lại Xá</figcaption></figure>"),
        "{h}"
    );
    assert!(
        !h.contains("<p>"),
        "a figure must not sit inside a paragraph: {h}"
    );
}

#[test]
fn photos_get_their_variants_size_and_lazy_loading() {
    let h = html("![Hội nghị](anh.jpg \"Quang cảnh\")\n");
    assert_eq!(
        h,
        "<figure class=\"figure\"><img src=\"/tin-tuc/anh.1024.ab.jpg\" alt=\"Hội nghị\" srcset=\"/tin-tuc/anh.320.ab.jpg 320w, /tin-tuc/anh.1024.ab.jpg 1024w\" sizes=\"100vw\" width=\"1024\" height=\"768\" loading=\"lazy\" decoding=\"async\"><figcaption>Quang cảnh</figcaption></figure>\n"
    );
}

#[test]
fn missing_and_broken_images_are_told_apart() {
    let r = render(
        "![a](missing.png)\n\nXem ![b](hong.jpg).\n",
        Settings::default(),
        &Site,
        &LABELS,
    );
    let kinds: Vec<ProblemKind> = r.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::MissingImage, ProblemKind::BrokenImage]);
    assert_eq!(r.problems[1].offset, 23, "at the reference");
    assert!(
        r.html.contains("<img src=\"hong.jpg\" alt=\"b\" loading"),
        "{}",
        r.html
    );
}

#[test]
fn inline_image_stays_inline() {
    let h = html("Xem ![icon](i.png) ở đây\n");
    assert!(h.starts_with("<p>Xem <img src=\"/tin-tuc/i.png\""), "{h}");
    assert!(!h.contains("<figure"));
}

#[test]
fn links_to_sources_resolve_and_missing_ones_are_reported() {
    let r = render(
        "Xem [Lại Xá](../mo-hinh/lai-xa.md) và [kết quả](../mo-hinh/lai-xa.md#ket-qua), [cũ](../x.md), [web](https://example.vn/).\n",
        Settings::default(),
        &Site,
        &LABELS,
    );
    assert!(r.html.contains("href=\"/mo-hinh/lai-xa/\""));
    assert!(r.html.contains("href=\"/mo-hinh/lai-xa/#ket-qua\""));
    assert!(r.html.contains("href=\"https://example.vn/\""));
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].message, "no article at `../x.md`");
}

#[test]
fn raw_html_passes_or_is_escaped() {
    let md = "<div class=\"x\">a</div>\n\nText <b>bold</b>\n";
    assert!(html(md).contains("<b>bold</b>"));
    let strict = Settings {
        raw_html: false,
        ..Settings::default()
    };
    let h = render(md, strict, &Site, &LABELS).html;
    assert!(h.contains("&lt;b&gt;bold&lt;/b&gt;"), "{h}");
    assert!(!h.contains("<div class"), "{h}");
}

#[test]
fn code_is_highlighted_with_classes() {
    let h = html("```yaml\nroads_km: 2.8\n```\n");
    assert!(
        h.starts_with("<pre class=\"code hl-code\"><code class=\"language-yaml\">"),
        "{h}"
    );
    assert!(h.contains("hl-"), "{h}");
    assert!(!h.contains("style="));
    let plain = html("```\n<b>x</b>\n```\n");
    assert!(plain.contains("&lt;b&gt;x&lt;/b&gt;"), "{plain}");
    assert!(plain.starts_with("<pre class=\"code\">"), "{plain}");
}

#[test]
fn several_tables_get_numbered_names() {
    let h = html("| a | b |\n|---|---|\n| 1 | 2 |\n\ntext\n\n| c |\n|---|\n| 3 |\n");
    assert!(h.contains("aria-label=\"Bảng số liệu 1\""), "{h}");
    assert!(h.contains("aria-label=\"Bảng số liệu 2\""), "{h}");
}

#[test]
fn tables_strikethrough_and_tasks() {
    let h = html("| Năm | km |\n|---|--:|\n| 2016 | 2,8 |\n\n~~cũ~~\n\n- [x] xong\n- [ ] chưa\n");
    assert!(
        h.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Bảng số liệu\"><table>"),
        "{h}"
    );
    assert!(h.contains("<del>cũ</del>"));
    assert!(
        h.contains("<input type=\"checkbox\" disabled checked aria-label=\"đã xong\">"),
        "{h}"
    );
    assert!(h.contains("aria-label=\"chưa xong\""));
}

#[test]
fn footnotes_are_numbered_linked_and_collected() {
    let h = html(
        "Theo hướng dẫn[^hd] và thông báo[^tb].\n\n[^tb]: Thông báo 1581-TB/TU.\n[^hd]: Hướng dẫn 80-HD/BDVTW.\n\n## Sau\n",
    );
    assert!(
        h.contains("<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"),
        "{h}"
    );
    let notes = h.find("<section class=\"footnotes\"").unwrap();
    assert!(
        h.find("<h2 id=\"sau\">").unwrap() < notes,
        "notes come last: {h}"
    );
    let first = h.find("<li id=\"fn-1\">").unwrap();
    let second = h.find("<li id=\"fn-2\">").unwrap();
    assert!(first < second);
    assert!(h[first..second].contains("80-HD/BDVTW"), "{h}");
    assert!(
        h.contains("<a href=\"#fnref-1\" class=\"footnote-back\""),
        "{h}"
    );
}

#[test]
fn plain_text_for_search() {
    let r = render(
        "# Tiêu đề\n\nĐoạn *một*.\n\n- mục\n",
        Settings::default(),
        &Site,
        &LABELS,
    );
    assert_eq!(r.text, "Tiêu đề Đoạn một. mục");
}

#[test]
fn summary_is_the_first_real_paragraph() {
    let md = "![ảnh](a.png)\n\n## Đề mục\n\n> trích\n\nĐoạn **đầu** tiên\nvới [liên kết](x).\n\nĐoạn hai.\n";
    assert_eq!(
        summary(md, Settings::default(), 300),
        "Đoạn đầu tiên với liên kết."
    );
    assert_eq!(summary("", Settings::default(), 300), "");
}

proptest::proptest! {
    /// The event rewrite (figures, footnotes, headings, tables) never panics
    /// and always closes the footnotes it opens.
    #[test]
    fn rendering_never_panics(md in "([\\[\\]()!#*_`~>|\\-:^{}\n a-z0-9]|\\[\\^[a-z]\\]|\\[\\^a\\]: |!\\[a\\]\\(b\\.png \"c\"\\)|```yaml\n|- \\[x\\] ){0,60}") {
        let r = render(&md, Settings::default(), &Site, &LABELS);
        proptest::prop_assert_eq!(r.html.matches("<section class=\"footnotes\"").count(), r.html.matches("</ol>\n</section>").count());
        let _ = summary(&md, Settings::default(), 50);
    }
}

const STRICT: Settings = Settings {
    raw_html: false,
    smart_punctuation: false,
};

fn errors(r: &Rendered) -> Vec<&'static str> {
    r.problems
        .iter()
        .filter_map(|p| match p.kind {
            ProblemKind::Error(code) => Some(code),
            _ => None,
        })
        .collect()
}

/// A site whose theme uses the ids `main` and `top`.
struct Themed;
impl Resolver for Themed {
    fn link(&self, dest: &str) -> Resolution {
        Site.link(dest)
    }
    fn image(&self, src: &str) -> Resolution {
        Site.image(src)
    }
    fn reserved_id(&self, id: &str) -> bool {
        matches!(id, "main" | "top")
    }
}

#[test]
fn links_that_run_script_are_errors_however_written() {
    for md in [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript&#x3A;alert(1))",
        "[x](java&#9;script:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x]( javascript:alert(1) \"t\")",
        "[x](&#1;javascript:alert(1))",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[r]\n\n[r]: <vbscript:msgbox(1)>",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:image/png;base64,iVBOR)",
        "Xem[^1].\n\n[^1]: [y](javascript:alert(1))",
        "| a |\n|---|\n| [x](javascript:alert(1)) |",
        "## [x](javascript:alert(1))",
    ] {
        for settings in [STRICT, Settings::default()] {
            let r = render(md, settings, &Site, &LABELS);
            assert!(errors(&r).contains(&"unsafe-url"), "{md}: {:?}", r.problems);
            // The address is gone; its text may stay, as text.
            let lower = r.html.to_ascii_lowercase();
            assert!(lower.contains("href=\"\""), "{md}: {}", r.html);
            for bad in [
                "=\"javascript",
                "=\"java",
                "=\"vbscript",
                "=\"data:",
                "=\"%01",
            ] {
                assert!(!lower.contains(bad), "{md}: {}", r.html);
            }
        }
    }
    let ok = render(
        "[a](https://x.vn/) [b](mailto:a@b.vn) [c](tel:+84) [d](#ket-qua) [e](../mo-hinh/lai-xa.md) <https://x.vn>",
        STRICT,
        &Site,
        &LABELS,
    );
    assert!(errors(&ok).is_empty(), "{:?}", ok.problems);
}

#[test]
fn pictures_must_be_local_and_harmless() {
    for (md, code) in [
        ("![a](javascript:alert(1))", "unsafe-url"),
        ("![a](data:image/svg+xml;base64,PHN2Zz4=)", "unsafe-url"),
        ("![a](data:text/html,x)", "unsafe-url"),
        ("![a](https://other.host/x.jpg)", "remote-image"),
        (
            "![a](http://other.host/x.jpg \"Chú thích\")",
            "remote-image",
        ),
        ("Xem ![a](//other.host/x.jpg) nhé", "remote-image"),
        (r"![a](\\\\other.host\x.jpg)", "remote-image"),
        ("![a][r]\n\n[r]: https://other.host/x.jpg", "remote-image"),
    ] {
        for settings in [STRICT, Settings::default()] {
            let r = render(md, settings, &Site, &LABELS);
            assert_eq!(errors(&r), [code], "{md}");
            assert!(
                !r.html.contains("other.host")
                    && !r.html.contains("script")
                    && !r.html.contains("data:"),
                "{md}: {}",
                r.html
            );
        }
    }
    let r = render(
        "![a](data:image/png;base64,iVBORw0KGgo=) ![b](anh.jpg) [ảnh gốc](https://other.host/x.jpg)",
        STRICT,
        &Site,
        &LABELS,
    );
    assert!(errors(&r).is_empty(), "{:?}", r.problems);
    assert!(
        r.html
            .contains("src=\"data:image/png;base64,iVBORw0KGgo=\""),
        "{}",
        r.html
    );
}

#[test]
fn heading_attributes_are_an_id_and_classes() {
    let md = "## Kết quả {#ket-qua .noi-bat onclick=alert(1) style=color:red}\n";
    let r = render(md, STRICT, &Site, &LABELS);
    assert_eq!(errors(&r), ["heading-attribute", "heading-attribute"]);
    assert_eq!(
        r.html,
        "<h2 id=\"ket-qua\" class=\"noi-bat\">Kết quả</h2>\n"
    );
    // Where raw HTML is allowed, other attributes pass, if they are attributes.
    let r = render(
        "## A {data-muc=1}\n\n## B {a\"b=1}\n",
        Settings::default(),
        &Site,
        &LABELS,
    );
    assert_eq!(errors(&r), ["heading-attribute"]);
    assert!(
        r.html.contains("<h2 id=\"a\" data-muc=\"1\">"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("a&quot;b"), "{}", r.html);
    for bad in ["{#a\"b}", "{#kết-quả}", "{.x\"y}", "{.a&b}"] {
        let r = render(
            &format!("## T {bad}\n"),
            Settings::default(),
            &Site,
            &LABELS,
        );
        assert_eq!(errors(&r).len(), 1, "{bad}: {:?}", r.problems);
        assert!(
            !r.html.contains("&quot;") && !r.html.contains("&lt;") && !r.html.contains("&gt;"),
            "{bad}: {}",
            r.html
        );
        assert!(r.html.starts_with("<h2 id=\"t\""), "{bad}: {}", r.html);
    }
}

#[test]
fn ids_never_collide_with_the_theme_or_each_other() {
    let r = render(
        "## Main\n\n## Top\n\n## X {#main}\n\n## Y {#y}\n\n## Z {#y}\n\n## W {#fn-1}\n\n## Fn 1\n\nA[^a].\n\n[^a]: N.\n",
        Settings::default(),
        &Themed,
        &LABELS,
    );
    assert_eq!(errors(&r), ["id", "id", "id"], "{:?}", r.problems);
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["main-1", "top-1", "x", "y", "z", "w", "muc-fn-1"]);
    assert!(
        r.problems[0].message.contains("`main`"),
        "{}",
        r.problems[0].message
    );
    assert!(r.problems[1].message.contains("already has the id `y`"));
    assert!(r.problems[2].message.contains("footnotes"));
    // Every id appears once in the page.
    let mut seen = HashSet::new();
    for part in r.html.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap();
        assert!(seen.insert(id.to_owned()), "{id} twice: {}", r.html);
    }
}

#[test]
fn character_references_cannot_write_control_characters() {
    for md in [
        "Tiêu &#1; đề",
        "a &#x7F; b",
        "a &#128; b",
        "`&#0;` is code, but &#11; is not",
        "[x](y.md \"&#27;\")",
        "```&#2;\nx\n```",
        "a &#xFFFE; b",
    ] {
        let r = render(md, STRICT, &Site, &LABELS);
        assert!(
            errors(&r).contains(&"control-char"),
            "{md}: {:?} {:?}",
            r.problems,
            r.html
        );
    }
    // In inline HTML the reference is text, read by Markdown either way.
    assert_eq!(
        errors(&render("a <b>&#2;</b>", STRICT, &Site, &LABELS)),
        ["control-char"]
    );
    let raw = render("<div>&#2;</div>\n", Settings::default(), &Site, &LABELS);
    assert_eq!(errors(&raw), ["control-char"]);
    // An escaped HTML block shows the reference as text, which is harmless.
    assert!(errors(&render("<div>&#2;</div>\n", STRICT, &Site, &LABELS)).is_empty());
    let fine = render("&#233; &#x1EA1; &amp; &#9; &#10;", STRICT, &Site, &LABELS);
    assert!(errors(&fine).is_empty(), "{:?}", fine.problems);
}

#[test]
fn truncation_on_word_boundary() {
    assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
    assert_eq!(truncate_words("ngắn", 9), "ngắn");
}

#[test]
fn heading_id_problems_are_told_in_vietnamese() {
    let r = crate::messages::scoped(crate::messages::Lang::Vi, || {
        render(
            "## Y {#y}\n\n## Z {#y}\n\n## A {#a/b}\n",
            Settings::default(),
            &Themed,
            &LABELS,
        )
    });
    assert_eq!(errors(&r), ["id", "id"], "{:?}", r.problems);
    assert_eq!(
        r.problems[0].message,
        "một đề mục khác của bài đã dùng mã (id) `y`"
    );
    assert_eq!(
        r.problems[0].hint.as_deref(),
        Some("đặt cho mỗi đề mục một mã riêng")
    );
    assert_eq!(r.problems[1].hint.as_deref(), Some("viết `{#a-b}`"));
}
