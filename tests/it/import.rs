//! `kheo import`: the fixture exports of tests/fixtures/import/ — a WordPress
//! export with its uploads, an RSS and an Atom feed, portals saved by
//! `wget --mirror` in three layouts read through the sample selector files
//! of docs/import/ — become articles that keep their text, lists, tables,
//! pictures and dates, drop the clutter, pass `kheo check --strict`, build
//! with their old addresses in the redirect files, and import again to no
//! change at all.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use kheo::diag::Diagnostic;
use kheo::import::{ImportError, ImportOptions, ImportReport};

use crate::harness::{Site, contains, lacks, render};

const SITE_VI: &str = "title: Ban Dân vận Thử nghiệm\nbase_url: https://danvan.example.vn/\nlanguages: [vi]\ntimezone: Asia/Ho_Chi_Minh\n";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(rel)
}

fn sample(name: &str) -> PathBuf {
    repo().join("docs/import").join(name)
}

fn options(site: &Site, source: &Path) -> ImportOptions {
    ImportOptions {
        root: site.root().to_path_buf(),
        source: source.to_path_buf(),
        into: None,
        config: None,
        files: None,
    }
}

fn run(opts: &ImportOptions) -> ImportReport {
    match kheo::import::import(opts) {
        Ok(r) => r,
        Err(ImportError::Failed(d)) => panic!("the import failed:\n{}", render(&d)),
        Err(ImportError::Usage(u)) => panic!("usage: {u}"),
    }
}

/// Every file under a folder with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn read(site: &Site, rel: &str) -> String {
    fs::read_to_string(site.root().join(rel)).unwrap_or_else(|e| {
        panic!(
            "{rel}: {e}; content/ has {:?}",
            tree(&site.root().join("content")).keys()
        )
    })
}

fn warnings(report: &ImportReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .map(|d| d.render(false))
        .collect()
}

/// `kheo check --strict`: no problem but the ones listed.
fn check_strict(site: &Site) -> Vec<Diagnostic> {
    kheo::check(&kheo::CheckOptions {
        root: site.root().to_path_buf(),
        strict: true,
    })
}

/// A copy of a saved portal fixture. The fixtures keep wget's Windows names
/// (`Default.aspx@tabid=85.html`, safe in any checkout); `question_marks`
/// gives them back the `?` wget keeps on Linux.
fn saved_copy(name: &str, question_marks: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let from = fixture(name);
    let host = from.file_name().unwrap().to_owned();
    let to = dir.path().join(&host);
    for e in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(&from)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let rel = if question_marks {
            rel.replace('@', "?")
        } else {
            rel
        };
        let target = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
    (dir, to)
}

fn kheo(args: &[&str]) -> (Option<i32>, String, String) {
    let out = crate::harness::kheo()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_wordpress_export_with_its_uploads_becomes_articles_pages_and_pictures() {
    let site = Site::with_config(SITE_VI);
    let mut opts = options(&site, &fixture("wordpress/export.xml"));
    opts.files = Some(fixture("wordpress/uploads"));
    let report = run(&opts);
    assert_eq!(
        report.written,
        [
            "content/tin-tuc/2017-07-19-hoi-nghi-so-ket.md",
            "content/tin-tuc/2016-11-05-duong-noi-dong.md",
            "content/tin-tuc/2018-01-10-ke-hoach-tuyen-truyen-nam-2018.md",
            "content/gioi-thieu.md",
        ]
    );
    assert_eq!((report.skipped, report.failed, report.copied), (0, 0, 4));
    assert_eq!(report.kind, "a WordPress export");
    assert!(
        report.notes.iter().any(|n| n.contains("nav_menu_item")),
        "{:?}",
        report.notes
    );
    assert!(
        report.notes.iter().any(|n| n.contains("trash")),
        "{:?}",
        report.notes
    );

    let post = read(&site, "content/tin-tuc/2017-07-19-hoi-nghi-so-ket.md");
    assert!(
        post.starts_with(
            "---\ntitle: Hội nghị sơ kết hai năm hoạt động của Tổ dân vận\ndate: 2017-07-19 08:56:37\nauthor: Ban biên tập\nsummary: Mười hai Tổ dân vận của xã đã đi vào nền nếp sau hai năm.\ntags: [Tin tức, Dân vận khéo, Tổ dân vận]\nimage: hoi-nghi.jpg\nimage_caption: Quang cảnh hội nghị sơ kết tại hội trường xã\naliases: [\"/2017/07/19/hoi-nghi-so-ket/\", \"/?p=201\"]\n---\n\n"
        ),
        "{post}"
    );
    // Text, list, the [caption] picture, the table, links, the shortcode's text.
    contains(&post, "tổ chức **hội nghị sơ kết** hai năm");
    contains(
        &post,
        "Sau hai năm, mười hai tổ của xã đã đi vào nền nếp:\n\n- mỗi tổ họp định kỳ một lần mỗi tháng;\n- mọi tổ đều có quy chế làm việc;\n",
    );
    contains(
        &post,
        "![Đường nội đồng](duong-noi-dong.jpg \"Đoạn đường nội đồng nhân dân góp công làm năm 2016\")",
    );
    contains(
        &post,
        "### Kết quả năm 2016\n\n| Nội dung | Số lượng |\n| --- | --- |\n| Vụ việc hòa giải thành | 6 |\n| Đường giao thông làm mới (km) | 2,8 |\n",
    );
    contains(
        &post,
        "[Thôn Lại Xá góp sức làm đường nội đồng](2016-11-05-duong-noi-dong.md)",
    );
    // A link to a draft keeps its old address: drafts are not built.
    contains(&post, "[kế hoạch năm sau](http://tankhe.example.vn/?p=203)");
    contains(&post, "[tải về (PDF)](bao-cao-ket-qua.pdf)");
    contains(&post, "Hội nghị đề ra bốn nhóm giải pháp cho năm tới.");
    for clutter in [
        "vc_row",
        "vc_column",
        "&nbsp;",
        "style",
        "<span",
        "<br",
        "\u{a0}",
        "](hoi-nghi.jpg",
    ] {
        lacks(&post, clutter);
    }

    let other = read(&site, "content/tin-tuc/2016-11-05-duong-noi-dong.md");
    contains(
        &other,
        "author: Nguyễn Thu Hà\ntags: [Giao thông nông thôn]\naliases: [\"/2016/11/05/duong-noi-dong/\", \"/?p=202\"]\n---\n",
    );
    lacks(&other, "Chưa được phân loại");
    contains(
        &other,
        "Nhân dân thôn Lại Xá đã *hiến đất, góp công* làm 2,8 km",
    );
    contains(
        &other,
        "![Nhà văn hóa](nha-van-hoa.jpg \"Nhà văn hóa thôn, nơi tổ họp bàn\")",
    );
    contains(
        &other,
        "| **Hạng mục** | **Ngày công** |\n| --- | --- |\n| Đổ bê tông | 1.240 |",
    );
    // A picture on another site, or missing from the uploads, is a link, never an image.
    contains(
        &other,
        "[Lễ khánh thành](https://cdn.other.example.com/photos/le-khanh-thanh.jpg)",
    );
    contains(
        &other,
        "[Ảnh đã mất](http://tankhe.example.vn/wp-content/uploads/2016/11/anh-da-mat.jpg)",
    );
    lacks(&other, "![Lễ");
    lacks(&other, "<!--");

    let draft = read(
        &site,
        "content/tin-tuc/2018-01-10-ke-hoach-tuyen-truyen-nam-2018.md",
    );
    contains(&draft, "date: 2018-01-10 10:00\n");
    contains(&draft, "draft: true\n---\n");
    // A page is a page of the site; its old address is its new one, so only the ?page_id= one is kept.
    let page = read(&site, "content/gioi-thieu.md");
    contains(&page, "aliases: [\"/?page_id=301\"]\n");
    contains(
        &page,
        "Xã Tân Khê có sáu thôn, hơn chín nghìn nhân khẩu.\\\nTrụ sở: thôn Trung.\n",
    );

    // The original of the resized picture, byte for byte.
    assert_eq!(
        fs::read(site.root().join("content/tin-tuc/hoi-nghi.jpg")).unwrap(),
        fs::read(fixture("wordpress/uploads/2017/07/hoi-nghi.jpg")).unwrap()
    );
    assert!(
        site.root()
            .join("content/tin-tuc/bao-cao-ket-qua.pdf")
            .exists()
    );

    let w = warnings(&report);
    assert_eq!(w.len(), 4, "{w:#?}");
    assert!(
        w[0].starts_with(&format!(
            "{}:93:2: warning: “Hội nghị sơ kết",
            opts.source.display()
        )),
        "{}",
        w[0]
    );
    assert!(w[0].ends_with(
        "the shortcodes [vc_column_text], [vc_row] were taken out (the text between them is kept)"
    ));
    assert!(
        w[1].contains(
            "1 link to a page of the old site that was not imported keeps its old address"
        )
    );
    assert!(
        w[2].contains("https://cdn.other.example.com/photos/le-khanh-thanh.jpg is on another site")
    );
    assert!(w[3].contains("anh-da-mat.jpg is not in the old site's files"));

    // The site checks clean (the draft is only noted) and builds with its old addresses.
    let problems = check_strict(&site);
    assert!(
        problems
            .iter()
            .all(|d| !d.is_error() && d.message.contains("draft")),
        "{}",
        render(&problems)
    );
    site.build_ok();
    let map: BTreeMap<String, String> = serde_json::from_str(&site.read("redirects.json")).unwrap();
    assert_eq!(map["/?p=201"], "/tin-tuc/hoi-nghi-so-ket/");
    assert_eq!(map["/?page_id=301"], "/gioi-thieu/");
    contains(
        &site.read("_redirects"),
        "/2017/07/19/hoi-nghi-so-ket/  /tin-tuc/hoi-nghi-so-ket/  301\n",
    );
    contains(
        &site.read("2017/07/19/hoi-nghi-so-ket/index.html"),
        "url=https://danvan.example.vn/tin-tuc/hoi-nghi-so-ket/",
    );
    let article = site.read("tin-tuc/hoi-nghi-so-ket/index.html");
    contains(&article, "Quang cảnh hội nghị sơ kết tại hội trường xã");
    contains(
        &article,
        "<figcaption>Đoạn đường nội đồng nhân dân góp công làm năm 2016</figcaption>",
    );
    contains(&article, "href=\"/tin-tuc/duong-noi-dong/\"");

    // Again: nothing changes, byte for byte.
    let before = tree(&site.root().join("content"));
    let again = run(&opts);
    assert!(again.written.is_empty() && again.copied == 0 && again.failed == 0);
    assert_eq!(again.skipped, 4);
    assert!(
        again.diagnostics.is_empty(),
        "{}",
        render(&again.diagnostics)
    );
    assert_eq!(tree(&site.root().join("content")), before);
}

#[test]
fn an_edited_article_is_never_replaced() {
    let site = Site::with_config(SITE_VI);
    // A file at a name the import would use, that does not even load.
    site.file(
        "content/tin-tuc/2016-11-05-duong-noi-dong.md",
        "một bản nháp dở\n",
    );
    let mut opts = options(&site, &fixture("wordpress/export.xml"));
    opts.files = Some(fixture("wordpress/uploads"));
    let report = run(&opts);
    assert_eq!(
        read(&site, "content/tin-tuc/2016-11-05-duong-noi-dong.md"),
        "một bản nháp dở\n"
    );
    assert_eq!((report.written.len(), report.skipped), (3, 1));
    assert!(
        warnings(&report).iter().any(|w| w.contains(
            "content/tin-tuc/2016-11-05-duong-noi-dong.md already exists and is not replaced"
        )),
        "{:#?}",
        warnings(&report)
    );

    // An editor rewrites an imported article and drops its aliases: it is still that article.
    let file = "content/tin-tuc/2017-07-19-hoi-nghi-so-ket.md";
    let edited = read(&site, file)
        .lines()
        .filter(|l| !l.starts_with("aliases:"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "hai năm hoạt động của các",
            "hai năm hoạt động (đã biên tập) của các",
        );
    site.file(file, &edited);
    let before = tree(&site.root().join("content"));
    let again = run(&opts);
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(tree(&site.root().join("content")), before);
}

#[test]
fn an_export_cut_off_half_way_is_an_error_naming_the_file_and_nothing_is_written() {
    let site = Site::with_config(SITE_VI);
    let whole = fs::read_to_string(fixture("wordpress/export.xml")).unwrap();
    let cut = &whole[..whole.find("<title>Thôn Lại Xá").unwrap()];
    let file = site.root().join("export-cut.xml");
    fs::write(&file, cut).unwrap();
    let before = tree(&site.root().join("content"));
    let Err(ImportError::Failed(errors)) = kheo::import::import(&options(&site, &file)) else {
        panic!("a cut-off export must fail");
    };
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.file, file.display().to_string());
    assert_eq!(e.line, cut.matches('\n').count() + 1, "{}", e.render(false));
    assert!(e.message.contains("cut off"), "{}", e.message);
    assert_eq!(tree(&site.root().join("content")), before);

    let root = site.root().to_string_lossy().into_owned();
    let (code, _, stderr) = kheo(&["import", &file.to_string_lossy(), "--root", &root]);
    assert_eq!(code, Some(1));
    contains(
        &stderr,
        &format!("{}:{}:{}: error: ", file.display(), e.line, e.column),
    );
    contains(&stderr, "kheo import: nothing was imported");
    assert_eq!(tree(&site.root().join("content")), before);

    // Not an export at all.
    let html = site.root().join("trang.xml");
    fs::write(&html, "<html><body>x</body></html>").unwrap();
    let Err(ImportError::Failed(errors)) = kheo::import::import(&options(&site, &html)) else {
        panic!("an HTML file is no export");
    };
    assert!(
        errors[0]
            .message
            .contains("not a WordPress export, an RSS feed or an Atom feed")
    );
}

#[test]
fn a_saved_dotnetnuke_portal_read_through_the_sample_selector_file() {
    let site = Site::with_config(SITE_VI);
    let (_keep, saved) = saved_copy("dnn/danvan.example.vn", true);
    let mut opts = options(&site, &saved);
    opts.config = Some(sample("dnn-dcs.yaml"));
    let report = run(&opts);
    assert_eq!(report.failed, 0, "{}", render(&report.diagnostics));
    assert_eq!(
        report.written,
        [
            "content/tin-tuc/2017-07-19-nang-cao-chat-luong-hoat-dong-cua-to-dan-van-o-khu-dan-cu.md",
            "content/tin-tuc/2024-10-28-mo-hinh-tu-quan-duong-lang-o-thon-dong.md",
        ]
    );
    assert_eq!(report.copied, 3);
    let a = read(&site, &report.written[0]);
    assert!(
        a.starts_with(
            "---\ntitle: Nâng cao chất lượng hoạt động của Tổ dân vận ở khu dân cư\ndate: 2017-07-19 08:56:37\nauthor: Ban Dân vận Tỉnh ủy\nsummary: Sau hai năm ra mắt, các Tổ dân vận ở thôn và khu dân cư đã trở thành cầu nối giữa chi bộ với nhân dân.\nimage: hoi-nghi-to-dan-van.jpg\nimage_caption: Lãnh đạo Ban Dân vận trao giấy khen cho các tổ tiêu biểu\naliases: [\"/Default.aspx?tabid=85&ID=1234\", \"/tin-tuc/nang-cao-chat-luong-to-dan-van-1234.aspx\"]\n---\n\n**Thực hiện hướng dẫn của Ban Dân vận Trung ương**, Ban Thường vụ"
        ),
        "{a}"
    );
    contains(
        &a,
        "Mỗi tổ có từ năm đến chín thành viên, do bí thư chi bộ làm tổ trưởng.\n\nCác tổ đã nắm bắt",
    );
    contains(
        &a,
        "phản ánh với chi bộ những việc nảy sinh ở cơ sở.\n\nKết quả cụ thể trong năm:\n\n| **Nội dung** | **Năm 2016** | **Năm 2017** |\n| --- | --- | --- |\n| Số Tổ dân vận | 1.490 | 1.497 |\n",
    );
    contains(&a, "- Nhân rộng các mô hình *“Dân vận khéo”*.\n");
    contains(
        &a,
        "[Mô hình tự quản đường làng ở thôn Đông](2024-10-28-mo-hinh-tu-quan-duong-lang-o-thon-dong.md)",
    );
    contains(&a, "[kế hoạch năm 2017](ke-hoach-2017.doc)");
    for chrome in [
        "Lượt xem",
        "CÁC TIN KHÁC",
        "Các tin khác",
        "CHUYÊN MỤC",
        "In bài",
        "Gửi email",
        "truy cập",
        "VIEWSTATE",
        "googletagmanager",
        "Chia sẻ",
        "Cập nhật",
        "Tác giả bài viết",
        "Dân biết, dân bàn",
        "Bản quyền",
        "_gaq",
    ] {
        lacks(&a, chrome);
    }
    assert_eq!(
        fs::read(site.root().join("content/tin-tuc/hoi-nghi-to-dan-van.jpg")).unwrap(),
        fs::read(saved.join("Portals/0/Images/2017/Hoi nghi to dan van.JPG")).unwrap()
    );
    let b = read(&site, &report.written[1]);
    contains(
        &b,
        "date: 2024-10-28 10:03\nauthor: Minh Châu\nimage: mo-hinh.jpg\naliases: [\"/Default.aspx?tabid=85&ID=1240\"]\n",
    );
    contains(
        &b,
        "[Nâng cao chất lượng hoạt động của Tổ dân vận](2017-07-19-nang-cao-chat-luong-hoat-dong-cua-to-dan-van-o-khu-dan-cu.md)",
    );

    let problems = check_strict(&site);
    assert!(problems.is_empty(), "{}", render(&problems));
    site.build_ok();
    let map: BTreeMap<String, String> = serde_json::from_str(&site.read("redirects.json")).unwrap();
    assert_eq!(
        map,
        BTreeMap::from([
            (
                "/Default.aspx?tabid=85&ID=1234".to_owned(),
                "/tin-tuc/nang-cao-chat-luong-hoat-dong-cua-to-dan-van-o-khu-dan-cu/".to_owned()
            ),
            (
                "/Default.aspx?tabid=85&ID=1240".to_owned(),
                "/tin-tuc/mo-hinh-tu-quan-duong-lang-o-thon-dong/".to_owned()
            ),
        ])
    );
    contains(
        &site.read("redirects.apache.conf"),
        "RewriteCond %{QUERY_STRING} ^tabid=85&ID=1234$\nRewriteRule ^/?Default\\.aspx$ /tin-tuc/nang-cao-chat-luong-hoat-dong-cua-to-dan-van-o-khu-dan-cu/? [R=301,L,NE]\n",
    );
    contains(
        &site.read("redirects.nginx.conf"),
        "    \"/Default.aspx?tabid=85&ID=1240\" \"/tin-tuc/mo-hinh-tu-quan-duong-lang-o-thon-dong/\";\n",
    );
    contains(
        &site.read("_redirects"),
        "/Default.aspx  tabid=85  ID=1234  /tin-tuc/nang-cao-chat-luong-hoat-dong-cua-to-dan-van-o-khu-dan-cu/  301!\n",
    );
    contains(&site.read("404.html"), "data-map=\"/redirects.json\"");
    assert!(site.exists("tin-tuc/nang-cao-chat-luong-to-dan-van-1234.aspx/index.html"));

    let before = tree(&site.root().join("content"));
    let again = run(&opts);
    assert!(
        again.written.is_empty() && again.skipped == 2,
        "{:?}",
        again.written
    );
    assert_eq!(tree(&site.root().join("content")), before);
}

#[test]
fn a_wordpress_site_and_a_joomla_site_saved_as_html() {
    let site = Site::with_config(SITE_VI);
    let mut opts = options(&site, &fixture("wp-theme/xa.example.vn"));
    opts.config = Some(sample("wordpress-theme.yaml"));
    let report = run(&opts);
    assert_eq!(
        report.written,
        ["content/tin-tuc/2019-08-02-toa-dam-ve-hoat-dong-cua-to-dan-van-o-to-dan-pho.md"]
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("1 saved page is not an article")),
        "{:?}",
        report.notes
    );
    let a = read(&site, &report.written[0]);
    assert!(
        a.starts_with("---\ntitle: Tọa đàm về hoạt động của tổ dân vận ở tổ dân phố\ndate: 2019-08-02 15:23\nauthor: Thu Hà\ntags: [Tổ dân vận, Tọa đàm]\nimage: toa-dam.jpg\nimage_caption: Quang cảnh tọa đàm ở cụm một\naliases: [\"/2019/08/02/toa-dam-to-dan-van/\"]\n---\n"),
        "{a}"
    );
    contains(
        &a,
        "## Sáu định hướng\n\n1. Kiện toàn tổ theo địa bàn mới;\n2. Phát huy",
    );
    contains(&a, "> Tổ dân vận là cánh tay nối dài của chi bộ.");
    // A page that was not saved keeps its old address, not its saved name.
    contains(
        &a,
        "[kế hoạch tọa đàm](http://xa.example.vn/2019/07/20/ke-hoach-toa-dam/)",
    );
    for chrome in [
        "Chia sẻ",
        "Twitter",
        "Bài liên quan",
        "Bài mới",
        "Trang chủ",
        "Đăng vào",
        "05/08/2019",
    ] {
        lacks(&a, chrome);
    }

    let mut opts = options(&site, &fixture("joomla/phuong.example.vn"));
    opts.config = Some(sample("joomla.yaml"));
    opts.into = Some("phuong".to_owned());
    let report = run(&opts);
    assert_eq!(
        report.written,
        [
            "content/phuong/2024-03-14-to-dan-van-to-dan-pho-so-2-giai-quyet-viec-ton-dong-nhieu-nam.md"
        ]
    );
    let j = read(&site, &report.written[0]);
    assert!(
        j.starts_with("---\ntitle: Tổ dân vận tổ dân phố số 2 giải quyết việc tồn đọng nhiều năm\ndate: 2024-03-14 09:30\nauthor: Lê Minh\ntags: [Tổ dân vận]\nimage: to-dan-pho.jpg\naliases: [\"/index.php?option=com_content&view=article&id=12&catid=8&Itemid=101\"]\n---\n\nMột công trình xây dựng sai phép"),
        "{j}"
    );
    for chrome in ["Lượt xem", "Viết bởi", "Trước", "Chi tiết", "In"] {
        lacks(&j, &format!("{chrome} "));
    }
    let problems = check_strict(&site);
    assert!(problems.is_empty(), "{}", render(&problems));
}

#[test]
fn rss_and_atom_feeds_with_and_without_their_full_text() {
    let site = Site::with_config(SITE_VI);
    let mut opts = options(&site, &fixture("feeds/rss.xml"));
    opts.into = Some("tin-hoat-dong".to_owned());
    let report = run(&opts);
    assert_eq!(report.kind, "an RSS feed");
    assert_eq!(
        report.written,
        [
            "content/tin-hoat-dong/2024-08-16-ra-mat-mo-hinh-chi-hoi-phu-nu-nha-tro.md",
            "content/tin-hoat-dong/2024-10-01-giao-ban-cong-tac-dan-van-quy-iii.md",
        ]
    );
    let full = read(&site, &report.written[0]);
    assert!(
        full.starts_with("---\ntitle: Ra mắt mô hình “Chi hội phụ nữ nhà trọ”\ndate: 2024-08-16 10:03\nauthor: Phòng Tuyên truyền\nsummary: Hơn hai trăm nữ công nhân thuê trọ ở hai phường đã có nơi sinh hoạt chung.\ntags: [Dân vận khéo, Phụ nữ]\naliases: [\"/tin-hoat-dong/ra-mat-chi-hoi-phu-nu-nha-tro-1502.html\"]\n---\n\nChiều 15/8,"),
        "{full}"
    );
    contains(
        &full,
        "1. Tổ chức sinh hoạt chuyên đề;\n2. Giới thiệu việc làm thêm.\n",
    );
    let short = read(&site, &report.written[1]);
    contains(&short, "date: 2024-10-01 09:30\n");
    contains(
        &short,
        "giao ban công tác dân vận quý III với khối dân vận các xã…\n",
    );
    let w = warnings(&report);
    assert!(
        w.iter().any(
            |w| w.contains("Giao ban công tác dân vận quý III”: the feed holds only a summary")
        ),
        "{w:#?}"
    );
    assert!(w.iter().any(|w| w.contains("its cover picture https://danvanhuyen.example.vn/uploads/2024/08/chi-hoi.jpg is not in the old site's files")), "{w:#?}");

    let mut opts = options(&site, &fixture("feeds/atom.xml"));
    opts.into = Some("xa-dong-hoa".to_owned());
    let report = run(&opts);
    assert_eq!(report.kind, "an Atom feed");
    let a = read(
        &site,
        "content/xa-dong-hoa/2024-05-20-thon-bac-hoan-thanh-1-2-km-duong-dien-chieu-sang.md",
    );
    contains(
        &a,
        "summary: Nhân dân góp tiền và ngày công kéo đường điện.\ntags: [Giao thông nông thôn]\naliases: [\"/tin-tuc/duong-dien-thon-bac\", \"/?p=77\"]\n",
    );
    contains(
        &a,
        "| Hạng mục | Số liệu |\n| --- | --- |\n| Chiều dài | 1,2 km |\n",
    );
    let b = read(
        &site,
        "content/xa-dong-hoa/2024-04-02-hop-dan-ban-viec-sua-nha-van-hoa.md",
    );
    contains(
        &b,
        "các hộ thôn Nam họp bàn *sửa mái* nhà văn hóa.\n\n- Mỗi hộ góp hai ngày công;\n- Xong trước mùa mưa.\n",
    );
    assert!(warnings(&report).is_empty(), "{:#?}", warnings(&report));
    let problems = check_strict(&site);
    assert!(problems.is_empty(), "{}", render(&problems));
}

#[test]
fn a_selector_file_that_cannot_be_used_is_an_error_at_its_line() {
    let site = Site::with_config(SITE_VI);
    let config = site.root().join("portal.yaml");
    fs::write(
        &config,
        "title: .tin h1\ndate: [.ngay, \"div[\"]\nbody: \"p >\"\nauthr: .tac-gia\n",
    )
    .unwrap();
    let mut opts = options(&site, &fixture("dnn/danvan.example.vn"));
    opts.config = Some(config.clone());
    let Err(ImportError::Failed(errors)) = kheo::import::import(&opts) else {
        panic!("a bad selector file must fail");
    };
    // An unknown key stops the file at once.
    assert_eq!(
        (errors[0].line, errors[0].column),
        (4, 1),
        "{}",
        render(&errors)
    );
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `author`?"));
    fs::write(
        &config,
        "title: .tin h1\ndate: [.ngay, \"div[\"]\nbody: \"p >\"\n",
    )
    .unwrap();
    let Err(ImportError::Failed(errors)) = kheo::import::import(&opts) else {
        panic!("a bad selector must fail");
    };
    let at: Vec<(usize, usize)> = errors.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(at, [(2, 15), (3, 7)], "{}", render(&errors));
    assert_eq!(errors[0].file, config.display().to_string());

    let root = site.root().to_string_lossy().into_owned();
    let source = fixture("dnn/danvan.example.vn");
    let (code, _, stderr) = kheo(&[
        "import",
        &source.to_string_lossy(),
        "--config",
        &config.to_string_lossy(),
        "--root",
        &root,
    ]);
    assert_eq!(code, Some(1));
    contains(
        &stderr,
        &format!(
            "{}:3:7: error: `p >` is not a CSS selector",
            config.display()
        ),
    );
    assert!(!site.root().join("content/tin-tuc").exists());

    // A saved folder needs its selector file.
    let (code, _, stderr) = kheo(&["import", &source.to_string_lossy(), "--root", &root]);
    assert_eq!(code, Some(2), "{stderr}");
    contains(&stderr, "--config");
}

#[test]
fn an_article_that_cannot_be_read_is_listed_and_the_others_are_imported() {
    let site = Site::with_config(SITE_VI);
    let (_keep, saved) = saved_copy("dnn/danvan.example.vn", true);
    let page = saved.join("Default.aspx?tabid=85&ID=1240.html");
    let text = fs::read_to_string(&page)
        .unwrap()
        .replace("( Cập nhật:28/10/2024 10:03:00)", "( Cập nhật: hôm qua )");
    fs::write(&page, text).unwrap();
    let root = site.root().to_string_lossy().into_owned();
    let config = sample("dnn-dcs.yaml");
    let (code, stdout, stderr) = kheo(&[
        "import",
        &saved.to_string_lossy(),
        "--config",
        &config.to_string_lossy(),
        "--root",
        &root,
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    contains(
        &stderr,
        &format!(
            "{}:1:1: error: “Mô hình tự quản đường làng ở thôn Đông” is not imported: its date `( Cập nhật: hôm qua )` cannot be read",
            page.display()
        ),
    );
    contains(
        &stdout,
        "kheo import: 1 article imported from a saved copy of a portal into content/tin-tuc/, 0 skipped (already there), 1 failed; 2 pictures and documents copied\n",
    );
    assert!(
        !site.root().join("content/tin-tuc/mo-hinh.jpg").exists(),
        "nothing of the failed article is written"
    );
    // The link to it keeps its old address.
    let a = fs::read_dir(site.root().join("content/tin-tuc"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .unwrap();
    contains(
        &fs::read_to_string(a.path()).unwrap(),
        "[Mô hình tự quản đường làng ở thôn Đông](http://danvan.example.vn/Default.aspx?tabid=85&ID=1240)",
    );

    // --quiet keeps the errors and drops the summary.
    let (code, stdout, stderr) = kheo(&[
        "import",
        &saved.to_string_lossy(),
        "--config",
        &config.to_string_lossy(),
        "--root",
        &root,
        "--quiet",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "");
    contains(&stderr, "cannot be read");
}

#[test]
fn the_import_writes_only_inside_content() {
    let site = Site::with_config(SITE_VI);
    let root = site.root().to_string_lossy().into_owned();
    let export = fixture("wordpress/export.xml")
        .to_string_lossy()
        .into_owned();
    // An absolute --into names a folder in a temp dir this test owns, so a
    // faulty import could not write anywhere else either.
    let elsewhere = tempfile::tempdir().unwrap();
    let absolute = elsewhere.path().join("x").to_string_lossy().into_owned();
    for into in ["../ngoai", "tin-tuc/con", absolute.as_str(), "teams"] {
        let (code, _, stderr) = kheo(&["import", &export, "--root", &root, "--into", into]);
        assert_eq!(code, Some(2), "--into {into}: {stderr}");
        contains(&stderr, "--into");
    }
    assert!(!site.root().join("ngoai").exists());
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        let precious = outside.path().join("precious.txt");
        fs::write(&precious, b"keep").unwrap();
        std::os::unix::fs::symlink(outside.path(), site.root().join("content/tin-tuc")).unwrap();
        let (code, _, stderr) = kheo(&["import", &export, "--root", &root]);
        assert_eq!(code, Some(1), "{stderr}");
        contains(&stderr, "outside content/");
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1);
        assert_eq!(fs::read(&precious).unwrap(), b"keep");
    }
}

#[test]
fn the_sample_selector_files_are_valid() {
    let mut names: Vec<String> = fs::read_dir(repo().join("docs/import"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["dnn-dcs.yaml", "joomla.yaml", "wordpress-theme.yaml"]
    );
    for name in names {
        let text = fs::read_to_string(sample(&name)).unwrap();
        if let Err(errors) = kheo::import::recipe::parse(&name, &text) {
            panic!("{}", render(&errors));
        }
    }
}

/// A WordPress export as an attacker (or a broken exporter) might write it.
fn hostile_export(items: usize) -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"hahahahaha\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n]>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel><title>Huyện</title><link>http://huyen.example.vn</link><wp:wxr_version>1.2</wp:wxr_version>\n",
    );
    let item = |id: usize, title: &str, body: &str| {
        format!(
            "<item><title>{title}</title><link>http://huyen.example.vn/?p={id}</link><dc:creator><![CDATA[admin]]></dc:creator><content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[{}-{:02}-{:02} 08:{:02}:00]]></wp:post_date><wp:post_name><![CDATA[tin-{id}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type></item>\n",
            2010 + id % 15,
            1 + id % 12,
            1 + id % 28,
            id % 60
        )
    };
    for id in 1..=items {
        doc.push_str(&item(
            id,
            &format!("Tin số {id} về công tác dân vận"),
            &format!("<p>Nội dung <b>bài {id}</b>&nbsp;của huyện.</p>"),
        ));
    }
    doc.push_str(&item(
        items + 1,
        "Mã độc &d;",
        r#"<p>A<script>alert(1)</script>B</p><p>&lt;script&gt;alert(2)&lt;/script&gt;</p><p onclick="alert(3)"><a href="javascript:alert(4)">bấm</a></p><svg><script>alert(5)</script></svg><iframe srcdoc="<script>alert(6)</script>"></iframe>"#,
    ));
    doc.push_str(&item(
        items + 2,
        "Lồng sâu",
        &format!("{}sâu", "<div><span>".repeat(100_000)),
    ));
    doc.push_str("</channel></rss>\n");
    doc
}

#[test]
fn hostile_exports_script_entity_bombs_and_nesting() {
    let site = Site::with_config(SITE_VI);
    let file = site.root().join("export.xml");
    fs::write(&file, hostile_export(3)).unwrap();
    let report = run(&options(&site, &file));
    assert_eq!(
        (report.written.len(), report.failed),
        (4, 1),
        "{:?}",
        report.written
    );
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect();
    assert_eq!(errors.len(), 1);
    contains(
        &errors[0],
        "“Lồng sâu” is not imported: its HTML nests elements about 200000 deep",
    );
    let bad = read(&site, "content/tin-tuc/2014-05-05-tin-4.md");
    // The declared entity is not expanded: the title keeps it as written.
    contains(&bad, "title: Mã độc &d;\n");
    contains(&bad, "\\<script>alert(2)\\</script>");
    for script in [
        "alert(1)",
        "alert(3)",
        "javascript:",
        "alert(5)",
        "alert(6)",
    ] {
        lacks(&bad, script);
    }
    site.build_ok();
    let page = site.read("tin-tuc/tin-4/index.html");
    contains(&page, "&lt;script&gt;alert(2)&lt;/script&gt;");
    lacks(&page, "<script>alert");
    lacks(&page, "hahahaha");
}

/// Fifteen years of a district portal: ten thousand articles import, and
/// import again to nothing (xml.rs tests that reading stays linear).
#[test]
fn an_export_of_ten_thousand_articles() {
    let site = Site::with_config(SITE_VI);
    let file = site.root().join("export.xml");
    fs::write(&file, hostile_export(10_000)).unwrap();
    let report = run(&options(&site, &file));
    assert_eq!(
        (report.written.len(), report.skipped, report.failed),
        (10_001, 0, 1)
    );
    let again = run(&options(&site, &file));
    assert_eq!(
        (again.written.len(), again.skipped, again.failed),
        (0, 10_001, 1)
    );
}
