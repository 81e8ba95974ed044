//! Links written to source files, images and figures.

use crate::harness::{Site, contains};

fn linked_site() -> Site {
    let site = Site::new();
    site.file(
        "content/mo-hinh/_section.yaml",
        "title: {vi: Mô hình, en: Models}\nslug: {en: models}\n",
    );
    site.article(
        "mo-hinh/lai-xa.md",
        "title: Lại Xá\ndate: 2024-01-01",
        "## Cách làm\n\nx\n",
    );
    site.article(
        "mo-hinh/lai-xa.en.md",
        "title: Lai Xa\ndate: 2024-01-01",
        "## How {#cach-lam}\n\nx\n",
    );
    site.article(
        "mo-hinh/chi-viet.md",
        "title: Chỉ tiếng Việt\ndate: 2024-01-01",
        "x\n",
    );
    site
}

#[test]
fn links_to_sources_lead_to_the_same_language() {
    let site = linked_site();
    let body = "[vi](../mo-hinh/lai-xa.md) [neo](../mo-hinh/lai-xa.md#cach-lam) [chỉ vi](../mo-hinh/chi-viet.md) [web](https://example.vn/)\n";
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-02", body);
    site.article("tin-tuc/a.en.md", "title: A\ndate: 2024-01-02", body);
    let report = site.build_ok();
    assert!(
        report.warnings.iter().all(|w| !w.message.contains("link")),
        "{:?}",
        report.warnings
    );
    let vi = site.read("tin-tuc/a/index.html");
    contains(&vi, r#"<a href="/mo-hinh/lai-xa/">vi</a>"#);
    contains(&vi, r#"<a href="/mo-hinh/lai-xa/#cach-lam">neo</a>"#);
    contains(&vi, r#"<a href="https://example.vn/">web</a>"#);
    let en = site.read("en/tin-tuc/a/index.html");
    contains(&en, r#"<a href="/en/models/lai-xa/">vi</a>"#);
    // No English version: the Vietnamese page is the fallback.
    contains(&en, r#"<a href="/mo-hinh/chi-viet/">chỉ vi</a>"#);
    contains(
        &site.read("mo-hinh/lai-xa/index.html"),
        r#"<h2 id="cach-lam">Cách làm</h2>"#,
    );
}

#[test]
fn a_link_to_a_missing_file_is_a_warning_at_its_line() {
    let site = linked_site();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-02",
        "Đoạn đầu.\n\nXem [bài cũ](../mo-hinh/khong-co.md).\n",
    );
    let report = site.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("khong-co.md"))
        .expect("a warning");
    assert_eq!(
        (w.file.as_str(), w.line, w.column),
        ("content/tin-tuc/a.md", 7, 5)
    );
    assert_eq!(
        w.source_line.as_deref(),
        Some("Xem [bài cũ](../mo-hinh/khong-co.md).")
    );
}

#[test]
fn images_become_figures_with_captions() {
    let site = Site::new();
    site.file(
        "content/tin-tuc/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\nimage: anh.svg\nimage_caption: Quang cảnh hội nghị",
        "![Hội trường](anh.svg \"Hội trường UBND phường\")\n\nChữ.\n",
    );
    site.build_ok();
    let page = site.read("tin-tuc/a/index.html");
    contains(
        &page,
        r#"<figure class="figure"><img src="/tin-tuc/anh.svg" alt="Hội trường" loading="lazy" decoding="async"><figcaption>Hội trường UBND phường</figcaption></figure>"#,
    );
    contains(&page, "<figcaption>Quang cảnh hội nghị</figcaption>");
}

#[test]
fn a_missing_cover_is_a_warning() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\nimage: khong-co.jpg",
        "x\n",
    );
    let report = site.build_ok();
    let w = report
        .warnings
        .iter()
        .find(|w| w.message.contains("cover"))
        .expect("a warning");
    assert_eq!((w.line, w.column), (4, 8));
}

#[test]
fn site_absolute_links_get_the_base_path() {
    let mut site = Site::new();
    site.base_url = Some("https://x.vn/dan-van/".into());
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01",
        "[số liệu](/so-lieu/) [đã có](/dan-van/tin-tuc/)\n",
    );
    site.build_ok();
    let page = site.read("tin-tuc/a/index.html");
    contains(&page, r#"<a href="/dan-van/so-lieu/">số liệu</a>"#);
    contains(&page, r#"<a href="/dan-van/tin-tuc/">đã có</a>"#);
}
