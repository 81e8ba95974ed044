//! `kheo serve`'s incremental rebuilds: after every kind of edit an editor
//! makes, the site in memory must be byte for byte what a full `kheo build`
//! of the same files gives, while rendering only a few pages.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use kheo::preview::{Preview, PreviewOptions, SiteFiles};

/// The demo site's text in a temporary folder, its three photos (2400 ×
/// 3600 and the like, most of the time of a test that decodes and resizes
/// them) replaced by small generated ones of the same names and
/// orientation: wider than 1024, so each still gets four variants (320,
/// 640, 1024 and its own width), as the demo's do.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let photos = [
        ("mo-hinh/lai-xa-duong-be-tong.jpg", 1100, 1650),
        ("mo-hinh/thanh-mien-canh-dong.jpg", 1650, 1100),
        ("tin-tuc/nha-van-hoa-thon.jpg", 1100, 1466),
    ];
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        let to = dir.path().join("content").join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else if let Some(&(_, w, h)) = photos.iter().find(|(p, ..)| Path::new(p) == rel) {
            fs::write(&to, smooth_photo(w, h)).unwrap();
        } else {
            assert!(
                rel.extension().is_none_or(|e| e != "jpg"),
                "a new photo in the demo: add it to `photos`"
            );
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    for (rel, ..) in photos {
        assert!(from.join(rel).is_file(), "the demo has no {rel}");
    }
    dir
}

fn preview(root: &Path) -> Preview {
    Preview::new(PreviewOptions {
        root: root.to_path_buf(),
        drafts: false,
        future: false,
        base_url: None,
    })
}

/// Every file of a full build of `root`, read back.
fn full_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let out = root.join("full-build");
    let mut opts = kheo::BuildOptions::new(root);
    opts.output = Some(out.clone());
    if let Err(f) = kheo::build(&opts) {
        panic!("full build failed: {:?}", f.diagnostics);
    }
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        // The mark of a built folder is not part of the site `serve` shows.
        .filter(|e| e.file_name() != kheo::write::MARKER)
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    fs::remove_dir_all(&out).unwrap();
    files
}

fn assert_same_as_full_build(site: &SiteFiles, root: &Path, edit: &str) {
    let full = full_build(root);
    let full_paths: Vec<&str> = full.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(site.paths(), full_paths, "after {edit}: different files");
    for (path, bytes) in &full {
        let mine = site.get(path).unwrap();
        assert!(
            **mine == **bytes,
            "after {edit}: {path} differs from a full build:\n--- serve\n{}\n--- build\n{}",
            String::from_utf8_lossy(mine),
            String::from_utf8_lossy(bytes)
        );
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    // A new length, so the change shows even within one tick of the clock.
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_kind_of_edit_gives_what_a_full_build_gives() {
    let dir = demo_copy();
    let root = dir.path();
    let mut p = preview(root);
    let first = p.rebuild().unwrap();
    assert!(first.rendered > 100, "{first:?}");
    // Nothing changed: only the pages that sum up the whole site are redone.
    let again = p.rebuild().unwrap();
    assert!(again.rendered <= 15, "{again:?}");
    assert_eq!(
        again.bodies, 0,
        "no body is read again, nor its words analysed"
    );
    assert_same_as_full_build(&p.site(), root, "a rebuild without changes");
    assert_same_as_full_build(&p.site(), root, "the first build");

    let article = "content/mo-hinh/lai-xa-lam-duong-noi-dong.md";
    let edits: [(&str, &str, &str, &str); 10] = [
        (
            "a sentence of a body",
            article,
            "là thứ cần đến hằng ngày",
            "là thứ bà con cần đến hằng ngày",
        ),
        (
            "a title",
            article,
            "title: Lại Xá góp sức làm đường nội đồng",
            "title: Lại Xá cùng góp sức làm đường nội đồng",
        ),
        (
            "the tags",
            article,
            "tags: [Dân vận khéo, Tổ dân vận, Giao thông nông thôn]",
            "tags: [Dân vận khéo, Giao thông nông thôn, Nông thôn mới]",
        ),
        (
            "a date",
            article,
            "date: 19/07/2017 09:30",
            "date: 21/07/2019 09:30",
        ),
        (
            "a summary",
            article,
            "đã cùng nhau làm được 2,8 km",
            "đã cùng nhau làm được hơn 2,8 km",
        ),
        (
            "a team's figures",
            "content/teams/lai-xa.yaml",
            "2016: {roads_km: 2.8}",
            "2016: {roads_km: 3.1}",
        ),
        (
            "the tagline",
            "content/site.yaml",
            "tagline:",
            "tagline:\n  # sửa khẩu hiệu\n",
        ),
        (
            "a heading",
            article,
            "## Con đường bắt đầu từ lòng dân",
            "## Con đường bắt đầu từ sự đồng lòng",
        ),
        (
            "the featured flag",
            article,
            "teams: [lai-xa]",
            "featured: true\nteams: [lai-xa]",
        ),
        (
            "the English translation",
            "content/mo-hinh/lai-xa-lam-duong-noi-dong.en.md",
            "title: ",
            "title: (Updated) ",
        ),
    ];
    for (what, file, from, to) in edits {
        edit(root, file, from, to);
        let r = p
            .rebuild()
            .unwrap_or_else(|e| panic!("after {what}: {e:?}"));
        assert_same_as_full_build(&p.site(), root, what);
        if what == "a sentence of a body" {
            // The article page alone, plus what lists its words.
            assert!(
                r.rendered <= 4,
                "a body edit rendered {} outputs",
                r.rendered
            );
            // Its body alone is read again: the search index is rebuilt
            // from the words remembered of every other page.
            assert_eq!(r.bodies, 1, "a body edit read {} bodies", r.bodies);
        }
        assert!(r.rendered < r.files, "{what} rendered everything");
    }

    // A new article, then its removal.
    let new = "content/tin-tuc/2024-09-01-bai-moi.md";
    fs::write(
        root.join(new),
        "---\ntitle: Bài mới về Tổ dân vận\ndate: 2024-09-01\ntags: [Tổ dân vận]\nteams: [lai-xa]\n---\nNội dung bài mới.\n",
    )
    .unwrap();
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "a new article");
    fs::remove_file(root.join(new)).unwrap();
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "removing it");

    // A theme string and a replaced image.
    fs::create_dir_all(root.join("themes/default/i18n")).unwrap();
    fs::write(
        root.join("themes/default/i18n/vi.yaml"),
        "strings:\n  read_more: Đọc tiếp\n",
    )
    .unwrap();
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "a theme string");
    fs::write(
        root.join("content/mo-hinh/goc-pho-den-co.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"><rect width=\"4\" height=\"3\"/></svg>\n",
    )
    .unwrap();
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "a replaced image");
}

/// `kheo serve`'s first answer to an edit of an article's text alone: its
/// page, rendered against the last model, published before the rest of the
/// site is rebuilt, and byte for byte the page the rebuild then gives.
#[test]
fn an_edit_of_an_articles_text_alone_is_shown_first_as_the_rebuild_renders_it() {
    let dir = demo_copy();
    let root = dir.path();
    let mut p = preview(root);
    let rel = "mo-hinh/lai-xa-lam-duong-noi-dong.md";
    let page = "mo-hinh/lai-xa-lam-duong-noi-dong/index.html";
    let changed = [rel.to_owned()];
    assert!(p.show_edit_first(&changed).is_none(), "no model yet");
    p.rebuild().unwrap();

    edit(
        root,
        &format!("content/{rel}"),
        "là thứ cần đến hằng ngày",
        "là thứ bà con cần đến hằng ngày",
    );
    let before = p.site();
    let shown = p
        .show_edit_first(&changed)
        .expect("a text edit is shown first");
    assert_eq!(shown.pages, [page]);
    let first = p.site();
    let html = String::from_utf8_lossy(first.get(page).unwrap()).into_owned();
    assert!(html.contains("là thứ bà con cần đến hằng ngày"), "{html}");
    // Nothing else yet: the search index, feeds and warnings wait for the rebuild.
    assert_eq!(before.paths(), first.paths());
    for path in before.paths().into_iter().filter(|p| *p != page) {
        assert!(
            Arc::ptr_eq(before.get(path).unwrap(), first.get(path).unwrap()),
            "{path}"
        );
    }
    p.rebuild().unwrap();
    assert!(
        p.site().get(page).unwrap() == first.get(page).unwrap(),
        "the rebuild renders the page shown first"
    );
    assert_same_as_full_build(&p.site(), root, "a text edit shown first");

    // Edits that change more than the page: left to the rebuild.
    edit(
        root,
        &format!("content/{rel}"),
        "là thứ bà con cần đến hằng ngày.",
        "là thứ bà con cần đến hằng ngày. ![Góc phố](goc-pho-den-co.svg)",
    );
    assert!(
        p.show_edit_first(&changed).is_none(),
        "a new picture is for the photo stage"
    );
    p.rebuild().unwrap();
    edit(
        root,
        &format!("content/{rel}"),
        "title: Lại Xá góp sức làm đường nội đồng",
        "title: Lại Xá cùng góp sức làm đường nội đồng",
    );
    assert!(p.show_edit_first(&changed).is_none(), "a title is on lists");
    p.rebuild().unwrap();
    let published = p.site();
    let cited = "hoi-nghi/2013-10-09-lai-chau-mo-rong-to-dan-van-ban.md";
    edit(
        root,
        &format!("content/{cited}"),
        "Kết luận số 865-TB/TU",
        "Kết luận số 865-TB/TU (thực hiện Quy chế số 357-QC/TU)",
    );
    assert!(
        p.show_edit_first(&[cited.to_owned()]).is_none(),
        "a document number cited shows on the document's page"
    );
    assert!(
        p.show_edit_first(&["site.yaml".to_owned()]).is_none(),
        "not an article"
    );
    assert!(
        p.show_edit_first(&[".lai-xa.md.swp".to_owned(), "gone.md".to_owned()])
            .is_none(),
        "nothing to show"
    );
    assert!(Arc::ptr_eq(&published, &p.site()), "nothing published");
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "the edits left to the rebuild");
}

/// A summary taken from the first paragraph is on every list that shows the
/// article: an edit of that paragraph is not shown first, one further down is.
#[test]
fn an_edit_of_the_paragraph_lists_show_is_left_to_the_rebuild() {
    let site = crate::harness::Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: Bài A\ndate: 2024-01-01",
        "Đoạn đầu của bài.\n\nĐoạn sau của bài.\n",
    );
    let mut p = preview(site.root());
    p.rebuild().unwrap();
    let rel = ["tin-tuc/a.md".to_owned()];
    edit(
        site.root(),
        "content/tin-tuc/a.md",
        "Đoạn đầu",
        "Đoạn mở đầu",
    );
    assert!(p.show_edit_first(&rel).is_none());
    p.rebuild().unwrap();
    edit(
        site.root(),
        "content/tin-tuc/a.md",
        "Đoạn sau",
        "Đoạn tiếp theo",
    );
    // An editor's leftover and a file renamed away in the same batch.
    let batch = [
        rel[0].clone(),
        "tin-tuc/.a.md.swp".to_owned(),
        "tin-tuc/tmp-4913".to_owned(),
    ];
    let shown = p.show_edit_first(&batch).expect("shown first");
    assert_eq!(shown.pages, ["tin-tuc/a/index.html"]);
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), site.root(), "an edit further down");
}

/// A JPEG photo of `w` x `h` in smooth shades across the whole picture, so
/// that, as with a real photo, a narrower copy weighs less.
fn smooth_photo(w: u16, h: u16) -> Vec<u8> {
    let (wf, hf) = (f32::from(w), f32::from(h));
    let mut pixels = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (f32::from(x) / wf, f32::from(y) / hf);
            pixels.extend([
                (60.0 + 150.0 * fx) as u8,
                (90.0 + 120.0 * fy) as u8,
                (200.0 - 120.0 * fx * fy) as u8,
            ]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// A JPEG photo of `w` x `h`, a gradient tinted by `tint`.
fn photo(w: u16, h: u16, tint: u8) -> Vec<u8> {
    let mut pixels = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            pixels.extend([(x % 256) as u8, (y % 256) as u8, tint]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// Photos are prepared once and remembered between rebuilds: a rebuild
/// resizes only a photo that changed, and the pages showing a replaced photo
/// (its article, the lists and feeds with its cover) name its new variants.
#[test]
fn replaced_and_removed_photos_give_what_a_full_build_gives() {
    let dir = demo_copy();
    let root = dir.path();
    let mut p = preview(root);
    p.rebuild().unwrap();
    let cover = "content/mo-hinh/lai-xa-duong-be-tong.jpg";
    let variants = |site: &SiteFiles| -> Vec<String> {
        site.paths()
            .into_iter()
            .filter(|f| {
                f.starts_with("mo-hinh/lai-xa-duong-be-tong.") && f.matches('.').count() == 3
            })
            .map(str::to_owned)
            .collect()
    };
    let before = variants(&p.site());
    assert_eq!(before.len(), 4, "{before:?}");

    // Without the cache, a photo read again would be resized again and
    // fill it: an unchanged photo is not even read.
    fs::remove_dir_all(root.join(".kheo-cache")).unwrap();
    let unchanged = p.rebuild().unwrap();
    assert_eq!(variants(&p.site()), before, "kept from the last rebuild");
    assert!(unchanged.rendered <= 15, "{unchanged:?}");
    assert!(
        !root.join(".kheo-cache").exists(),
        "a photo was prepared again"
    );

    // The cover replaced by another photo of the same name (and a new length).
    fs::write(root.join(cover), photo(1200, 800, 40)).unwrap();
    let r = p.rebuild().unwrap();
    let entries: Vec<_> = walkdir::WalkDir::new(root.join(".kheo-cache/images"))
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .collect();
    assert_eq!(entries.len(), 1, "only the replaced photo is resized");
    let after = variants(&p.site());
    assert_eq!(
        after.len(),
        4,
        "320, 640, 1024 and the photo's own 1200: {after:?}"
    );
    assert!(
        after.iter().all(|v| !before.contains(v)),
        "new names: {after:?}"
    );
    assert!(r.rendered < r.files, "{r:?}");
    assert_same_as_full_build(&p.site(), root, "a replaced cover photo");
    let page = p
        .site()
        .get("mo-hinh/lai-xa-lam-duong-noi-dong/index.html")
        .unwrap()
        .clone();
    assert!(
        after
            .iter()
            .filter(|v| v.contains(".1200."))
            .any(|v| String::from_utf8_lossy(&page).contains(&format!("/{v} 1200w"))),
        "the article offers the new photo"
    );

    // The map in the body replaced by a photo, then taken out of the body.
    let map = "content/mo-hinh/lai-xa-so-do-tuyen-duong.png";
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(500, 300, |x, y| {
        image::Rgb([(x % 256) as u8, 90, (y % 256) as u8])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    fs::write(root.join(map), png).unwrap();
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "a replaced picture in a body");
    for article in [
        "content/mo-hinh/lai-xa-lam-duong-noi-dong.md",
        "content/mo-hinh/lai-xa-lam-duong-noi-dong.en.md",
    ] {
        let text = fs::read_to_string(root.join(article)).unwrap();
        assert!(text.contains("lai-xa-so-do-tuyen-duong.png"), "{article}");
        let without: String = text
            .lines()
            .filter(|l| !l.contains("lai-xa-so-do-tuyen-duong.png"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(root.join(article), without).unwrap();
    }
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "a picture taken out of a body");
    assert!(
        !p.site()
            .paths()
            .iter()
            .any(|f| f.starts_with("mo-hinh/lai-xa-so-do-tuyen-duong.")
                && f.matches('.').count() == 3),
        "no page shows the map: no variants"
    );

    // Another JPEG quality: every photo gets new variants.
    edit(
        root,
        "content/site.yaml",
        "title:",
        "images: {quality: 70}\ntitle:",
    );
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "another JPEG quality");
    assert!(variants(&p.site()).iter().all(|v| !after.contains(v)));
}

#[test]
fn a_broken_file_keeps_the_last_good_site() {
    let dir = demo_copy();
    let root = dir.path();
    let mut p = preview(root);
    p.rebuild().unwrap();
    let before = p.site();
    let article = "content/mo-hinh/lai-xa-lam-duong-noi-dong.md";
    edit(root, article, "date: 19/07/2017 09:30", "date: 31/02/2017");
    let errors = p.rebuild().unwrap_err();
    assert!(
        errors.iter().any(|d| d.is_error() && d.file == article),
        "{errors:?}"
    );
    assert!(
        std::sync::Arc::ptr_eq(&before, &p.site()),
        "the site changed"
    );
    edit(root, article, "date: 31/02/2017", "date: 19/07/2017 09:30");
    p.rebuild().unwrap();
    assert_same_as_full_build(&p.site(), root, "fixing the date");
}

/// A bare HTTP/1.1 GET: (status, headers in lower case, body).
fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    get_with(addr, path, "")
}

/// A GET with more header lines (each ending in `\r\n`).
fn get_with(addr: std::net::SocketAddr, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head[9..12].parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = unchunk(&body);
    }
    (status, head, body)
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16)
                .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 2 + size + 2..];
    }
}

/// The live-reload stream, read event by event.
struct Events {
    reader: std::io::BufReader<std::net::TcpStream>,
}

impl Events {
    fn open(addr: std::net::SocketAddr) -> Events {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        write!(
            stream,
            "GET /__kheo/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events {
            reader: std::io::BufReader::new(stream),
        }
    }

    /// The next event with a name (skipping keep-alive comments): (name, data).
    fn next(&mut self) -> (String, String) {
        use std::io::BufRead;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let (mut name, mut data) = (String::new(), Vec::new());
        loop {
            assert!(std::time::Instant::now() < deadline, "no event in 60 s");
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            // Chunk sizes of the chunked encoding arrive as lines of hex.
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_owned();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push(v.to_owned());
            } else if line.is_empty() && !name.is_empty() {
                return (name, data.join("\n"));
            }
        }
    }

    /// Reads events until none comes for `quiet`: the rebuilds of an
    /// edit's late file events (one save can reach the watcher twice) are
    /// over, so the next edit starts a rebuild of its own.
    fn settle(&mut self, quiet: std::time::Duration) {
        use std::io::BufRead;
        self.reader.get_ref().set_read_timeout(Some(quiet)).unwrap();
        let mut line = String::new();
        while self.reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            line.clear();
        }
        self.reader.get_ref().set_read_timeout(None).unwrap();
    }

    /// Skips events until one named `name`.
    fn until(&mut self, name: &str) -> String {
        loop {
            let (n, data) = self.next();
            if n == name {
                return data;
            }
        }
    }
}

fn start(root: &Path) -> kheo::serve::Running {
    let options = kheo::serve::ServeOptions {
        root: root.to_path_buf(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        drafts: false,
        future: false,
    };
    kheo::serve::start(&options, std::sync::Arc::new(|_| {})).unwrap()
}

#[test]
fn the_server_serves_reloads_and_shows_errors() {
    let dir = demo_copy();
    let root = dir.path();
    // An empty theme folder for the stylesheet edit at the end.
    fs::create_dir_all(root.join("themes/default/static")).unwrap();
    let server = start(root);
    let addr = server.addr();

    let (status, head, body) = get(addr, "/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    let home = String::from_utf8(body).unwrap();
    let script = home
        .split("<script src=\"/__kheo/live.js?v=")
        .nth(1)
        .unwrap();
    assert!(
        script.starts_with(|c: char| c.is_ascii_hexdigit()),
        "{script}"
    );
    assert!(script.contains("\" defer></script></body>"));
    assert!(
        head.contains("cache-control: no-store"),
        "pages are never kept: {head}"
    );
    // Links point at the server, not at the published base_url.
    assert!(
        home.contains(&format!("http://{addr}/")),
        "canonical on the server"
    );

    let article = "/mo-hinh/lai-xa-lam-duong-noi-dong/";
    let (status, _, page) = get(addr, article);
    assert_eq!(status, 200);
    // A resized copy of the cover: the photo as uploaded is not published.
    let page = String::from_utf8_lossy(&page).into_owned();
    let start = page
        .find("/mo-hinh/lai-xa-duong-be-tong.")
        .expect("the article shows its cover");
    let end = start + page[start..].find(".jpg").unwrap() + 4;
    let photo = page[start..end].to_owned();
    assert_eq!(get(addr, "/mo-hinh/lai-xa-duong-be-tong.jpg").0, 404);
    let (status, head, _) = get(addr, "/mo-hinh/lai-xa-lam-duong-noi-dong");
    assert_eq!(status, 301);
    assert!(head.contains(&format!("location: {article}")), "{head}");
    for (path, kind) in [
        ("/kheo.css", "text/css; charset=utf-8"),
        ("/kheo.js", "text/javascript; charset=utf-8"),
        ("/rss.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/search-index.vi.json", "application/json"),
        ("/mo-hinh/goc-pho-den-co.svg", "image/svg+xml"),
        (photo.as_str(), "image/jpeg"),
    ] {
        let (status, head, _) = get(addr, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("content-type: {kind}")),
            "{path}: {head}"
        );
    }
    // Other files are kept by the browser until their bytes change.
    let (_, head, _) = get(addr, "/mo-hinh/goc-pho-den-co.svg");
    assert!(head.contains("cache-control: no-cache"), "{head}");
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .unwrap()
        .to_owned();
    let (status, _, body) = get_with(
        addr,
        "/mo-hinh/goc-pho-den-co.svg",
        &format!("If-None-Match: {etag}\r\n"),
    );
    assert_eq!((status, body.len()), (304, 0));
    let (_, head, _) = get(addr, "/kheo.css?v=0123abcd");
    assert!(
        head.contains("immutable"),
        "a versioned URL is kept: {head}"
    );
    let (status, _, body) = get(addr, "/khong-co-trang-nay/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("kind-not_found"),
        "the site's 404 page"
    );
    // Percent-encoded paths are decoded.
    let (status, _, _) = get(addr, "/mo-hinh/lai-xa-lam-duong-noi-dong/%69ndex.html");
    assert_eq!(status, 200);
    // Nothing outside the site, however the path is written.
    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/mo-hinh/%2E%2E/%2E%2E/content/site.yaml",
        "/a%5c..%5c..%5cetc",
    ] {
        let (status, _, body) = get(addr, bad);
        assert_eq!(status, 400, "{bad}");
        assert!(!String::from_utf8_lossy(&body).contains("root:"), "{bad}");
    }
    assert_eq!(
        get(addr, "/content/site.yaml").0,
        404,
        "sources are not served"
    );

    // An edit: the page changes and open pages hear which one.
    let mut events = Events::open(addr);
    assert_eq!(events.next().0, "ok");
    edit(
        root,
        "content/mo-hinh/lai-xa-lam-duong-noi-dong.md",
        "là thứ cần đến hằng ngày",
        "là thứ bà con cần đến mỗi ngày",
    );
    let changed = events.until("reload");
    assert!(changed.lines().any(|l| l == article), "{changed}");
    let (_, _, body) = get(addr, article);
    assert!(String::from_utf8_lossy(&body).contains("bà con cần đến mỗi ngày"));

    // An editor's atomic save: a new file written beside, renamed over the old.
    let source = root.join("content/mo-hinh/lai-xa-lam-duong-noi-dong.md");
    let text = fs::read_to_string(&source).unwrap();
    let temp = root.join("content/mo-hinh/.lai-xa-lam-duong-noi-dong.md.tmp");
    fs::write(
        &temp,
        text.replace("bà con cần đến mỗi ngày", "cả thôn cần đến mỗi ngày"),
    )
    .unwrap();
    fs::rename(&temp, &source).unwrap();
    let changed = events.until("reload");
    assert!(changed.lines().any(|l| l == article), "{changed}");
    let (_, _, body) = get(addr, article);
    assert!(String::from_utf8_lossy(&body).contains("cả thôn cần đến mỗi ngày"));

    // A broken file: errors for the overlay, the last good page still served.
    edit(
        root,
        "content/mo-hinh/lai-xa-lam-duong-noi-dong.md",
        "date: 19/07/2017 09:30",
        "date: 32/07/2017",
    );
    let errors = events.until("errors");
    assert!(
        errors.contains("content/mo-hinh/lai-xa-lam-duong-noi-dong.md:3:7: error:"),
        "{errors}"
    );
    assert_eq!(get(addr, article).0, 200);
    // A page opened now learns of the errors at once.
    let mut late = Events::open(addr);
    assert_eq!(late.next().0, "errors");
    // Fixing it clears the overlay.
    edit(
        root,
        "content/mo-hinh/lai-xa-lam-duong-noi-dong.md",
        "date: 32/07/2017",
        "date: 19/07/2017 09:30",
    );
    events.until("ok");
    late.until("ok");
    events.settle(std::time::Duration::from_secs(3));

    // A stylesheet edit restyles without a reload.
    let css = format!(
        "{}\n.prose {{ letter-spacing: .01em; }}\n",
        String::from_utf8(get(addr, "/kheo.css").2).unwrap()
    );
    fs::write(root.join("themes/default/static/kheo.css"), css).unwrap();
    let styles = events.until("styles");
    assert!(styles.starts_with("/kheo.css?v="), "{styles}");
    server.stop();
}

/// Listening beyond this computer is allowed, with a warning.
#[test]
fn binding_beyond_loopback_warns() {
    use std::io::{BufRead, BufReader};
    let site = small_site();
    let mut child = crate::harness::kheo()
        .args(["serve", "--bind", "0.0.0.0", "--port", "0", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("kheo serve: warning: listening on 0.0.0.0: other computers"),
        "{first}"
    );
}

/// A small site of its own for the server tests that delete things.
fn small_site() -> crate::harness::Site {
    let site = crate::harness::Site::new();
    crate::harness::pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site
}

#[test]
fn content_deleted_and_restored_is_watched_again() {
    let site = small_site();
    let root = site.root();
    let server = start(root);
    let addr = server.addr();
    let mut events = Events::open(addr);
    assert_eq!(events.next().0, "ok");
    // Kept aside, deleted (the preview shows the error), then made again:
    // a new folder, which the system watches only if asked again.
    let backup = tempfile::tempdir().unwrap();
    copy_tree(&root.join("content"), backup.path());
    fs::remove_dir_all(root.join("content")).unwrap();
    // A rebuild may run while the files are being removed (site.yaml
    // missing): wait for the one that finds no folder at all.
    loop {
        let errors = events.until("errors");
        if errors.contains("no content/ folder") {
            break;
        }
    }
    // Put back whole, as a backup is restored (`mv`): copying file by file
    // into new sub-folders races the system's watches on them.
    copy_tree(backup.path(), &root.join(".restored"));
    fs::rename(root.join(".restored"), root.join("content")).unwrap();
    events.until("ok");
    // An edit inside the restored folder is seen.
    edit(
        root,
        "content/tin-tuc/a.md",
        "Nội dung.",
        "Nội dung đã sửa.",
    );
    served_soon(addr, "/tin-tuc/a/", "Nội dung đã sửa.");
    server.stop();
}

#[cfg(unix)]
#[test]
fn a_named_pipe_never_blocks_the_rebuilds() {
    let site = small_site();
    let root = site.root();
    let server = start(root);
    let addr = server.addr();
    let mut events = Events::open(addr);
    assert_eq!(events.next().0, "ok");
    // Nobody ever writes into it: reading it would wait forever.
    let fifo = root.join("content/tin-tuc/ong.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let errors = events.until("errors");
    assert!(
        errors.contains("content/tin-tuc/ong.md:1:1: error: this is a named pipe (FIFO)"),
        "{errors}"
    );
    assert_eq!(
        get(addr, "/tin-tuc/a/").0,
        200,
        "the last good site is served"
    );
    // The rebuild thread is free: the next edits are built.
    fs::remove_file(&fifo).unwrap();
    events.until("ok");
    edit(root, "content/tin-tuc/a.md", "Nội dung.", "Nội dung mới.");
    served_soon(addr, "/tin-tuc/a/", "Nội dung mới.");
    server.stop();
}

#[cfg(unix)]
#[test]
fn a_pipe_written_slowly_never_blocks_the_preview() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    let site = small_site();
    let root = site.root();
    fs::create_dir_all(root.join("themes/default/static")).unwrap();
    let fifos = [
        root.join("content/tin-tuc/cham.md"),
        root.join("content/tin-tuc/cham.txt"),
        root.join("themes/default/static/cham.css"),
    ];
    // Each held open by a writer that adds a byte now and then: a reader
    // would wait for an end that never comes. (Opened for reading and
    // writing, which does not wait for the other end.)
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for fifo in &fifos {
        assert!(
            std::process::Command::new("mkfifo")
                .arg(fifo)
                .status()
                .unwrap()
                .success()
        );
        let mut pipe = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(fifo)
            .unwrap();
        let stop = stop.clone();
        writers.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                pipe.write_all(b"x").unwrap();
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }));
    }
    // The first build (before the server listens) reads none of them.
    let server = start(root);
    let addr = server.addr();
    let mut events = Events::open(addr);
    let (name, errors) = events.next();
    assert_eq!(name, "errors", "{errors}");
    for file in [
        "content/tin-tuc/cham.md",
        "content/tin-tuc/cham.txt",
        "themes/default/static/cham.css",
    ] {
        assert!(
            errors.contains(&format!("{file}:1:1: error: this is a named pipe (FIFO)")),
            "{errors}"
        );
    }
    for fifo in &fifos {
        fs::remove_file(fifo).unwrap();
    }
    events.until("ok");
    edit(root, "content/tin-tuc/a.md", "Nội dung.", "Nội dung mới.");
    served_soon(addr, "/tin-tuc/a/", "Nội dung mới.");
    server.stop();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
}

/// Waits (up to 60 s) until the page at `path` shows `text`.
fn served_soon(addr: std::net::SocketAddr, path: &str, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (_, _, body) = get(addr, path);
        if String::from_utf8_lossy(&body).contains(text) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} never showed `{text}`: the edit was not seen"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Copies the files of `from` into `to` (made if needed).
fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
