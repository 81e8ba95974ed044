//! Tests of `import/html_to_md.rs`.

use super::*;

/// Converts, with each reference written back as htmd would.
fn md(html: &str) -> String {
    let c = convert(html);
    finish(&c.markdown, |i| match &c.refs[i] {
        Reference::Image {
            src,
            alt,
            caption,
            link,
        } => {
            let img = if caption.is_empty() {
                format!("![{}]({})", bracket_text(alt), destination(src))
            } else {
                format!(
                    "![{}]({} \"{}\")",
                    bracket_text(alt),
                    destination(src),
                    title_text(caption)
                )
            };
            match link {
                Some(l) => format!("[{img}]({l})"),
                None => img,
            }
        }
        Reference::Link { href } => destination(href),
    })
}

#[test]
fn portal_markup_becomes_plain_markdown() {
    let html = r#"<p align="justify"><span style="font-family:Arial"><span style="font-size:13px"><b> Hội nghị </b>đã diễn ra&nbsp;tại&nbsp;&nbsp;xã.</span></span></p>
<p>&nbsp;</p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p><font face="Times" color="red">Chữ <i>nghiêng</i> và <strong>đậm</strong></font></p>"#;
    assert_eq!(
        md(html),
        "**Hội nghị** đã diễn ra tại xã.\n\nChữ *nghiêng* và **đậm**\n"
    );
}

/// The way most portals caption a photo: a centred paragraph with the
/// picture, then one in italics. A title that only repeats the file's
/// name is no caption.
#[test]
fn a_picture_then_an_italic_paragraph_is_a_captioned_picture() {
    assert_eq!(
        md(
            r#"<p>Mở đầu.</p><p style="text-align: center;" align="center"><a href="/up/Hoi-nghi-DV.jpg"><img title="Hoi nghi" src="/up/Hoi-nghi-DV-300x225.jpg" alt="" /></a></p>
<!-- ảnh --> <p align="center"><em><span style="font-size: 10pt;">Đồng chí Bí thư <b>phát biểu</b></span></em></p><p>Tiếp.</p>"#
        ),
        "Mở đầu.\n\n[![](/up/Hoi-nghi-DV-300x225.jpg \"Đồng chí Bí thư phát biểu\")](/up/Hoi-nghi-DV.jpg)\n\nTiếp.\n"
    );
    // Not a caption: a long italic paragraph, one only partly italic, or none.
    let long = "Chữ nghiêng rất dài. ".repeat(20);
    assert_eq!(
        md(&format!(
            r#"<p><img src="/a.jpg" alt="A"></p><p><em>{long}</em></p>"#
        )),
        format!("![A](/a.jpg)\n\n*{}*\n", long.trim())
    );
    assert_eq!(
        md(r#"<p><img src="/a.jpg" alt="A"></p><p><i>Ảnh:</i> Minh Châu</p>"#),
        "![A](/a.jpg)\n\n*Ảnh:* Minh Châu\n"
    );
    assert_eq!(
        md(r#"<p><img src="/a.jpg" title="Lễ ra mắt tổ"></p><p>Chữ thường.</p>"#),
        "![](/a.jpg \"Lễ ra mắt tổ\")\n\nChữ thường.\n"
    );
}

#[test]
fn br_runs_are_paragraphs_and_one_br_a_line_break() {
    assert_eq!(
        md("<p>Dòng một<br><br><br>Dòng hai<br>Dòng ba<br></p>"),
        "Dòng một\n\nDòng hai\\\nDòng ba\n"
    );
    assert_eq!(md("<div>Một<br/>\n<br/>Hai</div>"), "Một\n\nHai\n");
    assert_eq!(md("<ul><li>Hai<br>tiếp</li></ul>"), "- Hai\\\n  tiếp\n");
}

#[test]
fn lists_headings_quotes_and_strikethrough() {
    let out = md(
        "<h2><b>Kết quả</b></h2><ul><li>Một<ul><li>con</li></ul></li><li>Hai</li></ul><ol><li>Đầu</li><li>Sau</li></ol><blockquote><p>Trích</p></blockquote><p>Giá <del>cũ</del> mới</p>",
    );
    assert_eq!(
        out,
        "## Kết quả\n\n- Một\n  - con\n- Hai\n\n1. Đầu\n2. Sau\n\n> Trích\n\nGiá ~~cũ~~ mới\n"
    );
}

#[test]
fn tables_with_and_without_th() {
    let with_th = md(
        "<table><tr><th>Năm</th><th>Số km</th></tr><tr><td>2016</td><td>2,8 | 3</td></tr></table>",
    );
    assert_eq!(
        with_th,
        "| Năm | Số km |\n| --- | --- |\n| 2016 | 2,8 \\| 3 |\n"
    );
    let bold_first_row = md(
        "<table border=1><tbody><tr><td><b>Năm</b></td><td><p><b>Số vụ</b></p></td></tr><tr><td>2016</td><td colspan=2>6</td></tr></tbody></table>",
    );
    assert_eq!(
        bold_first_row,
        "| **Năm** | **Số vụ** | |\n| --- | --- | --- |\n| 2016 | 6 | |\n"
    );
    // A table that only lays the page out is unwrapped.
    assert_eq!(
        md("<table><tr><td><p>Đoạn một.</p><p>Đoạn hai.</p></td></tr></table>"),
        "Đoạn một.\n\nĐoạn hai.\n"
    );
}

#[test]
fn images_with_their_captions() {
    // figure, WordPress's rendered caption, the portals' one-image table.
    assert_eq!(
        md(
            r#"<figure class="wp-block-image"><img src="/a.jpg" alt="Hội nghị"><figcaption>Quang cảnh <em>hội nghị</em></figcaption></figure>"#
        ),
        "![Hội nghị](/a.jpg \"Quang cảnh hội nghị\")\n"
    );
    assert_eq!(
        md(
            r#"<div class="wp-caption aligncenter"><a href="/a.jpg"><img src="/a-300x200.jpg" alt=""></a><p class="wp-caption-text">Đại biểu "dự" họp</p></div>"#
        ),
        "[![](/a-300x200.jpg \"Đại biểu \\\"dự\\\" họp\")](/a.jpg)\n"
    );
    assert_eq!(
        md(
            r#"<table align="center"><tbody><tr><td><img src="anh/b.jpg" width="400"></td></tr><tr><td><em>Lãnh đạo tỉnh trao giấy khen</em></td></tr></tbody></table>"#
        ),
        "![](anh/b.jpg \"Lãnh đạo tỉnh trao giấy khen\")\n"
    );
    // Images inside links, lazy images, smileys, counters.
    assert_eq!(
        md(
            r#"<p><a href="/bai.html"><img data-src="/c.jpg" src="data:image/gif;base64,R0l" alt="C"></a></p>"#
        ),
        "[![C](/c.jpg)](/bai.html)\n"
    );
    assert_eq!(
        md(r#"<p>Vui <img class="wp-smiley" src="/s.png" alt="🙂"></p>"#),
        "Vui 🙂\n"
    );
    assert_eq!(
        md(r#"<p>Chữ<img src="http://c.statcounter.com/1/0/x/0/" width=1 height=1></p>"#),
        "Chữ\n"
    );
}

#[test]
fn scripts_frames_and_chrome_are_dropped() {
    let c = convert(
        r#"<p>Đầu</p><script>var a = 1;</script><style>p{}</style><noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-1" height="0" width="0" style="display:none"></iframe></noscript><iframe src="https://www.googletagmanager.com/x" width=0 height=0></iframe><form><input name=q><button>Tìm</button></form><nav><a href="/">Trang chủ</a></nav><p>Cuối</p>"#,
    );
    assert_eq!(finish(&c.markdown, |_| String::new()), "Đầu\n\nCuối\n");
    assert!(c.refs.is_empty());
    let video = md(
        r#"<iframe src="https://www.youtube.com/embed/abc" title="Phóng sự" width="560" height="315"></iframe>"#,
    );
    assert_eq!(video, "[Phóng sự](https://www.youtube.com/embed/abc)\n");
}

#[test]
fn word_and_wordpress_footnotes() {
    let word = md(
        r##"<p>Theo báo cáo<a href="#_ftn1" name="_ftnref1"><span class="MsoFootnoteReference">[1]</span></a>.</p><div id="ftn1"><p class="MsoFootnoteText"><a href="#_ftnref1" name="_ftn1">[1]</a> Báo cáo số 12-BC/BDV.</p></div>"##,
    );
    assert_eq!(word, "Theo báo cáo[^1].\n\n[^1]: Báo cáo số 12-BC/BDV.\n");
    let gutenberg = md(
        r##"<p>Câu<sup data-fn="a1" class="fn"><a href="#a1" id="a1-link">1</a></sup> hết.</p><ol class="wp-block-footnotes"><li id="a1">Ghi chú. <a href="#a1-link" aria-label="Quay lại">↩︎</a></li></ol>"##,
    );
    assert_eq!(gutenberg, "Câu[^1] hết.\n\n[^1]: Ghi chú.\n");
    assert_eq!(
        md("<p>Diện tích 200 m<sup>2</sup>, khí CO<sub>2</sub>, ngày 1<sup>st</sup></p>"),
        "Diện tích 200 m², khí CO₂, ngày 1st\n"
    );
}

#[test]
fn links_text_and_markdown_characters() {
    assert_eq!(
        md(
            r##"<p>Xem <a href="/Default.aspx?tabid=85&amp;ID=12">bài <b>trước</b></a> và <a href="#">đây</a>, <a href="javascript:void(0)">in</a>.</p><p>1. Không phải danh sách; a_b *c*</p>"##
        ),
        "Xem [bài **trước**](/Default.aspx?tabid=85&ID=12) và đây, in.\n\n1\\. Không phải danh sách; a\\_b \\*c\\*\n"
    );
}

#[test]
fn nesting_is_estimated_without_parsing() {
    assert_eq!(nesting("<p>Một<p>Hai <b>ba</b><br><img src=x></p>"), 1);
    assert_eq!(nesting("<div><div><span>x</span></div></div>"), 3);
    assert_eq!(nesting("<ul><li>a<ul><li>b</ul></ul>"), 2);
    assert_eq!(nesting("<table><tr><td>1<td>2<tr><td>3</table>"), 1);
    assert_eq!(
        nesting(
            "<!-- <div><div> --><script>if (a<b) { x = '<div>'; }</script><div title=\"a>b\"/>"
        ),
        0
    );
    assert_eq!(nesting("a < b, <3, <<>>, </>"), 0);
    let deep = "<span>".repeat(5000);
    assert_eq!(nesting(&deep), 5000);
}

/// A body nested as deep as may be read converts; deeper is refused at
/// once, before the parser (which slows down with the square of the
/// depth) and the converter (recursive) see it.
#[test]
fn deeply_nested_bodies() {
    for tag in ["span", "div", "b", "blockquote"] {
        let html = format!(
            "{}chữ{}",
            format!("<{tag}>").repeat(MAX_NESTING),
            format!("</{tag}>").repeat(MAX_NESTING)
        );
        assert!(refused(&html).is_none(), "{tag}");
        assert!(convert(&html).markdown.contains("chữ"), "{tag}");
        assert!(plain_text(&html).contains("chữ"), "{tag}");
    }
    for tag in ["span", "div", "font"] {
        let html = format!("<p>{}chữ", format!("<{tag}>").repeat(200_000));
        let why = refused(&html).unwrap();
        assert!(why.contains("about 200000 deep"), "{why}");
        assert_eq!(convert(&html).markdown, "");
        assert_eq!(plain_text(&html), "");
    }
}

/// Script in an article's text never becomes script in its Markdown:
/// elements are dropped, and text that looks like HTML stays text.
#[test]
fn script_in_content_stays_out() {
    let out = md(
        r#"<p>A<script>alert(1)</script>B</p><p>&lt;script&gt;alert(2)&lt;/script&gt;</p><p onclick="alert(3)">C <a href="JaVaScRiPt:alert(4)">bấm</a> <a href=" javascript:alert(5)">hai</a></p><svg><script>alert(6)</script></svg><iframe srcdoc="<script>alert(7)</script>"></iframe><p>&lt;img src=x onerror=alert(8)&gt;</p>"#,
    );
    for bad in [
        "javascript:",
        "JaVaScRiPt",
        "onclick",
        "alert(1)",
        "alert(3)",
        "alert(6)",
        "alert(7)",
    ] {
        assert!(!out.contains(bad), "{bad} in {out}");
    }
    // Every `<` left is escaped: Markdown shows it as the character.
    assert!(
        out.match_indices('<')
            .all(|(i, _)| out[..i].ends_with('\\')),
        "{out}"
    );
    assert!(out.contains("\\<script>alert(2)\\</script>"), "{out}");
    assert!(out.contains("AB"), "{out}");
    assert!(out.contains("bấm"), "{out}");
}

#[test]
fn decomposed_vietnamese_comes_out_precomposed() {
    let nfd = "<p>Da\u{302}n va\u{323}\u{302}n</p>";
    assert_eq!(md(nfd), "Dân vận\n");
}

#[test]
fn plain_text_of_titles_and_summaries() {
    assert_eq!(
        plain_text("Hội nghị &#8220;Dân vận khéo&#8221; &amp; tổng kết"),
        "Hội nghị “Dân vận khéo” & tổng kết"
    );
    assert_eq!(
        plain_text("<p>Một</p><p>Hai<br>ba <b>bốn</b></p>"),
        "Một Hai ba bốn"
    );
    assert_eq!(
        plain_text("  nhiều   khoảng\n trắng "),
        "nhiều khoảng trắng"
    );
}

#[test]
fn tokens_for_every_image_and_link_in_order() {
    let c = convert(r#"<p><a href="a.html">A</a> <img src="b.jpg" alt="B"></p>"#);
    assert_eq!(
        c.refs,
        vec![
            Reference::Link {
                href: "a.html".into()
            },
            Reference::Image {
                src: "b.jpg".into(),
                alt: "B".into(),
                caption: String::new(),
                link: None
            }
        ]
    );
    assert_eq!(finish(&c.markdown, |i| format!("<{i}>")), "[A](<0>) <1>\n");
}
