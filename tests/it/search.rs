//! The search index as the browser reads it: a fixture site is built, then
//! `node` runs the theme's search.js over the files written (as the search
//! page does, reading only the files a query needs).

use std::path::Path;
use std::process::Command;

use crate::harness::Site;

/// Runs each query through search.js against the built site; returns, per
/// query, the URLs of the results in order and the files read.
fn queries(site: &Site, lang: &str, qs: &[&str]) -> Vec<(Vec<String>, Vec<String>)> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/search.js"
    );
    let runner = r#"
        const fs = require("fs");
        const path = require("path");
        const lib = require(process.argv[1]);
        const out = process.argv[2];
        const lang = process.argv[3];
        const qs = JSON.parse(process.argv[4]);
        const read = (url) => JSON.parse(fs.readFileSync(path.join(out, decodeURIComponent(url)), "utf8"));
        (async () => {
          const root = read(`/search-index.${lang}.json`);
          const answers = [];
          for (const q of qs) {
            const files = [];
            const load = (kind, i) => { files.push(kind + i); return read(root.base + kind + i + ".json"); };
            const r = await lib.search(root, load, q);
            const urls = r.ids.map((id) => read(root.details + id + ".json")[1]);
            answers.push([urls, files]);
          }
          console.log(JSON.stringify(answers));
        })().catch((e) => { console.error(e); process.exit(1); });
    "#;
    let out = Command::new("node")
        .arg("-e")
        .arg(runner)
        .arg(script)
        .arg(site.out())
        .arg(lang)
        .arg(serde_json::to_string(qs).unwrap())
        .output()
        .expect("node runs the browser's search script (install Node.js)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn urls(site: &Site, lang: &str, q: &str) -> Vec<String> {
    queries(site, lang, &[q]).remove(0).0
}

fn fixture() -> Site {
    let site = Site::new();
    site.article(
        "tin-tuc/duong-que.md",
        "title: Thắp sáng đường quê ở Điện Biên\ndate: 2024-03-01\ntags: [Dân vận khéo]",
        "Bà con góp tiền lắp đèn.\n",
    );
    site.article(
        "tin-tuc/bien.md",
        "title: Biển xanh\ndate: 2024-03-02",
        "Ven dương cầm, tiếng sóng. Hướng dẫn 80-HD/BDVTW.\n",
    );
    site.article(
        "tin-tuc/to-dan-van.md",
        "title: Hoạt động của Tổ dân vận thôn Đông\ndate: 2024-02-01",
        "Tổ dân vận vận động bà con làm đường.\n",
    );
    site.article(
        "tin-tuc/tach.md",
        "title: Vận động dân làng\ndate: 2024-02-02",
        "Tổ trưởng đến từng nhà; dân làng đồng lòng, vận động nhau.\n",
    );
    site.article(
        "gioi-thieu.md",
        "title: Giới thiệu\ndate: 2024-01-03",
        "Cổng thông tin về công tác dân vận.\n",
    );
    site.article(
        "tin-tuc/duong-que.en.md",
        "title: Lighting village roads in Dien Bien\ndate: 2024-03-01",
        "Residents paid for the lamps.\n",
    );
    site
}

#[test]
fn accent_free_queries_find_their_article_and_accents_rank_first() {
    let site = fixture();
    site.build_ok();
    // `đ` folds to `d`, which Pagefind does not do.
    assert_eq!(
        urls(&site, "vi", "duong que dien bien")[0],
        "/tin-tuc/duong-que/"
    );
    // đường before dương for the query đường; both for duong, newer first.
    let duong = urls(&site, "vi", "duong");
    assert_eq!(
        duong[..3],
        [
            "/tin-tuc/duong-que/",
            "/tin-tuc/bien/",
            "/tin-tuc/to-dan-van/"
        ]
    );
    let exact = urls(&site, "vi", "dương");
    assert_eq!(exact[0], "/tin-tuc/bien/", "{exact:?}");
    let exact = urls(&site, "vi", "đường");
    assert_eq!(exact[0], "/tin-tuc/duong-que/", "in the title");
    assert!(
        exact.iter().position(|u| u == "/tin-tuc/bien/")
            > exact.iter().position(|u| u == "/tin-tuc/to-dan-van/")
    );
    // Tags are searched too; each language has its own index.
    assert_eq!(urls(&site, "vi", "dân vận khéo")[0], "/tin-tuc/duong-que/");
    assert_eq!(urls(&site, "en", "lamps"), ["/en/tin-tuc/duong-que/"]);
    assert!(urls(&site, "en", "bà con").is_empty());
}

#[test]
fn phrases_titles_prefixes_and_document_numbers() {
    let site = fixture();
    site.build_ok();
    let phrase = urls(&site, "vi", "\"tổ dân vận\"");
    assert_eq!(
        phrase,
        ["/tin-tuc/to-dan-van/"],
        "the words side by side only"
    );
    let loose = urls(&site, "vi", "tổ dân vận");
    assert_eq!(loose[..2], ["/tin-tuc/to-dan-van/", "/tin-tuc/tach/"]);
    // The last word is a prefix while it is being typed.
    assert_eq!(urls(&site, "vi", "thắp sá"), ["/tin-tuc/duong-que/"]);
    assert!(
        urls(&site, "vi", "sá thắp").is_empty()
            || urls(&site, "vi", "sá thắp")[0] == "/tin-tuc/duong-que/"
    );
    // A document number with or without its punctuation.
    for q in ["80-HD/BDVTW", "80 hd bdvtw", "80-hd", "\"80 HD BDVTW\""] {
        assert_eq!(urls(&site, "vi", q)[0], "/tin-tuc/bien/", "{q}");
    }
}

#[test]
fn a_query_reads_a_few_files_and_results_show_their_details() {
    let site = fixture();
    site.build_ok();
    let root: serde_json::Value = serde_json::from_str(&site.read("search-index.vi.json")).unwrap();
    assert_eq!(root["version"], 2);
    assert_eq!(root["docs"], 5);
    assert!(root["base"].as_str().unwrap().starts_with("/search/vi/"));
    let (found, files) = queries(&site, "vi", &["dân vận khéo"]).remove(0);
    assert!(!found.is_empty());
    assert!(files.len() <= 6, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f.starts_with('w') || f.starts_with('f')),
        "{files:?}"
    );
    // What a result shows: title, URL, date, section, the start of its text.
    assert_eq!(root["details"], "/search/vi/d/");
    assert_eq!(root["dv"].as_str().unwrap().len(), 8);
    let detail: serde_json::Value = serde_json::from_str(&site.read("search/vi/d/0.json")).unwrap();
    assert_eq!(
        detail,
        serde_json::json!([
            "Biển xanh",
            "/tin-tuc/bien/",
            "02/03/2024",
            "Tin tuc",
            "Ven dương cầm, tiếng sóng. Hướng dẫn 80-HD/BDVTW."
        ])
    );
    let page: serde_json::Value = serde_json::from_str(&site.read("search/vi/d/4.json")).unwrap();
    assert_eq!(page[3], "", "a standalone page has no section");
}

#[test]
fn the_root_file_does_not_grow_with_the_articles() {
    let site = Site::new();
    let root_size = |site: &Site| site.read("search-index.vi.json").len();
    for i in 0..20 {
        site.article(
            &format!("tin-tuc/bai-{i}.md"),
            &format!("title: Bài số {i} về dân vận\ndate: 2024-01-{:02}", i + 1),
            "Tổ dân vận thôn vận động bà con hiến đất làm đường.\n",
        );
    }
    site.build_ok();
    let small = root_size(&site);
    for i in 20..400 {
        site.article(
            &format!("tin-tuc/bai-{i}.md"),
            &format!(
                "title: Bài số {i} về dân vận\ndate: 2023-01-01 {:02}:{:02}",
                i / 60 % 24,
                i % 60
            ),
            "Tổ dân vận thôn vận động bà con hiến đất làm đường.\n",
        );
    }
    site.build_ok();
    // Twenty times the articles, nothing per article up front: the root
    // lists chunks of the index, a handful here.
    assert!(
        root_size(&site) < small + 200,
        "{small} -> {}",
        root_size(&site)
    );
    assert!(Path::new(&site.out()).join("search/vi").is_dir());
}

/// Documents (`van-ban/`) are in each language's index after the pages:
/// found by their number however it is typed, by kind, title and issuer,
/// with the document's page, date signed and the documents' list as
/// their result.
#[test]
fn documents_are_found_by_number_kind_title_and_issuer() {
    let site = fixture();
    site.file(
        "content/van-ban/202-2025-qh15.md",
        "---\nnumber: 202/2025/QH15\nkind: Nghị quyết\nissuer: Quốc hội\nsigned: 12/06/2025\ntitle: Về việc sắp xếp đơn vị hành chính cấp tỉnh\n---\nQuốc hội quyết định sắp xếp 63 tỉnh, thành phố thành 34.\n",
    );
    site.file(
        "content/van-ban/202-2025-qh15.en.md",
        "---\ntitle: On rearranging the provinces\n---\nThe National Assembly merges the provinces.\n",
    );
    site.file(
        "content/van-ban/5-ct-tw.md",
        "---\nnumber: 5-CT/TW\nkind: Chỉ thị\nissuer: Bộ Chính trị\nsigned: 2016-05-15\ntitle: Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\n---\n",
    );
    site.file(
        "content/van-ban/6-ct-tw.md",
        "---\nnumber: 6-CT/TW\nkind: Chỉ thị\nissuer: Bộ Chính trị\nsigned: 2019-01-01\ntitle: Một chỉ thị mới hơn\n---\n",
    );
    site.file(
        "content/van-ban/80-hd-bdvtw.md",
        "---\nnumber: 80-HD/BDVTW\nkind: Hướng dẫn\nissuer: Ban Dân vận Trung ương\nsigned: 28/02/2012\ntitle: Về thành lập Tổ dân vận\n---\n",
    );
    site.build_ok();
    let root: serde_json::Value = serde_json::from_str(&site.read("search-index.vi.json")).unwrap();
    assert_eq!(
        root["docs"],
        5 + 4,
        "the five pages, then the four documents"
    );

    let nq = "/van-ban/202-2025-qh15/";
    for q in [
        "202/2025/QH15",
        "202/2025",
        "202",
        "202 2025 qh15",
        "nghị quyết 202",
        "nghi quyet 202",
        "\"202/2025/QH15\"",
        "sắp xếp đơn vị hành chính",
        "quốc hội",
    ] {
        assert_eq!(
            urls(&site, "vi", q).first().map(String::as_str),
            Some(nq),
            "{q}"
        );
    }
    // A single-digit number is found whole, before other directives (a
    // newer one among them).
    for q in ["5-CT/TW", "5 ct tw", "chỉ thị 5"] {
        assert_eq!(
            urls(&site, "vi", q).first().map(String::as_str),
            Some("/van-ban/5-ct-tw/"),
            "{q}"
        );
    }
    // The article citing 80-HD/BDVTW is found too; the document's title
    // holds the number, so it comes first.
    let hd = urls(&site, "vi", "80-HD/BDVTW");
    assert_eq!(hd[..2], ["/van-ban/80-hd-bdvtw/", "/tin-tuc/bien/"]);
    assert_eq!(
        urls(&site, "vi", "hướng dẫn 80")[0],
        "/van-ban/80-hd-bdvtw/"
    );

    // In English: the English pages, kinds in English (and Vietnamese), the
    // translation's title, the Vietnamese title where there is none.
    let en = "/en/documents/202-2025-qh15/";
    for q in [
        "202/2025/QH15",
        "resolution 202",
        "nghị quyết 202",
        "rearranging provinces",
    ] {
        assert_eq!(
            urls(&site, "en", q).first().map(String::as_str),
            Some(en),
            "{q}"
        );
    }
    assert_eq!(
        urls(&site, "en", "directive 5")[0],
        "/en/documents/5-ct-tw/"
    );
    assert_eq!(
        urls(&site, "en", "tổ dân vận")[0],
        "/en/documents/80-hd-bdvtw/"
    );

    // What a result shows: title with kind and number, the page, the date
    // signed, the documents' list as its section, the start of its text.
    let n = (0..9)
        .find(|i| site.read(&format!("search/vi/d/{i}.json")).contains(nq))
        .unwrap();
    let detail: serde_json::Value =
        serde_json::from_str(&site.read(&format!("search/vi/d/{n}.json"))).unwrap();
    assert_eq!(
        detail,
        serde_json::json!([
            "Nghị quyết 202/2025/QH15 – Về việc sắp xếp đơn vị hành chính cấp tỉnh",
            nq,
            "12/06/2025",
            "Văn bản",
            "Quốc hội quyết định sắp xếp 63 tỉnh, thành phố thành 34."
        ])
    );
    let detail: serde_json::Value =
        serde_json::from_str(&site.read(&format!("search/en/d/{}.json", n - 4))).unwrap();
    assert_eq!(
        detail[0],
        "Resolution 202/2025/QH15 – On rearranging the provinces"
    );
    assert_eq!(detail[1], en);
    assert!(detail[2].as_str().unwrap().contains("2025"), "{detail}");
    assert_eq!(detail[3], "Documents");
}

/// `KHEO_TIMINGS=1` gives the search index its own lap, and the time spent
/// analysing pages for it while they render, so its share of a build can
/// be told apart from the data files written beside it.
#[test]
fn timings_report_the_search_index_apart() {
    let site = fixture();
    let out = crate::harness::kheo()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .env("KHEO_TIMINGS", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = |name: &str| {
        stderr
            .lines()
            .find(|l| l.starts_with("kheo timing:") && l.contains(name))
            .unwrap_or_else(|| panic!("no `{name}` line in:\n{stderr}"))
            .to_owned()
    };
    line("  data files ");
    line("  search index ");
    assert!(!stderr.contains("data+search"), "{stderr}");
    let per_page = line("search, per page");
    let ms: f64 = per_page
        .rsplit(':')
        .next()
        .and_then(|t| t.trim().strip_suffix("ms"))
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or_else(|| panic!("no time in {per_page}"));
    assert!(ms > 0.0, "{per_page}: six pages were analysed");
}

/// A build reads the pages' words into the index chunk by chunk as they
/// render (and keeps none), `kheo serve` keeps every page's words until the
/// index is written: both give the same index, byte for byte. The site has
/// more pages than a chunk holds, in two languages (a chunk spans the end
/// of one and the start of the other), a standalone page and a document
/// after them, and dates that put the index's order (newest first) far from
/// the order of the files.
#[test]
fn a_build_reading_pages_chunk_by_chunk_gives_the_index_serve_gives() {
    let site = Site::new();
    let vi = [
        "đường",
        "làng",
        "dân",
        "vận",
        "khéo",
        "hiến",
        "đất",
        "bà",
        "con",
        "thôn",
        "xóm",
        "đèn",
        "cầu",
        "trường",
        "học",
        "nước",
        "sạch",
    ];
    let en = [
        "road", "village", "lamp", "bridge", "school", "water", "field", "market", "river", "team",
        "elders", "youth", "women",
    ];
    for i in 0..300usize {
        // A permutation of the minutes: index order is not file order.
        let k = i * 97 % 300;
        let date = format!("2023-05-06 {:02}:{:02}", k / 60, k % 60);
        let words = |pool: &[&str]| -> String {
            (0..12)
                .map(|j| pool[(i * (j + 3) + j * j) % pool.len()])
                .collect::<Vec<_>>()
                .join(" ")
        };
        site.article(
            &format!("tin-tuc/bai-{i:03}.md"),
            &format!(
                "title: \"{} {}\"\ndate: {date}",
                vi[i % vi.len()],
                vi[i % 7]
            ),
            &format!("{}.\n", words(&vi)),
        );
        site.article(
            &format!("tin-tuc/bai-{i:03}.en.md"),
            &format!(
                "title: \"{} {}\"\ndate: {date}",
                en[i % en.len()],
                en[i % 5]
            ),
            &format!("{}.\n", words(&en)),
        );
    }
    site.article(
        "gioi-thieu.md",
        "title: Giới thiệu\ndate: 2024-01-03",
        "Cổng thông tin về công tác dân vận.\n",
    );
    site.file(
        "content/van-ban/202-2025-qh15.md",
        "---\nnumber: 202/2025/QH15\nkind: Nghị quyết\nissuer: Quốc hội\nsigned: 12/06/2025\ntitle: Về việc sắp xếp đơn vị hành chính cấp tỉnh\n---\nQuốc hội quyết định sắp xếp đường làng.\n",
    );
    site.build_ok();
    let mut preview = kheo::preview::Preview::new(kheo::preview::PreviewOptions {
        root: site.root().to_path_buf(),
        drafts: false,
        future: false,
        base_url: None,
    });
    preview.rebuild().unwrap();
    let served = preview.site();
    let is_search = |rel: &str| rel.starts_with("search-index.") || rel.starts_with("search/");
    let out = site.out();
    let mut built: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .filter(|rel| is_search(rel))
        .collect();
    built.sort();
    let served_paths: Vec<&str> = served
        .paths()
        .into_iter()
        .filter(|p| is_search(p))
        .collect();
    assert_eq!(built, served_paths);
    // Each language's pages and the document have their result details.
    assert!(built.len() > 600, "{}", built.len());
    for rel in &built {
        let bytes = std::fs::read(out.join(rel)).unwrap();
        assert!(
            **served.get(rel).unwrap() == *bytes,
            "{rel} differs:\n--- build\n{}\n--- serve\n{}",
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(served.get(rel).unwrap())
        );
    }
    let root: serde_json::Value = serde_json::from_str(&site.read("search-index.vi.json")).unwrap();
    assert_eq!(root["docs"], 302, "300 articles, a page, a document");
    // The newest article is the index's first entry.
    let newest = (0..300).find(|i| i * 97 % 300 == 299).unwrap();
    let first: serde_json::Value = serde_json::from_str(&site.read("search/vi/d/0.json")).unwrap();
    assert!(
        first[1]
            .as_str()
            .unwrap()
            .contains(&format!("bai-{newest:03}")),
        "{first}"
    );
}
