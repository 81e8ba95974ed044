//! Tags, archives, neighbours, feeds, sitemap, aliases, 404 and search.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::harness::{Site, contains, lacks};

/// The children texts of every `<tag>` element, parsed back from XML (and
/// thereby checked to be well-formed). Attributes are kept as `@name`.
fn elements(xml: &str, tag: &str) -> Vec<BTreeMap<String, Vec<String>>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<BTreeMap<String, Vec<String>>> = None;
    let mut child: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag.as_bytes() => {
                current = Some(BTreeMap::new())
            }
            Event::Start(e) => {
                if let Some(c) = &mut current {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    for a in e.attributes() {
                        let a = a.unwrap();
                        let key = format!(
                            "{name}@{}",
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap()
                        );
                        c.entry(key)
                            .or_default()
                            .push(a.unescape_value().unwrap().into_owned());
                    }
                    child = Some(name);
                }
            }
            Event::Empty(e) => {
                if let Some(c) = &mut current {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    let attrs: Vec<String> = e
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            format!(
                                "{}={}",
                                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                a.unescape_value().unwrap()
                            )
                        })
                        .collect();
                    c.entry(name).or_default().push(attrs.join(" "));
                }
            }
            Event::Text(t) => {
                if let (Some(c), Some(name)) = (&mut current, &child) {
                    append(c, name, &t.decode().unwrap());
                }
            }
            // Entities come as their own events; put them back into the text.
            Event::GeneralRef(r) => {
                if let (Some(c), Some(name)) = (&mut current, &child) {
                    let entity = r.decode().unwrap();
                    let ch = match entity.as_ref() {
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "amp" => "&".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        other => panic!("unexpected entity &{other};"),
                    };
                    append(c, name, &ch);
                }
            }
            Event::End(e) if e.name().as_ref() == tag.as_bytes() => {
                out.extend(current.take());
            }
            Event::End(_) => {
                if let (Some(c), Some(name)) = (&mut current, child.take()) {
                    c.entry(format!("{name}#end")).or_default();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Appends text to the current child element's value (a new value per element).
fn append(c: &mut BTreeMap<String, Vec<String>>, name: &str, text: &str) {
    let ended = c.remove(&format!("{name}#end")).is_some();
    let values = c.entry(name.to_owned()).or_default();
    match values.last_mut() {
        Some(last) if !ended => last.push_str(text),
        _ => values.push(text.to_owned()),
    }
}

#[test]
fn every_feed_holds_its_twenty_newest_newest_first() {
    let site = Site::new();
    for i in 0..25 {
        let day = i + 1;
        site.article(
            &format!("tin-tuc/b{i:02}.md"),
            &format!("title: Bài {i}\ndate: 2024-03-{day:02} 10:03\ntags: [Dân vận]"),
            "x\n",
        );
        site.article(
            &format!("tin-tuc/b{i:02}.en.md"),
            &format!("title: Article {i}\ndate: 2024-03-{day:02} 10:03\ntags: [Mass mobilization]"),
            "x\n",
        );
        site.file(
            &format!("content/van-ban/{day}-hd.md"),
            &format!("---\nnumber: {day}-HD/BDVTW\nkind: Hướng dẫn\nsigned: 2020-01-{day:02}\ntitle: Văn bản {i}\n---\n"),
        );
    }
    site.build_ok();
    let titles = |file: &str| -> Vec<String> {
        elements(&site.read(file), "item")
            .iter()
            .map(|item| item["title"][0].clone())
            .collect()
    };
    let newest =
        |name: &str| -> Vec<String> { (5..25).rev().map(|i| format!("{name} {i}")).collect() };
    for file in ["rss.xml", "tin-tuc/rss.xml", "chu-de/dan-van/rss.xml"] {
        assert_eq!(titles(file), newest("Bài"), "{file}");
    }
    for file in [
        "en/rss.xml",
        "en/tin-tuc/rss.xml",
        "en/tags/mass-mobilization/rss.xml",
    ] {
        assert_eq!(titles(file), newest("Article"), "{file}");
    }
    let documents = titles("van-ban/rss.xml");
    assert_eq!(documents.len(), 20, "{documents:?}");
    for (title, expected) in documents.iter().zip(newest("Văn bản")) {
        assert!(title.ends_with(&expected), "{title} is not {expected}");
    }
}

fn tagged_site() -> Site {
    let site = Site::new();
    site.file(
        "content/tags.yaml",
        "Dân vận khéo: Skilful mass mobilization\n",
    );
    for (i, day) in ["01", "02", "03"].iter().enumerate() {
        site.article(
            &format!("tin-tuc/a{i}.md"),
            &format!("title: Bài {i}\ndate: 2024-03-{day}\ntags: [Dân vận khéo]"),
            "x\n",
        );
        site.article(
            &format!("tin-tuc/a{i}.en.md"),
            &format!("title: Article {i}\ndate: 2024-03-{day}\ntags: [Skilful mass mobilization]"),
            "x\n",
        );
    }
    site.article(
        "tin-tuc/b.md",
        "title: Bài B\ndate: 2023-05-01\ntags: [An ninh trật tự]",
        "x\n",
    );
    site.article(
        "tin-tuc/b.en.md",
        "title: Article B\ndate: 2023-05-01\ntags: [Security]",
        "x\n",
    );
    site
}

#[test]
fn tag_pages_are_paginated_in_both_languages_and_switch_to_their_counterpart() {
    let site = tagged_site();
    site.build_ok();
    let vi = site.read("chu-de/dan-van-kheo/index.html");
    contains(&vi, "<h1>Dân vận khéo</h1>");
    contains(&vi, "Bài 2");
    lacks(&vi, "Bài 0");
    contains(
        &site.read("chu-de/dan-van-kheo/trang/2/index.html"),
        "Bài 0",
    );
    assert!(!site.exists("chu-de/dan-van-kheo/trang/3/index.html"));
    // tags.yaml pairs the two: the language switch and hreflang lead to the counterpart.
    contains(
        &vi,
        r#"<a href="/en/tags/skilful-mass-mobilization/" lang="en" hreflang="en">English</a>"#,
    );
    contains(
        &vi,
        r#"hreflang="en" href="https://danvan.example.vn/en/tags/skilful-mass-mobilization/""#,
    );
    // Unpaired: the switch goes to the other language's tag index, with no hreflang.
    let unpaired = site.read("chu-de/an-ninh-trat-tu/index.html");
    contains(
        &unpaired,
        r#"<a href="/en/tags/" lang="en" hreflang="en">English</a>"#,
    );
    lacks(
        &unpaired,
        r#"hreflang="en" href="https://danvan.example.vn/en/tags/""#,
    );
    // Article pages link their tags.
    contains(
        &site.read("tin-tuc/a1/index.html"),
        r#"<a class="tag" href="/chu-de/dan-van-kheo/">Dân vận khéo</a>"#,
    );
}

#[test]
fn the_tag_index_is_in_vietnamese_alphabetical_order_with_counts() {
    let site = Site::new();
    for (i, tag) in ["Đường làng", "Yên Bái", "An toàn", "Ăn uống", "Dân vận"]
        .iter()
        .enumerate()
    {
        site.article(
            &format!("tin-tuc/t{i}.md"),
            &format!("title: T{i}\ndate: 2024-01-0{}\ntags: [{tag}]", i + 1),
            "x\n",
        );
    }
    site.article(
        "tin-tuc/t9.md",
        "title: T9\ndate: 2024-01-09\ntags: [Dân vận]",
        "x\n",
    );
    site.build_ok();
    let index = site.read("chu-de/index.html");
    let order: Vec<usize> = ["An toàn", "Ăn uống", "Dân vận", "Đường làng", "Yên Bái"]
        .iter()
        .map(|t| {
            index
                .find(&format!(">{t} <span"))
                .unwrap_or_else(|| panic!("{t}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    contains(&index, r#">Dân vận <span class="count">(2)</span>"#);
}

#[test]
fn tone_mark_collisions_get_their_own_pages_and_the_first_published_keeps_its_url() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\ntags: [Đồng Du]",
        "x\n",
    );
    site.build_ok();
    contains(&site.read("chu-de/dong-du/index.html"), "<h1>Đồng Du</h1>");
    // A later article brings `Đông Du`, which sorts first: the established tag keeps its URL.
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\ntags: [Đông Du]",
        "x\n",
    );
    let report = site.build_ok();
    contains(&site.read("chu-de/dong-du/index.html"), "<h1>Đồng Du</h1>");
    contains(
        &site.read("chu-de/dong-du-2/index.html"),
        "<h1>Đông Du</h1>",
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("dong-du-2")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn old_and_new_tone_placements_are_one_tag_at_one_url() {
    let site = Site::new();
    for (file, day) in [("a", 1), ("b", 2)] {
        site.article(
            &format!("tin-tuc/{file}.md"),
            &format!("title: {file}\ndate: 2024-01-0{day}\ntags: [Hoà giải ở cơ sở]"),
            "x\n",
        );
    }
    site.build_ok();
    let before = site.read("chu-de/hoa-giai-o-co-so/index.html");
    contains(&before, "<h1>Hoà giải ở cơ sở</h1>");
    site.article(
        "tin-tuc/c.md",
        "title: c\ndate: 2024-01-03\ntags: [Hòa giải ở cơ sở]",
        "x\n",
    );
    let report = site.build_ok();
    assert!(
        !report.warnings.iter().any(|w| w.code == "tag-collision"),
        "{:?}",
        report.warnings
    );
    assert!(!site.out().join("chu-de/hoa-giai-o-co-so-2").exists());
    let after = site.read("chu-de/hoa-giai-o-co-so/index.html");
    contains(&after, "<h1>Hoà giải ở cơ sở</h1>");
    // Three articles, two a page (page_size: 2): the newest first.
    contains(&after, ">c</a>");
    contains(&after, ">b</a>");
    contains(
        &site.read("chu-de/hoa-giai-o-co-so/trang/2/index.html"),
        ">a</a>",
    );
}

#[test]
fn archives_by_year_and_a_list_of_years() {
    let site = tagged_site();
    site.build_ok();
    let years = site.read("luu-tru/index.html");
    let y2024 = years.find(r#"<a href="/luu-tru/2024/">2024</a>"#).unwrap();
    let y2023 = years.find(r#"<a href="/luu-tru/2023/">2023</a>"#).unwrap();
    assert!(y2024 < y2023, "newest year first");
    contains(&site.read("luu-tru/2023/index.html"), "Bài B");
    contains(&site.read("luu-tru/2024/trang/2/index.html"), "Bài 0");
    contains(&site.read("en/archive/2024/index.html"), "Article 2");
    assert!(site.exists("en/archive/index.html"));
}

#[test]
fn articles_list_newer_older_and_related() {
    let site = Site::new();
    for i in 0..8 {
        let tags = if i % 2 == 0 { "[Chẵn]" } else { "[Lẻ]" };
        site.article(
            &format!("tin-tuc/b{i}.md"),
            &format!("title: Bài số {i}\ndate: 2024-02-0{}\ntags: {tags}", i + 1),
            "x\n",
        );
    }
    site.build_ok();
    let page = site.read("tin-tuc/b3/index.html");
    let newer = &page[page.find("Các tin mới hơn").unwrap()..page.find("Các tin cũ hơn").unwrap()];
    for i in 4..8 {
        contains(newer, &format!("Bài số {i}"));
    }
    let older =
        &page[page.find("Các tin cũ hơn").unwrap()..page.find("Có thể bạn quan tâm").unwrap()];
    for i in 0..3 {
        contains(older, &format!("Bài số {i}"));
    }
    let related = &page[page.find("Có thể bạn quan tâm").unwrap()..];
    for i in [1, 5, 7] {
        contains(related, &format!("Bài số {i}"));
    }
    lacks(related, "Bài số 2<");
}

#[test]
fn feeds_are_rss_2_with_absolute_urls_and_local_dates() {
    let site = Site::new();
    for i in 0..25 {
        site.article(&format!("tin-tuc/b{i:02}.md"), &format!("title: \"Bài <{i}> & tin\"\ndate: 2024-03-{:02} 10:03\nsummary: \"Tóm tắt <b>{i}</b>\"\ntags: [Dân vận]", i + 1), "x\n");
    }
    site.build_ok();
    let feed = site.read("rss.xml");
    let channel = &elements(&feed, "channel")[0];
    assert_eq!(channel["title"][0], "Ban Dân vận Thử nghiệm");
    assert_eq!(channel["link"][0], "https://danvan.example.vn/");
    assert_eq!(channel["language"][0], "vi");
    let items = elements(&feed, "item");
    assert_eq!(items.len(), 20, "the 20 newest");
    let first = &items[0];
    assert_eq!(first["title"][0], "Bài <24> & tin");
    assert_eq!(first["link"][0], "https://danvan.example.vn/tin-tuc/b24/");
    assert_eq!(first["guid"][0], "https://danvan.example.vn/tin-tuc/b24/");
    assert_eq!(first["pubDate"][0], "Mon, 25 Mar 2024 10:03:00 +0700");
    assert_eq!(
        first["description"][0], "<p>Tóm tắt &lt;b&gt;24&lt;/b&gt;</p>",
        "HTML, escaped in the XML"
    );
    assert_eq!(first["category"][0], "Dân vận");
    contains(
        &feed,
        "<atom:link href=\"https://danvan.example.vn/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>",
    );
    assert_eq!(elements(&site.read("tin-tuc/rss.xml"), "item").len(), 20);
    assert_eq!(
        elements(&site.read("chu-de/dan-van/rss.xml"), "item").len(),
        20
    );
    assert!(site.exists("en/rss.xml"));
    contains(
        &site.read("index.html"),
        r#"<link rel="alternate" type="application/rss+xml" title="Ban Dân vận Thử nghiệm" href="/rss.xml">"#,
    );
}

#[test]
fn the_sitemap_lists_every_page_with_its_translations() {
    let site = tagged_site();
    site.article(
        "tin-tuc/chi-vi.md",
        "title: Chỉ tiếng Việt\ndate: 2024-04-01\nupdated: 2024-05-02 08:00",
        "x\n",
    );
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    let urls = elements(&sitemap, "url");
    let by_loc: BTreeMap<&str, &BTreeMap<String, Vec<String>>> =
        urls.iter().map(|u| (u["loc"][0].as_str(), u)).collect();
    let article = by_loc["https://danvan.example.vn/tin-tuc/a1/"];
    assert_eq!(article["lastmod"][0], "2024-03-02T00:00:00+07:00");
    let links = &article["xhtml:link"];
    assert!(
        links.contains(
            &"rel=alternate hreflang=vi href=https://danvan.example.vn/tin-tuc/a1/".to_owned()
        ),
        "{links:?}"
    );
    assert!(links.contains(
        &"rel=alternate hreflang=en href=https://danvan.example.vn/en/tin-tuc/a1/".to_owned()
    ));
    assert!(links.contains(
        &"rel=alternate hreflang=x-default href=https://danvan.example.vn/tin-tuc/a1/".to_owned()
    ));
    let alone = by_loc["https://danvan.example.vn/tin-tuc/chi-vi/"];
    assert_eq!(
        alone["lastmod"][0], "2024-05-02T08:00:00+07:00",
        "updated, not date"
    );
    assert!(!alone.contains_key("xhtml:link"));
    for page in [
        "https://danvan.example.vn/",
        "https://danvan.example.vn/en/",
        "https://danvan.example.vn/chu-de/dan-van-kheo/",
        "https://danvan.example.vn/luu-tru/2024/",
        "https://danvan.example.vn/tin-tuc/",
    ] {
        assert!(by_loc.contains_key(page), "{page}");
    }
    // Every <loc> is a built page.
    for loc in by_loc.keys() {
        let rel = loc.strip_prefix("https://danvan.example.vn/").unwrap();
        assert!(site.exists(&format!("{rel}index.html")), "{loc}");
    }
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://danvan.example.vn/sitemap.xml\n"
    );
}

/// Builds `site` with the debug build's sitemap limit set to `limit` URLs.
fn build_with_sitemap_limit(site: &Site, limit: usize) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kheo"))
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .env("KHEO_TEST_SITEMAP_URLS", limit.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_sitemap_past_its_limit_becomes_an_index_of_numbered_parts() {
    let site = tagged_site();
    site.build_ok();
    let locs = |xml: &str, tag: &str| -> Vec<String> {
        elements(xml, tag)
            .iter()
            .map(|u| u["loc"][0].clone())
            .collect()
    };
    let whole = locs(&site.read("sitemap.xml"), "url");
    assert!(whole.len() > 10, "{}", whole.len());
    assert!(!site.exists("sitemap-1.xml"));

    // A limit the site passes: an index, and parts holding every URL in order.
    build_with_sitemap_limit(&site, 4);
    let index = site.read("sitemap.xml");
    assert!(elements(&index, "url").is_empty(), "{index}");
    let listed = locs(&index, "sitemap");
    let parts = whole.len().div_ceil(4);
    let names: Vec<String> = (1..=parts)
        .map(|i| format!("https://danvan.example.vn/sitemap-{i}.xml"))
        .collect();
    assert_eq!(listed, names);
    let mut joined = Vec::new();
    for i in 1..=parts {
        let part = locs(&site.read(&format!("sitemap-{i}.xml")), "url");
        assert!(!part.is_empty() && part.len() <= 4, "part {i}: {part:?}");
        joined.extend(part);
    }
    assert_eq!(joined, whole);
    assert!(!site.exists(&format!("sitemap-{}.xml", parts + 1)));
    // robots.txt names the index.
    contains(
        &site.read("robots.txt"),
        "Sitemap: https://danvan.example.vn/sitemap.xml\n",
    );
    // Exactly at the limit: one sitemap again, and no part left behind.
    build_with_sitemap_limit(&site, whole.len());
    assert_eq!(locs(&site.read("sitemap.xml"), "url"), whole);
    assert!(!site.exists("sitemap-1.xml"));
}

#[test]
fn the_names_of_sitemap_parts_are_reserved() {
    let site = Site::new();
    site.file("content/sitemap-1.xml", "<urlset/>");
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\naliases: [/sitemap-2.xml]",
        "x\n",
    );
    let errors = crate::harness::render(&site.build_err());
    for expected in [
        "content/sitemap-1.xml:1:1: error: /sitemap-1.xml is reserved for a part of the sitemap",
        "content/tin-tuc/a.md:4:11: error: /sitemap-2.xml is reserved for a part of the sitemap",
    ] {
        contains(&errors, expected);
    }
}

#[test]
fn aliases_redirect_and_may_not_escape() {
    let site = Site::new();
    site.article(
        "tin-tuc/moi.md",
        "title: Bài mới\ndate: 2024-01-01\naliases: [/tin-tuc/chi-tiet/123.html, /bai-cu/]",
        "x\n",
    );
    site.build_ok();
    let redirect = site.read("tin-tuc/chi-tiet/123.html");
    contains(
        &redirect,
        r#"<meta http-equiv="refresh" content="0; url=https://danvan.example.vn/tin-tuc/moi/">"#,
    );
    contains(
        &redirect,
        r#"<link rel="canonical" href="https://danvan.example.vn/tin-tuc/moi/">"#,
    );
    assert!(site.exists("bai-cu/index.html"));

    site.article(
        "tin-tuc/moi.md",
        "title: Bài mới\ndate: 2024-01-01\naliases: [/ok.html, ../../../etc/cron.d/x]",
        "x\n",
    );
    let errors = site.build_err();
    assert_eq!((errors[0].line, errors[0].column), (4, 21));
    assert!(errors[0].message.contains("outside the output folder"));
    assert!(
        !site.root().join("etc").exists()
            && !site.root().parent().unwrap().join("etc/cron.d/x").exists()
    );
}

#[test]
fn old_addresses_with_a_query_go_into_the_redirect_files_and_the_pages_script() {
    let mut site = Site::new();
    site.base_url = Some("https://danvan.example.vn/dan-van/".to_owned());
    site.article(
        "tin-tuc/moi.md",
        "title: Bài mới\ndate: 2024-01-01\naliases: [\"/Default.aspx?tabid=85&ID=1234\", /tin-tuc/123.html]",
        "x\n",
    );
    site.article(
        "tin-tuc/moi.en.md",
        "title: New\ndate: 2024-01-01\naliases: [\"/?p=12\"]",
        "x\n",
    );
    site.build_ok();
    // The plain one still has its redirect page; the one with a query cannot.
    assert!(site.exists("tin-tuc/123.html"));
    assert!(!site.listing().iter().any(|f| f.contains("Default.aspx")));
    let map: BTreeMap<String, String> = serde_json::from_str(&site.read("redirects.json")).unwrap();
    assert_eq!(
        map,
        BTreeMap::from([
            ("/?p=12".to_owned(), "/dan-van/en/tin-tuc/moi/".to_owned()),
            (
                "/Default.aspx?tabid=85&ID=1234".to_owned(),
                "/dan-van/tin-tuc/moi/".to_owned()
            ),
        ])
    );
    contains(
        &site.read("redirects.nginx.conf"),
        "    \"/dan-van/Default.aspx?tabid=85&ID=1234\" \"/dan-van/tin-tuc/moi/\";\n",
    );
    contains(
        &site.read("redirects.apache.conf"),
        "RewriteCond %{QUERY_STRING} ^tabid=85&ID=1234$\nRewriteRule ^/?Default\\.aspx$ /dan-van/tin-tuc/moi/? [R=301,L,NE]\n",
    );
    contains(
        &site.read("_redirects"),
        "/dan-van/Default.aspx  tabid=85  ID=1234  /dan-van/tin-tuc/moi/  301!\n",
    );
    // Every page but search loads the script with the map; the 404 page too, in both languages' builds.
    for page in [
        "404.html",
        "index.html",
        "en/index.html",
        "tin-tuc/moi/index.html",
    ] {
        let html = site.read(page);
        let script = html
            .split("<script src=\"/dan-van/redirect.js?v=")
            .nth(1)
            .unwrap_or_else(|| panic!("{page} does not load redirect.js"));
        assert!(
            script.contains(
                "data-map=\"/dan-van/redirects.json\" data-base=\"/dan-van/\" defer></script>"
            ),
            "{page}: {script}"
        );
    }
    lacks(&site.read("tim-kiem/index.html"), "redirect.js");
    let again = site.read("redirects.apache.conf");
    site.build_ok();
    assert_eq!(site.read("redirects.apache.conf"), again);
}

#[test]
fn a_site_without_aliases_writes_no_redirect_files() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\naliases: [/cu.html]",
        "x\n",
    );
    site.build_ok();
    assert!(site.exists("_redirects") && !site.exists("redirects.json"));
    lacks(&site.read("index.html"), "redirect.js");
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    site.build_ok();
    for file in [
        "_redirects",
        "redirects.nginx.conf",
        "redirects.apache.conf",
        "redirects.json",
    ] {
        assert!(!site.exists(file), "{file}");
    }
}

#[test]
fn one_old_address_with_a_query_on_two_pages_is_an_error() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\naliases: [\"/x.aspx?id=1\"]",
        "x\n",
    );
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\naliases: [\"/x.aspx?id=1\"]",
        "x\n",
    );
    let errors = site.build_err();
    assert!(
        errors[0]
            .message
            .contains("content/tin-tuc/a.md and this file both list the old address /x.aspx?id=1"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].file, "content/tin-tuc/b.md");
}

#[test]
fn an_alias_on_another_pages_url_is_a_collision() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02\naliases: [/tin-tuc/a/]",
        "x\n",
    );
    let errors = site.build_err();
    // At the alias in b.md, naming a.md.
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line, errors[0].column),
        ("content/tin-tuc/b.md", 4, 11)
    );
    assert!(
        errors[0].message.contains("content/tin-tuc/a.md"),
        "{}",
        errors[0].message
    );
}

#[test]
fn not_found_page_and_search_pages() {
    let site = tagged_site();
    site.build_ok();
    let not_found = site.read("404.html");
    contains(&not_found, "<h1>Không tìm thấy trang</h1>");
    lacks(&not_found, "rel=\"canonical\"");
    contains(
        &not_found,
        r#"<a href="/en/" lang="en" hreflang="en">English</a>"#,
    );
    let search = site.read("tim-kiem/index.html");
    contains(&search, r#"data-index="/search-index.vi.json""#);
    contains(&search, "search.js?v=");
    // One search box on the search page: the header's is left out there.
    lacks(&search, "header-q");
    contains(&search, r#"<input id="search-q" name="q""#);
    contains(
        &search,
        r#"<p id="search-status" class="search-count" role="status"></p>"#,
    );
    contains(&site.read("404.html"), "header-q");
    contains(
        &site.read("en/search/index.html"),
        r#"data-index="/search-index.en.json""#,
    );
    contains(
        &site.read("index.html"),
        r#"<form class="search-form header-search" role="search" aria-label="Tìm kiếm" action="/tim-kiem/" method="get">"#,
    );
}
