//! Snapshots of the outputs whose shape matters, on one tiny site: an
//! article, page 2 of a section, a feed, the sitemap, the search files and
//! a region page. A change to a template or to what a page is given shows
//! up here as a diff to review (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test` then `git diff`), not as a surprise on
//! a published portal.

use crate::harness::Site;

/// Three articles in one section (two a page), translated, with tags, a
/// team, a region, a cover and a link between them.
fn tiny_site() -> Site {
    let site = Site::new();
    site.file(
        "content/tin-tuc/_section.yaml",
        "title: {vi: Tin tức, en: News}\nslug: {en: news}\n",
    );
    site.file(
        "content/teams/lai-xa.yaml",
        "name: {vi: Tổ dân vận thôn Lại Xá, en: Lai Xa village team}\nregion: [Hải Dương, Thanh Hà, Thanh Thủy, thôn Lại Xá]\nmembers: 9\nstats:\n  2016: {roads_km: 2.8}\n  2017: {roads_km: 1.2}\n",
    );
    site.file(
        "content/regions/hai-duong.yaml",
        "name: Hải Dương\nname_en: Hai Duong Province\n",
    );
    site.article(
        "tin-tuc/2024-08-16-duong-noi-dong.md",
        "title: Làm đường nội đồng ở Lại Xá\ndate: 2024-08-16 10:03\nauthor: Ban Dân vận\ntags: [Giao thông nông thôn, Dân vận khéo]\nteams: [lai-xa]\nregion: [Hải Dương, Thanh Hà]\nsummary: Người dân góp công làm 2,8 km đường.",
        "## Kết quả\n\nNgười dân góp **công** và đất. Xem [bài trước](2024-07-01-hop-dan.md#y-kien).\n\n| Năm | km |\n|---|---|\n| 2016 | 2,8 |\n",
    );
    site.article(
        "tin-tuc/2024-08-16-duong-noi-dong.en.md",
        "title: Building field roads in Lai Xa\ndate: 2024-08-16 10:03\ntags: [Rural roads]\nteams: [lai-xa]",
        "## Results\n\nResidents gave **labour** and land.\n",
    );
    site.article(
        "tin-tuc/2024-07-01-hop-dan.md",
        "title: Họp dân bàn làm đường\ndate: 01/07/2024\ntags: [Dân vận khéo]",
        "Ý kiến của bà con.\n\n## Ý kiến\n\nĐồng thuận.\n",
    );
    site.article(
        "tin-tuc/2024-06-01-khoi-cong.md",
        "title: Khởi công tuyến đường\ndate: 2024-06-01",
        "Tuyến đường dài 2,8 km.\n",
    );
    site
}

#[test]
fn key_outputs_keep_their_shape() {
    let site = tiny_site();
    site.build_ok();
    for (name, file) in [
        ("article", "tin-tuc/duong-noi-dong/index.html"),
        ("article_en", "en/news/duong-noi-dong/index.html"),
        ("section_page_2", "tin-tuc/trang/2/index.html"),
        ("feed", "rss.xml"),
        ("sitemap", "sitemap.xml"),
        ("search_manifest", "search-index.vi.json"),
        ("region", "dia-ban/hai-duong/index.html"),
    ] {
        insta::assert_snapshot!(name, without_asset_versions(&site.read(file)));
    }
    // The shards of the search index, by name (their folder carries a hash).
    let shards: Vec<String> = site
        .listing()
        .into_iter()
        .filter(|f| f.starts_with("search/vi/"))
        .collect();
    let mut all = String::new();
    for f in &shards {
        all.push_str(&format!("== {f}\n{}\n", site.read(f)));
    }
    insta::assert_snapshot!("search_shards", all);
}

/// The page with each `?v=<hash>` of a stylesheet or script written as
/// `?v=[version]`: a change to the theme's CSS changes every version, and
/// the pages' shape is what these snapshots watch (the versions come from
/// `render::statics`, whose hash is pinned by its own test).
fn without_asset_versions(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find("?v=") {
        out.push_str(&rest[..at + 3]);
        let after = &rest[at + 3..];
        let hex = after.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex > 0 {
            out.push_str("[version]");
        }
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}
