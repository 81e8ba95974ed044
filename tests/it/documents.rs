//! Documents (`content/van-ban/`, SPEC §1.7): their pages in both
//! languages, citations in articles as links, the citing articles on each
//! document's page, and the errors of their front matter.

use crate::harness::{Site, contains, lacks, render};

const PDF: &[u8] = b"%PDF-1.4\n% kheo test attachment\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Three documents (one replacing another, one with an English
/// translation), and an article citing two of them and one the site lacks.
fn site() -> Site {
    let site = Site::new();
    site.file(
        "content/van-ban/80-hd-bdvtw.md",
        "---\nnumber: 80-HD/BDVTW\nkind: Hướng dẫn\nissuer: Ban Dân vận Trung ương\nsigned: 28/02/2012\neffective: 2012-03-01\ntitle: Về thành lập và hoạt động của Tổ dân vận\nsigner: Nguyễn Văn A\nfile: 80-HD-BDVTW.pdf\nreplaces: [12-HD/BDVTW]\n---\nTóm tắt hướng dẫn.\n",
    );
    site.bytes("content/van-ban/80-HD-BDVTW.pdf", PDF);
    site.file(
        "content/van-ban/80-hd-bdvtw.en.md",
        "---\ntitle: On founding and running village mobilization teams\nissuer: Central Mass Mobilization Commission\n---\nA summary.\n",
    );
    site.file(
        "content/van-ban/12-hd-bdvtw.md",
        "---\nnumber: 12-HD/BDVTW\nkind: Hướng dẫn\nissuer: Ban Dân vận Trung ương\nsigned: 2005-05-10\ntitle: Hướng dẫn cũ về Tổ dân vận\n---\n",
    );
    site.file(
        "content/van-ban/1581-tb-tu.md",
        "---\nnumber: 1581-TB/TU\nkind: Thông báo kết luận\nissuer: Tỉnh ủy Hải Dương\nsigned: 08/07/2015\ntitle: Kết luận của Thường trực Tỉnh ủy về công tác dân vận\n---\n",
    );
    site.article(
        "tin-tuc/2024-03-01-to-dan-van.md",
        "title: Tổ dân vận thôn Lại Xá\ndate: 2024-03-01",
        "Thực hiện Hướng dẫn số 80-HD/BDVTW ngày 28/2/2012 của Ban Dân vận Trung ương\nvà Thông báo kết luận số 1581-TB/TU, cùng Nghị quyết số 99-NQ/TU.\n\nTrong mã: `80-HD/BDVTW`. Đã có liên kết: [80-HD/BDVTW](https://example.vn/).\n",
    );
    site.article(
        "tin-tuc/2024-03-01-to-dan-van.en.md",
        "title: Lai Xa village team\ndate: 2024-03-01",
        "Under Guidance No. 80-HD/BDVTW of the Central Commission.\n",
    );
    site
}

#[test]
fn three_documents_and_an_article_citing_them() {
    let site = site();
    let report = site.build_ok();

    // The citations became links, in the page's language; code and links left alone.
    let vi = site.read("tin-tuc/to-dan-van/index.html");
    contains(
        &vi,
        "<a href=\"/van-ban/80-hd-bdvtw/\" class=\"citation\">Hướng dẫn số 80-HD/BDVTW</a>",
    );
    contains(
        &vi,
        "<a href=\"/van-ban/1581-tb-tu/\" class=\"citation\">Thông báo kết luận số 1581-TB/TU</a>",
    );
    contains(&vi, "Nghị quyết số 99-NQ/TU.");
    contains(&vi, "<code>80-HD/BDVTW</code>");
    contains(&vi, "<a href=\"https://example.vn/\">80-HD/BDVTW</a>");
    let en = site.read("en/tin-tuc/to-dan-van/index.html");
    contains(
        &en,
        "<a href=\"/en/documents/80-hd-bdvtw/\" class=\"citation\">80-HD/BDVTW</a>",
    );

    // The number the site lacks is a warning at the line of its citation.
    let w: Vec<_> = report
        .warnings
        .iter()
        .filter(|d| d.code == "missing-document")
        .collect();
    assert_eq!(w.len(), 1, "{}", render(&report.warnings));
    assert_eq!(
        (w[0].file.as_str(), w[0].line),
        ("content/tin-tuc/2024-03-01-to-dan-van.md", 6)
    );
    assert!(w[0].message.contains("99-NQ/TU"));

    // The document page: every field, the attachment, what it replaces, who cites it.
    let doc = site.read("van-ban/80-hd-bdvtw/index.html");
    contains(&doc, "Hướng dẫn 80-HD/BDVTW");
    contains(&doc, "Về thành lập và hoạt động của Tổ dân vận");
    contains(&doc, ">Ban Dân vận Trung ương</a>");
    contains(&doc, "<time datetime=\"2012-02-28\">28/02/2012</time>");
    contains(&doc, "<time datetime=\"2012-03-01\">01/03/2012</time>");
    contains(&doc, "Nguyễn Văn A");
    contains(
        &doc,
        "href=\"/van-ban/80-HD-BDVTW.pdf\" download>80-HD-BDVTW.pdf</a>",
    );
    contains(&doc, "(PDF, 1 KB)");
    contains(&doc, "href=\"/van-ban/12-hd-bdvtw/\"");
    contains(&doc, "href=\"/tin-tuc/to-dan-van/\"");
    assert!(site.exists("van-ban/80-HD-BDVTW.pdf"));
    let old = site.read("van-ban/12-hd-bdvtw/index.html");
    contains(&old, "Văn bản này được thay thế bởi");
    contains(&old, "href=\"/van-ban/80-hd-bdvtw/\"");
    contains(&old, "Chưa có bài viết nào dẫn văn bản này.");
    let tb = site.read("van-ban/1581-tb-tu/index.html");
    contains(&tb, "href=\"/tin-tuc/to-dan-van/\"");

    // In English: field names and kinds translated, its own title when translated,
    // else the Vietnamese title marked as such.
    let en_doc = site.read("en/documents/80-hd-bdvtw/index.html");
    contains(&en_doc, "Guidance 80-HD/BDVTW");
    contains(
        &en_doc,
        "On founding and running village mobilization teams",
    );
    contains(&en_doc, "Central Mass Mobilization Commission");
    contains(&en_doc, "Date issued");
    contains(&en_doc, "href=\"/en/tin-tuc/to-dan-van/\"");
    let en_tb = site.read("en/documents/1581-tb-tu/index.html");
    contains(&en_tb, "Concluding notice 1581-TB/TU");
    contains(&en_tb, "lang=\"vi\">Kết luận của Thường trực Tỉnh ủy");

    // Lists: all (newest first, two a page), per kind, issuer and year.
    let all = site.read("van-ban/index.html");
    let first = all.find("1581-TB/TU").unwrap();
    let second = all.find("80-HD/BDVTW").unwrap();
    assert!(first < second);
    lacks(&all, "/van-ban/12-hd-bdvtw/\">");
    contains(&site.read("van-ban/trang/2/index.html"), "12-HD/BDVTW");
    let kind = site.read("van-ban/huong-dan/index.html");
    contains(&kind, "80-HD/BDVTW");
    lacks(&kind, "1581-TB/TU</a>");
    contains(
        &site.read("van-ban/co-quan/ban-dan-van-trung-uong/index.html"),
        "80-HD/BDVTW",
    );
    contains(&site.read("van-ban/nam/2015/index.html"), "1581-TB/TU");
    contains(
        &site.read("en/documents/guidance/index.html"),
        "80-HD/BDVTW",
    );
    contains(
        &site.read("en/documents/issuer/tinh-uy-hai-duong/index.html"),
        "1581-TB/TU",
    );
    contains(
        &site.read("en/documents/year/2012/index.html"),
        "80-HD/BDVTW",
    );

    // Menu (no `menu:`: after the sections), sitemap and feeds.
    contains(
        &site.read("index.html"),
        "<a href=\"/van-ban/\">Văn bản</a>",
    );
    let sitemap = site.read("sitemap.xml");
    contains(&sitemap, "https://danvan.example.vn/van-ban/80-hd-bdvtw/");
    contains(&sitemap, "https://danvan.example.vn/en/documents/guidance/");
    let feed = site.read("van-ban/rss.xml");
    contains(&feed, "https://danvan.example.vn/van-ban/1581-tb-tu/");
    contains(&feed, "Thông báo kết luận 1581-TB/TU");
    contains(&site.read("en/documents/rss.xml"), "Guidance 80-HD/BDVTW");
}

#[test]
fn a_document_without_its_number_kind_date_or_title_is_refused() {
    let site = Site::new();
    site.file(
        "content/van-ban/thieu.md",
        "---\nissuer: Ban Dân vận\nsigner: X\n---\n",
    );
    let errors = site.build_err();
    for field in ["number", "kind", "signed", "title"] {
        assert!(
            errors.iter().any(|d| d.file == "content/van-ban/thieu.md"
                && d.message.contains(&format!("`{field}:`"))),
            "{field}: {}",
            render(&errors)
        );
    }
    assert!(!site.out().exists());
}

fn plan(n: &str, extra: &str) -> String {
    format!(
        "---\nnumber: {n}\nkind: Kế hoạch\nsigned: 2020-01-09\ntitle: Kế hoạch {n}\n{extra}---\n"
    )
}

#[test]
fn two_documents_with_one_number_or_replacing_none_are_refused() {
    let site = Site::new();
    site.file("content/van-ban/a.md", &plan("15-KH/TU", ""));
    site.file("content/van-ban/b.md", &plan("15-kh/tu", ""));
    site.file(
        "content/van-ban/c.md",
        &plan("16-KH/TU", "replaces: [14-KH/TU]\n"),
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line, errors[0].column),
        ("content/van-ban/b.md", 2, 9)
    );
    assert!(
        errors[0]
            .message
            .contains("content/van-ban/a.md already has the number")
    );
    assert_eq!(
        (errors[1].file.as_str(), errors[1].line),
        ("content/van-ban/c.md", 6)
    );
    assert!(errors[1].message.contains("no document has that number"));
    assert_eq!(errors[1].hint.as_deref(), Some("did you mean `15-KH/TU`?"));
}

#[test]
fn a_missing_attachment_and_an_unknown_key_are_errors_at_their_lines() {
    let site = Site::new();
    site.file(
        "content/van-ban/c.md",
        &plan("16-KH/TU", "file: [ke-hoach.pdf, khong-co.pdf]\n"),
    );
    site.bytes("content/van-ban/ke-hoach.pdf", PDF);
    site.file("content/van-ban/d.md", &plan("17-KH/TU", "kind2: x\n"));
    site.file(
        "content/van-ban/e.md",
        &plan("18-KH/TU", "file: ke-hoach.exe\n"),
    );
    let errors = site.build_err();
    let found: Vec<(&str, usize, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{}", render(&errors));
    assert_eq!(found[0].0, "content/van-ban/c.md");
    assert_eq!(found[0].1, 6);
    assert!(found[0].2.contains("`khong-co.pdf` does not exist"));
    assert_eq!((found[1].0, found[1].1), ("content/van-ban/d.md", 6));
    assert!(found[1].2.contains("kind2"));
    assert_eq!((found[2].0, found[2].1), ("content/van-ban/e.md", 6));
    assert!(found[2].2.contains("not a document file"));
}

#[test]
fn sites_without_documents_do_not_warn_about_citations() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        "Theo Hướng dẫn số 80-HD/BDVTW.\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.iter().all(|d| d.code != "missing-document"));
    contains(
        &site.read("tin-tuc/a/index.html"),
        "Theo Hướng dẫn số 80-HD/BDVTW.",
    );
    assert!(!site.exists("van-ban/index.html"));
}

#[test]
fn links_already_written_are_kept_and_links_to_a_document_file_lead_to_its_page() {
    let site = Site::new();
    site.file(
        "content/van-ban/25-nq-tw.md",
        "---\nnumber: 25-NQ/TW\nkind: Nghị quyết\nsigned: 03/06/2013\ntitle: Về công tác dân vận\n---\n",
    );
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        "Xem <a href=\"https://example.vn/\">Nghị quyết 25-NQ/TW</a> và [toàn văn](../van-ban/25-nq-tw.md).\n\n```\n25-NQ/TW\n```\n\n![Ảnh 25-NQ/TW](https://example.vn/a.png)\n",
    );
    let errors = site.build();
    // The picture on another host is an error; nothing else is.
    let errors = errors.err().unwrap().diagnostics;
    assert!(
        errors
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.code == "remote-image"),
        "{}",
        render(&errors)
    );
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        "Xem <a href=\"https://example.vn/\">Nghị quyết 25-NQ/TW</a> và [toàn văn](../van-ban/25-nq-tw.md).\n\n```\n25-NQ/TW\n```\n\n# Theo số 25-NQ/TW\n",
    );
    site.build_ok();
    let html = site.read("tin-tuc/a/index.html");
    contains(
        &html,
        "<a href=\"https://example.vn/\">Nghị quyết 25-NQ/TW</a>",
    );
    contains(&html, "<a href=\"/van-ban/25-nq-tw/\">toàn văn</a>");
    contains(&html, "25-NQ/TW\n</code>");
    assert_eq!(html.matches("class=\"citation\"").count(), 1, "{html}");
    contains(
        &html,
        "<a href=\"/van-ban/25-nq-tw/\" class=\"citation\">số 25-NQ/TW</a></h1>",
    );
    // One citation, counted once, on the document's page.
    contains(
        &site.read("van-ban/25-nq-tw/index.html"),
        "href=\"/tin-tuc/a/\"",
    );
}

#[test]
fn two_builds_of_a_site_with_documents_are_identical() {
    let site = site();
    site.build_ok();
    let first: Vec<(String, Vec<u8>)> = site
        .listing()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(site.out().join(&f)).unwrap()))
        .collect();
    site.build_ok();
    let second: Vec<(String, Vec<u8>)> = site
        .listing()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(site.out().join(&f)).unwrap()))
        .collect();
    assert!(first == second);
}
