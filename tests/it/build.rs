//! What a build produces: URLs, languages, translations, dates, tags, lists.

use crate::harness::{Site, contains, lacks, pair};

#[test]
fn article_urls_in_both_languages() {
    let site = Site::new();
    site.file(
        "content/tin-tuc/_section.yaml",
        "title: {vi: Tin tức, en: News}\nslug: {en: news}\n",
    );
    site.article(
        "tin-tuc/2024-08-16-giai-phap.md",
        "title: Giải pháp",
        "Nội dung.\n",
    );
    site.article(
        "tin-tuc/2024-08-16-giai-phap.en.md",
        "title: Solutions",
        "Content.\n",
    );
    site.article(
        "tin-tuc/bai-co-slug.md",
        "title: Bài\ndate: 2024-01-02\nslug: Đường làng",
        "x\n",
    );
    site.build_ok();
    assert!(
        site.exists("tin-tuc/giai-phap/index.html"),
        "date prefix is not part of the slug"
    );
    assert!(site.exists("en/news/giai-phap/index.html"));
    assert!(
        site.exists("tin-tuc/duong-lang/index.html"),
        "a written slug is slugified"
    );
    assert!(site.exists("index.html"));
    assert!(site.exists("en/index.html"));
    assert!(site.exists("tin-tuc/index.html"));
    assert!(site.exists("en/news/index.html"));
    assert!(site.exists("kheo.css"));
    assert!(site.exists("kheo.js"));
}

#[test]
fn every_page_declares_its_language() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.build_ok();
    for (file, lang) in [
        ("index.html", "vi"),
        ("en/index.html", "en"),
        ("tin-tuc/a/index.html", "vi"),
        ("en/tin-tuc/a/index.html", "en"),
        ("en/tin-tuc/index.html", "en"),
    ] {
        contains(&site.read(file), &format!("<html lang=\"{lang}\">"));
    }
}

#[test]
fn translations_link_to_each_other() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.article(
        "tin-tuc/chi-tieng-viet.md",
        "title: Chỉ tiếng Việt\ndate: 2024-01-02",
        "x\n",
    );
    site.build_ok();
    let vi = site.read("tin-tuc/a/index.html");
    contains(
        &vi,
        r#"<link rel="alternate" hreflang="en" href="https://danvan.example.vn/en/tin-tuc/a/">"#,
    );
    contains(
        &vi,
        r#"<link rel="alternate" hreflang="x-default" href="https://danvan.example.vn/tin-tuc/a/">"#,
    );
    contains(
        &vi,
        r#"<a href="/en/tin-tuc/a/" hreflang="en" lang="en">English</a>"#,
    );
    let en = site.read("en/tin-tuc/a/index.html");
    contains(
        &en,
        r#"<a href="/tin-tuc/a/" hreflang="vi" lang="vi">Tiếng Việt</a>"#,
    );
    contains(
        &en,
        r#"<link rel="canonical" href="https://danvan.example.vn/en/tin-tuc/a/">"#,
    );
    // Without a translation, the switch leads to the other language's home, with no hreflang.
    let alone = site.read("tin-tuc/chi-tieng-viet/index.html");
    contains(
        &alone,
        r#"<li><a href="/en/" lang="en" hreflang="en">English</a></li>"#,
    );
    lacks(
        &alone,
        r#"hreflang="en" href="https://danvan.example.vn/en/"#,
    );
}

#[test]
fn titles_and_text_are_escaped() {
    let site = Site::new();
    site.article("tin-tuc/x.md", "title: \"<script>alert(1)</script> & \\\"trích dẫn\\\"\"\ndate: 2024-01-01\nsummary: \"a < b & c\"", "Thân bài.\n");
    site.build_ok();
    let page = site.read("tin-tuc/x/index.html");
    lacks(&page, "<script>alert(1)");
    contains(
        &page,
        "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;trích dẫn&quot;</h1>",
    );
    contains(&page, "<title>&lt;script&gt;");
    contains(&page, "a &lt; b &amp; c");
    lacks(&site.read("tin-tuc/index.html"), "<script>alert");
}

#[test]
fn day_first_dates_and_the_portal_date_line() {
    let site = Site::new();
    site.article(
        "hoi-nghi/toa-dam.md",
        "title: Tọa đàm\ndate: 02/08/2019 15:23",
        "x\n",
    );
    site.article(
        "hoi-nghi/toa-dam.en.md",
        "title: Seminar\ndate: 02/08/2019 15:23",
        "x\n",
    );
    site.build_ok();
    let vi = site.read("hoi-nghi/toa-dam/index.html");
    contains(
        &vi,
        r#"<time datetime="2019-08-02T15:23:00+07:00">Thứ Sáu, ngày 02/08/2019 15:23</time>"#,
    );
    let en = site.read("en/hoi-nghi/toa-dam/index.html");
    contains(&en, "Friday, 2 August 2019 15:23");
}

#[test]
fn nfc_and_nfd_spellings_are_one_tag() {
    let site = Site::new();
    let nfd = "Da\u{0302}n va\u{0323}\u{0302}n khe\u{0301}o";
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\ntags: [Dân vận khéo]",
        "x\n",
    );
    site.bytes(
        "content/tin-tuc/b.md",
        format!("---\ntitle: B\ndate: 2024-01-02\ntags: [{nfd}]\n---\nx\n").as_bytes(),
    );
    site.article(
        "tin-tuc/c.md",
        "title: C\ndate: 2024-01-03\ntags: [dân vận khéo]",
        "x\n",
    );
    let mut diags = kheo::diag::Diagnostics::new();
    let sources = kheo::load::load(site.root(), None, &mut diags).unwrap();
    let flags = kheo::model::Flags::publishing(false, false);
    let (model, _) = kheo::model::build(sources, flags, &mut diags);
    let vi_tags: Vec<&kheo::model::Tag> = model.tags.iter().filter(|t| t.lang == 0).collect();
    assert_eq!(vi_tags.len(), 1, "{vi_tags:?}");
    assert_eq!(
        vi_tags[0].name, "Dân vận khéo",
        "the precomposed spelling used twice wins"
    );
    assert_eq!(vi_tags[0].slug, "dan-van-kheo");
    assert_eq!(vi_tags[0].pages.len(), 3);
    site.build_ok();
    contains(
        &site.read("tin-tuc/b/index.html"),
        r#"<a class="tag" href="/chu-de/dan-van-kheo/">Dân vận khéo</a>"#,
    );
}

#[test]
fn base_url_path_prefixes_every_link() {
    let mut site = Site::new();
    site.base_url = Some("https://host.example.vn/dan-van".into());
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\nimage: anh.svg",
        "[A](a.md) ![x](anh.svg)\n",
    );
    site.file(
        "content/tin-tuc/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    let home = site.read("index.html");
    contains(&home, r#"href="/dan-van/kheo.css?v="#);
    contains(&home, r#"<a href="/dan-van/tin-tuc/">"#);
    contains(&home, r#"<a class="brand" href="/dan-van/">"#);
    contains(
        &home,
        r#"<link rel="canonical" href="https://host.example.vn/dan-van/">"#,
    );
    let b = site.read("tin-tuc/b/index.html");
    contains(&b, r#"<a href="/dan-van/tin-tuc/a/">A</a>"#);
    contains(&b, r#"<img src="/dan-van/tin-tuc/anh.svg""#);
    contains(
        &b,
        r#"<meta property="og:image" content="https://host.example.vn/dan-van/tin-tuc/anh.svg">"#,
    );
    // The output tree itself is not prefixed: the server mounts it at /dan-van/.
    assert!(site.exists("tin-tuc/b/index.html"));
}

#[test]
fn section_lists_are_paginated_newest_first() {
    let site = Site::new();
    for (i, day) in ["01", "02", "03", "04", "05"].iter().enumerate() {
        site.article(
            &format!("tin-tuc/bai-{i}.md"),
            &format!("title: Bài {i}\ndate: 2024-03-{day}"),
            "x\n",
        );
    }
    site.build_ok();
    let first = site.read("tin-tuc/index.html");
    let p4 = first.find("Bài 4").unwrap();
    let p3 = first.find("Bài 3").unwrap();
    assert!(p4 < p3, "newest first");
    lacks(&first, "Bài 2<");
    contains(&first, r#"<a href="/tin-tuc/trang/2/" rel="next""#);
    contains(&site.read("tin-tuc/trang/2/index.html"), "Bài 2");
    contains(&site.read("tin-tuc/trang/3/index.html"), "Bài 0");
    assert!(
        !site.exists("tin-tuc/trang/1/index.html"),
        "page 1 lives at the section's own URL"
    );
    assert!(!site.exists("tin-tuc/trang/4/index.html"));
    // English lists use the English segment, and exist even without English articles.
    contains(
        &site.read("en/tin-tuc/index.html"),
        "There are no articles in this section yet.",
    );
}

#[test]
fn pagination_boundaries() {
    // page_size is 2: 0, 1, 2 (exactly), 3 (one more) articles.
    for (count, pages) in [(0usize, 1usize), (1, 1), (2, 1), (3, 2)] {
        let site = Site::new();
        site.file("content/tin-tuc/_section.yaml", "title: Tin tức\n");
        for i in 0..count {
            site.article(
                &format!("tin-tuc/b{i}.md"),
                &format!("title: B{i}\ndate: 2024-01-0{}", i + 1),
                "x\n",
            );
        }
        site.build_ok();
        assert!(site.exists("tin-tuc/index.html"));
        for n in 2..=3 {
            assert_eq!(
                site.exists(&format!("tin-tuc/trang/{n}/index.html")),
                n <= pages,
                "{count} articles, page {n}"
            );
        }
    }
}

#[test]
fn standalone_pages_at_the_root() {
    let site = Site::new();
    site.article(
        "gioi-thieu.md",
        "title: Giới thiệu\ndate: 2024-01-01",
        "Về chúng tôi.\n",
    );
    site.article(
        "gioi-thieu.en.md",
        "title: About\ndate: 2024-01-01",
        "About us.\n",
    );
    site.build_ok();
    contains(&site.read("gioi-thieu/index.html"), "Về chúng tôi.");
    contains(&site.read("en/gioi-thieu/index.html"), "<h1>About</h1>");
}

#[test]
fn drafts_and_future_articles_only_on_request() {
    let site = Site::new();
    site.article(
        "tin-tuc/nhap.md",
        "title: Nháp\ndate: 2024-01-01\ndraft: true",
        "x\n",
    );
    site.article(
        "tin-tuc/sap-toi.md",
        "title: Sắp tới\ndate: 2099-01-01",
        "x\n",
    );
    let report = site.build_ok();
    assert!(!site.exists("tin-tuc/nhap/index.html"));
    assert!(!site.exists("tin-tuc/sap-toi/index.html"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.file == "content/tin-tuc/sap-toi.md" && w.message.contains("future"))
    );
    let mut site = site;
    site.drafts = true;
    site.future = true;
    site.build_ok();
    assert!(site.exists("tin-tuc/nhap/index.html"));
    assert!(site.exists("tin-tuc/sap-toi/index.html"));
}

#[test]
fn assets_are_copied_and_decomposed_names_are_found() {
    let site = Site::new();
    site.bytes("content/tin-tuc/ba\u{0301}o-ca\u{0301}o.pdf", b"%PDF-1.4");
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        "[tải](báo-cáo.pdf)\n",
    );
    site.bytes("content/favicon.ico", b"\0\0\x01\0");
    let report = site.build_ok();
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.message.contains("báo-cáo")),
        "{:?}",
        report.warnings
    );
    assert!(site.exists("tin-tuc/báo-cáo.pdf"));
    assert!(site.exists("favicon.ico"));
    contains(
        &site.read("tin-tuc/a/index.html"),
        "href=\"/tin-tuc/b%C3%A1o-c%C3%A1o.pdf\"",
    );
    assert!(!site.exists("site.yaml"), "configuration is not published");
    assert!(!site.exists("tin-tuc/a.md"), "sources are not published");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let site = Site::new();
    site.bytes("content/tin-tuc/a.md", b"\xef\xbb\xbf---\r\ntitle: Windows\r\ndate: 2024-01-01\r\n---\r\n\r\nD\xc3\xb2ng m\xe1\xbb\x99t.\r\n");
    site.build_ok();
    contains(&site.read("tin-tuc/a/index.html"), "<p>Dòng một.</p>");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01 08:00", "Bài A", "Article A");
    pair(&site, "b", "2024-01-02", "Bài B", "Article B");
    site.article("mo-hinh/c.md", "title: C\ndate: 2024-01-03\ntags: [Một, Hai]", "## Mục\n\n```yaml\na: 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nChú thích[^1].\n\n[^1]: Nguồn.\n");
    site.build_ok();
    let snapshot = |s: &Site| -> Vec<(String, Vec<u8>)> {
        s.listing()
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(s.out().join(&f)).unwrap()))
            .collect()
    };
    let first = snapshot(&site);
    site.build_ok();
    assert_eq!(first, snapshot(&site));
    assert!(first.iter().any(|(f, _)| f == "syntax.css"));
}

#[test]
fn featured_articles_lead_the_home_page() {
    let site = Site::new();
    site.article(
        "tin-tuc/cu.md",
        "title: Bài cũ nổi bật\ndate: 2020-01-01\nfeatured: true",
        "x\n",
    );
    site.article("tin-tuc/moi.md", "title: Bài mới\ndate: 2024-01-01", "x\n");
    site.build_ok();
    let home = site.read("index.html");
    let lead = home.find("lead-title").unwrap();
    assert!(
        home[lead..].starts_with("lead-title\"><a href=\"/tin-tuc/cu/\">"),
        "{}",
        &home[lead..lead + 80]
    );
}

#[test]
fn the_legal_footer_shows_on_every_page_in_both_languages() {
    let site = Site::with_config(&format!(
        "{}footer:\n  agency: {{vi: Ban Tuyên giáo và Dân vận Tỉnh ủy, en: Provincial Commission for Communication and Mass Mobilization}}\n  address: {{vi: Số 1 Trần Hưng Đạo, en: 1 Tran Hung Dao Street}}\n  phone: 0220 3852 123\n  email: bantuyengiao@haiduong.gov.vn\n  responsible: {{vi: Trưởng ban Nguyễn Văn A, en: \"Nguyen Van A, Head\"}}\n  license: {{vi: Giấy phép số 12/GP-TTĐT, en: Licence 12/GP-TTĐT}}\n",
        crate::harness::SITE_YAML
    ));
    pair(&site, "a", "2024-01-01", "A", "A in English");
    site.build_ok();
    for page in ["index.html", "tin-tuc/a/index.html", "so-lieu/index.html"] {
        let html = site.read(page);
        contains(&html, "Cơ quan chủ quản: Ban Tuyên giáo và Dân vận Tỉnh ủy");
        contains(&html, "Chịu trách nhiệm nội dung: Trưởng ban Nguyễn Văn A");
        contains(&html, "Địa chỉ: Số 1 Trần Hưng Đạo");
        contains(
            &html,
            r#"Điện thoại: <a href="tel:02203852123">0220 3852 123</a>"#,
        );
        contains(
            &html,
            r#"<a href="mailto:bantuyengiao@haiduong.gov.vn">bantuyengiao@haiduong.gov.vn</a>"#,
        );
        contains(
            &html,
            r#"<p class="footer-license">Giấy phép số 12/GP-TTĐT</p>"#,
        );
        lacks(&html, "đề nghị ghi rõ nguồn");
    }
    let en = site.read("en/index.html");
    contains(
        &en,
        "Published by: Provincial Commission for Communication and Mass Mobilization",
    );
    contains(&en, "Responsible for the content: Nguyen Van A, Head");
    contains(&en, "Address: 1 Tran Hung Dao Street");
    contains(&en, r#"<p class="footer-license">Licence 12/GP-TTĐT</p>"#);
    // Without `footer:`, only the theme's credit line.
    let plain = Site::new();
    plain.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    plain.build_ok();
    let html = plain.read("index.html");
    lacks(&html, "Cơ quan chủ quản");
    lacks(&html, "<address");
    contains(&html, "đề nghị ghi rõ nguồn");
}
