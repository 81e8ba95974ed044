//! Photos: resized variants, `srcset` and sizes in pages, EXIF orientation,
//! metadata stripped, the cache, bad files, determinism.

use std::fs;
use std::path::{Path, PathBuf};

use image::{GenericImageView, ImageDecoder};

use crate::harness::{SITE_YAML, Site, contains, lacks, png_declaring, render};

/// Small widths so fixtures stay tiny.
fn site() -> Site {
    Site::with_config(&format!(
        "{SITE_YAML}images:\n  widths: [100, 200, 400]\n  quality: 85\n"
    ))
}

/// A JPEG of `w` x `h` pixels stored as they are: the left half red, the
/// right half blue. With `orientation`, an EXIF block says how to turn it;
/// with `gps`, it also says where it was taken.
fn jpeg(w: u16, h: u16, orientation: Option<u16>, gps: bool) -> Vec<u8> {
    let mut pixels = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for _y in 0..h {
        for x in 0..w {
            pixels.extend(if x < w / 2 {
                [220, 30, 30]
            } else {
                [30, 30, 220]
            });
        }
    }
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 95);
    if orientation.is_some() || gps {
        encoder.add_app_segment(1, exif(orientation, gps)).unwrap();
    }
    encoder
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// An APP1 Exif block (little-endian TIFF): an orientation and a GPS
/// latitude reference, as phones write them.
fn exif(orientation: Option<u16>, gps: bool) -> Vec<u8> {
    let mut entries: Vec<[u8; 12]> = Vec::new();
    let entry = |tag: u16, kind: u16, value: [u8; 4]| {
        let mut e = [0u8; 12];
        e[..2].copy_from_slice(&tag.to_le_bytes());
        e[2..4].copy_from_slice(&kind.to_le_bytes());
        e[4..8].copy_from_slice(&1u32.to_le_bytes());
        e[8..].copy_from_slice(&value);
        e
    };
    if let Some(o) = orientation {
        let v = o.to_le_bytes();
        entries.push(entry(0x0112, 3, [v[0], v[1], 0, 0]));
    }
    let ifd0_len = 2 + 12 * (entries.len() + usize::from(gps)) + 4;
    if gps {
        let gps_at = (8 + ifd0_len) as u32;
        entries.push(entry(0x8825, 4, gps_at.to_le_bytes()));
    }
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend((entries.len() as u16).to_le_bytes());
    for e in &entries {
        tiff.extend(e);
    }
    tiff.extend(0u32.to_le_bytes());
    if gps {
        tiff.extend(1u16.to_le_bytes());
        let mut latitude_ref = entry(0x0001, 2, *b"N\0\0\0");
        latitude_ref[4..8].copy_from_slice(&2u32.to_le_bytes());
        tiff.extend(latitude_ref);
        tiff.extend(0u32.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    app1
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([0, (x * 255 / w) as u8, 0, 255]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The output files whose names start with `prefix`, sorted.
fn outputs(site: &Site, prefix: &str) -> Vec<String> {
    site.listing()
        .into_iter()
        .filter(|f| f.starts_with(prefix))
        .collect()
}

fn dimensions(path: &Path) -> (u32, u32) {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .dimensions()
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn cache_files(site: &Site) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(site.root().join(".kheo-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn photo_article(site: &Site) {
    site.bytes("content/tin-tuc/anh.jpg", &jpeg(300, 200, None, false));
    site.bytes("content/tin-tuc/so-do.png", &png(500, 250));
    site.bytes("content/tin-tuc/nho.png", &png(80, 40));
    site.article(
        "tin-tuc/2024-08-16-hoi-nghi.md",
        "title: Hội nghị\nimage: anh.jpg\nimage_caption: Quang cảnh hội nghị",
        "Mở đầu.\n\n![Sơ đồ](so-do.png \"Sơ đồ tuyến đường\")\n\nBiểu tượng ![nhỏ](nho.png) trong câu.\n",
    );
}

#[test]
fn photos_get_variants_at_the_configured_widths_never_enlarged() {
    let site = site();
    photo_article(&site);
    site.build_ok();
    let out = site.out();
    let sizes = |prefix: &str| -> Vec<(u32, u32)> {
        outputs(&site, prefix)
            .iter()
            .map(|f| dimensions(&out.join(f)))
            .collect()
    };
    // 300 px wide: 100 and 200, then its own 300 (never 400).
    assert_eq!(
        sizes("tin-tuc/anh."),
        [(100, 67), (200, 133), (300, 200)],
        "{:?}",
        outputs(&site, "tin-tuc/anh.")
    );
    assert!(
        !site.exists("tin-tuc/anh.jpg"),
        "the original is not published"
    );
    // 500 px wide, wider than the widest width: every width, not its own.
    let so_do = outputs(&site, "tin-tuc/so-do.");
    assert_eq!(so_do.len(), 3, "three variants: {so_do:?}");
    assert_eq!(sizes("tin-tuc/so-do."), [(100, 50), (200, 100), (400, 200)]);
    assert!(
        so_do
            .iter()
            .filter(|f| *f != "tin-tuc/so-do.png")
            .all(|f| f.ends_with(".png")),
        "a PNG stays a PNG: {so_do:?}"
    );
    // Smaller than every width: one copy at its own size.
    assert_eq!(sizes("tin-tuc/nho."), [(80, 40)]);
    // Names carry the width and a hash: `anh.200.1a2b3c4d.jpg`.
    for f in outputs(&site, "tin-tuc/anh.") {
        let name = f.trim_start_matches("tin-tuc/");
        let parts: Vec<&str> = name.split('.').collect();
        assert!(
            name == "anh.jpg"
                || (parts.len() == 4
                    && parts[2].len() == 8
                    && parts[2].bytes().all(|b| b.is_ascii_hexdigit())),
            "{name}"
        );
    }
}

#[test]
fn pages_offer_the_variants_with_srcset_sizes_and_dimensions() {
    let site = site();
    photo_article(&site);
    site.build_ok();
    let article = site.read("tin-tuc/hoi-nghi/index.html");
    let variant = |prefix: &str, width: u32| -> String {
        outputs(&site, prefix)
            .into_iter()
            .find(|f| f.contains(&format!(".{width}.")))
            .unwrap_or_else(|| panic!("no {prefix}*{width}* in {:?}", site.listing()))
    };
    let (a100, a200, a300) = (
        variant("tin-tuc/anh.", 100),
        variant("tin-tuc/anh.", 200),
        variant("tin-tuc/anh.", 300),
    );
    // The cover: the reader sees it at once, so it is not lazy.
    contains(
        &article,
        &format!(
            "<img src=\"/{a300}\" srcset=\"/{a100} 100w, /{a200} 200w, /{a300} 300w\" sizes=\"(min-width: 64rem) 41.5rem, (min-width: 48rem) calc(100vw - 7.5rem), calc(100vw - 2rem)\" width=\"300\" height=\"200\" alt=\"Quang cảnh hội nghị\" fetchpriority=\"high\" decoding=\"async\">"
        ),
    );
    contains(
        &article,
        &format!("<meta property=\"og:image\" content=\"https://danvan.example.vn/{a300}\">"),
    );
    // An image in the body: lazy, with the site's sizes for the article
    // column; 500 px wide, so the widest variant (400) is its plain `src`.
    let s400 = variant("tin-tuc/so-do.", 400);
    contains(
        &article,
        &format!(
            "<img src=\"/{s400}\" alt=\"Sơ đồ\" srcset=\"/{} 100w, /{} 200w, /{s400} 400w\" sizes=\"(min-width: 64rem) 41.5rem, (min-width: 48rem) calc(100vw - 7.5rem), calc(100vw - 2rem)\" width=\"400\" height=\"200\" loading=\"lazy\" decoding=\"async\">",
            variant("tin-tuc/so-do.", 100),
            variant("tin-tuc/so-do.", 200),
        ),
    );
    // One variant only: no srcset, but its size.
    contains(
        &article,
        &format!(
            "<img src=\"/{}\" alt=\"nhỏ\" width=\"80\" height=\"40\" loading=\"lazy\"",
            variant("tin-tuc/nho.", 80)
        ),
    );
    lacks(&article, "src=\"/tin-tuc/anh.jpg\"");

    // Lists show small thumbnails: their own sizes, the same variants (the
    // first card of a list is on the first screen: not lazy).
    let list = site.read("tin-tuc/index.html");
    contains(
        &list,
        &format!(
            "srcset=\"/{a100} 100w, /{a200} 200w, /{a300} 300w\" sizes=\"(min-width: 48rem) 12rem, 7.5rem\" width=\"300\" height=\"200\" alt=\"\" decoding=\"async\">"
        ),
    );
    let home = site.read("index.html");
    // The lead story's picture is the first thing on the home page.
    contains(
        &home,
        "sizes=\"(min-width: 74rem) 43rem, (min-width: 64rem) calc(62vw - 3rem), (min-width: 48rem) calc(100vw - 3rem), calc(100vw - 2rem)\" width=\"300\" height=\"200\" alt=\"\" fetchpriority=\"high\"",
    );
    contains(
        &home,
        "sizes=\"(min-width: 64rem) 10.5rem, (min-width: 48rem) calc(33vw - 1.6rem), calc(50vw - 1.5rem)\"",
    );
    // Feeds link the plain variant, not the original upload.
    contains(
        &site.read("rss.xml"),
        &format!("&lt;img src=&quot;https://danvan.example.vn/{a300}&quot;"),
    );
}

/// The `<img>` tags of a page, each with the file name of its `src`.
fn img_tags(page: &str) -> Vec<(String, String)> {
    page.match_indices("<img ")
        .map(|(at, _)| {
            let tag = &page[at..at + page[at..].find('>').unwrap_or(0) + 1];
            let src = tag.split("src=\"/").nth(1).unwrap_or("");
            let name = src[..src.find('"').unwrap_or(0)]
                .rsplit('/')
                .next()
                .unwrap_or("");
            (
                name.split('.').next().unwrap_or("").to_owned(),
                tag.to_owned(),
            )
        })
        .collect()
}

#[test]
fn only_pictures_below_the_first_screen_are_lazy() {
    let site = Site::with_config(&format!(
        "{}page_size: 10\nimages:\n  widths: [100, 200]\n",
        SITE_YAML.replace("page_size: 2\n", "")
    ));
    for i in 1..=6 {
        site.bytes(
            &format!("content/tin-tuc/anh-{i}.jpg"),
            &jpeg(240, 160, None, false),
        );
        site.article(
            &format!("tin-tuc/2024-01-0{i}-bai-{i}.md"),
            &format!("title: Bài {i}\nimage: anh-{i}.jpg\ntags: [Ảnh]"),
            "Đoạn.\n\n![Sơ đồ](anh-1.jpg)\n",
        );
    }
    site.build_ok();
    let lazy = |page: &str| -> Vec<(String, bool)> {
        img_tags(&site.read(page))
            .into_iter()
            .map(|(name, tag)| {
                assert!(tag.contains("decoding=\"async\""), "{tag}");
                (name, tag.contains("loading=\"lazy\""))
            })
            .collect()
    };
    // A list: newest first; the first three cards are on the first screen.
    assert_eq!(
        lazy("tin-tuc/index.html"),
        [
            ("anh-6".into(), false),
            ("anh-5".into(), false),
            ("anh-4".into(), false),
            ("anh-3".into(), true),
            ("anh-2".into(), true),
            ("anh-1".into(), true),
        ]
    );
    // The home page: the lead story's picture comes first, then the three
    // beside it; below them everything is lazy (latest, photo news, sections).
    let home = lazy("index.html");
    assert_eq!(
        home[..4],
        [
            ("anh-6".into(), false),
            ("anh-5".into(), false),
            ("anh-4".into(), false),
            ("anh-3".into(), false),
        ]
    );
    assert!(
        home.len() > 4 && home[4..].iter().all(|(_, l)| *l),
        "{home:?}"
    );
    assert!(
        img_tags(&site.read("index.html"))[0]
            .1
            .contains("fetchpriority=\"high\""),
        "the lead story's picture is fetched first"
    );
    // An article: the cover is seen at once; its body and the related articles are lazy.
    let article = lazy("tin-tuc/bai-2/index.html");
    assert_eq!(article[0], ("anh-2".into(), false));
    assert!(
        article.len() > 2 && article[1..].iter().all(|(_, l)| *l),
        "{article:?}"
    );
}

#[test]
fn exif_orientation_is_applied() {
    let site = Site::with_config(&format!("{SITE_YAML}images:\n  widths: [16, 32]\n"));
    // Stored 40 x 20, red left, blue right; orientation 6: turn 90° clockwise.
    site.bytes("content/tin-tuc/doc.jpg", &jpeg(40, 20, Some(6), false));
    site.article(
        "tin-tuc/a.md",
        "title: Ảnh dọc\ndate: 2024-01-01",
        "![Ảnh dọc](doc.jpg)\n",
    );
    site.build_ok();
    let variants: Vec<String> = outputs(&site, "tin-tuc/doc.")
        .into_iter()
        .filter(|f| f != "tin-tuc/doc.jpg")
        .collect();
    assert_eq!(variants.len(), 2, "{variants:?}");
    let upright = image::open(site.out().join(&variants[1]))
        .unwrap()
        .to_rgb8();
    assert_eq!(upright.dimensions(), (20, 40), "turned upright");
    // Turned clockwise, the left (red) half is now on top.
    let top = upright.get_pixel(10, 5);
    let bottom = upright.get_pixel(10, 34);
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
    assert_eq!(
        dimensions(&site.out().join(&variants[0])),
        (16, 32),
        "the smaller variant too"
    );
    contains(
        &site.read("tin-tuc/a/index.html"),
        "width=\"20\" height=\"40\"",
    );
}

#[test]
fn variants_carry_no_exif_or_gps() {
    let site = site();
    let original = jpeg(300, 200, Some(1), true);
    assert!(original.windows(4).any(|w| w == b"Exif"));
    site.bytes("content/tin-tuc/gps.jpg", &original);
    site.article(
        "tin-tuc/a.md",
        "title: Bài\ndate: 2024-01-01\nimage: gps.jpg",
        "x\n",
    );
    site.build_ok();
    let variants: Vec<String> = outputs(&site, "tin-tuc/gps.")
        .into_iter()
        .filter(|f| f != "tin-tuc/gps.jpg")
        .collect();
    assert_eq!(variants.len(), 3);
    for v in &variants {
        let bytes = fs::read(site.out().join(v)).unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{v} has an Exif block"
        );
        assert!(
            !bytes.windows(2).any(|w| w == [0xff, 0xe1]),
            "{v} has an APP1 segment"
        );
        let mut decoder =
            image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
        assert_eq!(decoder.exif_metadata().unwrap(), None, "{v}");
    }
}

#[test]
fn a_rebuild_takes_the_variants_from_the_cache() {
    let site = site();
    photo_article(&site);
    site.build_ok();
    let cached = cache_files(&site);
    // anh.jpg: size + 3 widths; so-do.png: size + 3; nho.png: size + 1.
    assert_eq!(cached.len(), 4 + 4 + 2, "{cached:#?}");
    let stamps: Vec<_> = cached
        .iter()
        .filter(|p| !p.ends_with("size"))
        .map(|p| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    let first = tree(&site.out());
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build_ok();
    let again: Vec<_> = cached
        .iter()
        .filter(|p| !p.ends_with("size"))
        .map(|p| fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    assert_eq!(stamps, again, "no variant was encoded again");
    assert_eq!(cache_files(&site), cached, "no new cache entry");
    assert_eq!(first, tree(&site.out()), "the same site");

    // Another quality is another set of variants, with other names.
    site.file(
        "content/site.yaml",
        &format!("{SITE_YAML}images:\n  widths: [100, 200, 400]\n  quality: 60\n"),
    );
    site.build_ok();
    let renamed = outputs(&site, "tin-tuc/anh.");
    assert!(
        first
            .iter()
            .filter(|(f, _)| f.starts_with("tin-tuc/anh.") && f.as_str() != "tin-tuc/anh.jpg")
            .all(|(f, _)| !renamed.contains(f)),
        "{renamed:?}"
    );
    assert_eq!(
        cache_files(&site).len(),
        cached.len() + 4,
        "the PNGs do not depend on the JPEG quality"
    );
}

#[test]
fn two_builds_give_identical_files_with_or_without_the_cache() {
    let site = site();
    photo_article(&site);
    site.bytes("content/tin-tuc/doc.jpg", &jpeg(120, 60, Some(8), true));
    site.article(
        "tin-tuc/b.md",
        "title: Bài hai\ndate: 2024-02-01\nimage: doc.jpg",
        "![x](anh.jpg)\n",
    );
    site.build_ok();
    let first = tree(&site.out());
    fs::remove_dir_all(site.root().join(".kheo-cache")).unwrap();
    site.build_ok();
    assert_eq!(first, tree(&site.out()), "a fresh cache");
    site.build_ok();
    assert_eq!(first, tree(&site.out()), "a warm cache");
    assert!(
        !first.iter().any(|(f, _)| f.contains("kheo-cache")),
        "the cache is never published"
    );
}

/// A photo whose header is fine but that cannot be decoded is found when
/// its variants are produced, after the plan: still an error at each page
/// showing it, reported with the plan's errors, and nothing is published.
#[test]
fn a_photo_only_decoding_finds_broken_is_an_error_at_its_pages() {
    let site = site();
    photo_article(&site);
    site.build_ok();
    let before = tree(&site.out());
    site.bytes("content/tin-tuc/lon.png", &png_declaring(30_000, 30_000));
    site.file("content/tin-tuc/vo.png", "this is not a picture\n");
    site.article(
        "tin-tuc/c.md",
        "title: Ảnh lớn\ndate: 2024-03-01\nimage: lon.png",
        "Đoạn.\n\n![Ảnh vỡ](vo.png)\n\n![Ảnh lớn](lon.png)\n",
    );
    let errors = site.build_err();
    let text = render(&errors);
    contains(
        &text,
        "content/tin-tuc/c.md:4:8: error: this cover image cannot be shown: content/tin-tuc/lon.png is 30000 x 30000 pixels",
    );
    contains(
        &text,
        "content/tin-tuc/c.md:10:1: error: the image `lon.png` cannot be shown: content/tin-tuc/lon.png is 30000 x 30000 pixels",
    );
    contains(
        &text,
        "content/tin-tuc/c.md:8:1: error: the image `vo.png` cannot be shown",
    );
    assert_eq!(errors.len(), 3, "{text}");
    assert_eq!(before, tree(&site.out()), "the published site is untouched");
}

#[test]
fn a_corrupt_image_is_an_error_at_each_page_that_uses_it() {
    let site = site();
    photo_article(&site);
    site.build_ok();
    let before = tree(&site.out());

    let mut broken = jpeg(300, 200, None, false);
    broken.truncate(broken.len() / 2);
    site.bytes("content/tin-tuc/hong.jpg", &broken);
    site.file("content/tin-tuc/vo.png", "this is not a picture\n");
    site.bytes("content/tin-tuc/iphone.heic", b"\0\0\0\x18ftypheic\0\0\0\0");
    site.article(
        "tin-tuc/b.md",
        "title: Bài hỏng\ndate: 2024-02-01\nimage: hong.jpg",
        "Đoạn.\n\n![Ảnh vỡ](vo.png)\n\n![Ảnh iPhone](iphone.heic)\n",
    );
    site.article(
        "tin-tuc/b.en.md",
        "title: Broken\ndate: 2024-02-01\nimage: hong.jpg",
        "Text.\n",
    );
    let errors = site.build_err();
    let shown: Vec<String> = errors
        .iter()
        .map(|d| format!("{}:{}:{}: {}", d.file, d.line, d.column, d.message))
        .collect();
    assert_eq!(errors.len(), 4, "{shown:#?}");
    assert!(errors.iter().all(|d| d.code == "bad-image"));
    assert!(
        shown[0].starts_with("content/tin-tuc/b.en.md:4:8: this cover image cannot be shown: content/tin-tuc/hong.jpg is cut short"),
        "{shown:#?}"
    );
    assert!(
        shown[1].starts_with("content/tin-tuc/b.md:4:8: this cover image cannot be shown: content/tin-tuc/hong.jpg is cut short"),
        "{shown:#?}"
    );
    assert_eq!(
        shown[2],
        "content/tin-tuc/b.md:8:1: the image `vo.png` cannot be shown: content/tin-tuc/vo.png is not a JPEG, PNG or WebP image: its contents look like something else"
    );
    assert_eq!(
        shown[3],
        "content/tin-tuc/b.md:10:1: the image `iphone.heic` cannot be shown: content/tin-tuc/iphone.heic is a HEIC photo (the iPhone's own format), which most browsers cannot show"
    );
    assert_eq!(errors[2].source_line.as_deref(), Some("![Ảnh vỡ](vo.png)"));
    assert_eq!(before, tree(&site.out()), "the published site is untouched");

    // `kheo check` finds the same.
    let checked: Vec<_> = kheo::check(&kheo::CheckOptions {
        root: site.root().to_path_buf(),
        strict: false,
    })
    .into_iter()
    .filter(|d| d.is_error())
    .collect();
    assert_eq!(checked, errors);
}

#[test]
fn svg_and_gif_are_shown_as_they_are() {
    let site = site();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 675\"><rect width=\"1200\" height=\"675\"/></svg>\n";
    site.file("content/tin-tuc/ve.svg", svg);
    let gif = b"GIF89a\x40\x01\xf0\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;";
    site.bytes("content/tin-tuc/dong.gif", gif);
    site.article(
        "tin-tuc/a.md",
        "title: Bài\ndate: 2024-01-01\nimage: ve.svg",
        "![Hình động](dong.gif)\n",
    );
    site.build_ok();
    assert_eq!(outputs(&site, "tin-tuc/ve."), ["tin-tuc/ve.svg"]);
    assert_eq!(outputs(&site, "tin-tuc/dong."), ["tin-tuc/dong.gif"]);
    assert_eq!(fs::read(site.out().join("tin-tuc/dong.gif")).unwrap(), gif);
    let page = site.read("tin-tuc/a/index.html");
    contains(
        &page,
        "<img src=\"/tin-tuc/ve.svg\" width=\"1200\" height=\"675\" alt=\"Bài\" fetchpriority=\"high\"",
    );
    contains(
        &page,
        "<img src=\"/tin-tuc/dong.gif\" alt=\"Hình động\" width=\"320\" height=\"240\" loading=\"lazy\"",
    );
    lacks(&page, "srcset");
    assert!(
        !site.root().join(".kheo-cache").exists(),
        "no photo, no cache folder"
    );
}

#[test]
fn the_cache_folder_cannot_be_the_output() {
    let site = site();
    photo_article(&site);
    for out in [".kheo-cache", ".kheo-cache/images/public"] {
        let mut opts = site.options();
        opts.output = Some(site.root().join(out));
        let failure = kheo::build(&opts).unwrap_err();
        assert_eq!(failure.diagnostics[0].code, "output", "{out}");
    }
}

#[test]
fn originals_are_not_published_unless_asked_and_links_lead_to_the_widest_copy() {
    let build = |originals: bool| {
        let site = Site::with_config(&format!(
            "{SITE_YAML}images:\n  widths: [100, 200]\n  originals: {originals}\n"
        ));
        site.bytes("content/tin-tuc/gps.jpg", &jpeg(300, 200, Some(1), true));
        site.article(
            "tin-tuc/a.md",
            "title: Bài\ndate: 2024-01-01\nimage: gps.jpg",
            "![Ảnh](gps.jpg)\n\n[Tải ảnh](gps.jpg)\n",
        );
        site.build_ok();
        site
    };
    let site = build(false);
    assert!(
        !site.exists("tin-tuc/gps.jpg"),
        "the original, GPS and all, is not published"
    );
    let widest: Vec<String> = outputs(&site, "tin-tuc/gps.200.");
    assert_eq!(widest.len(), 1, "{:?}", site.listing());
    let page = site.read("tin-tuc/a/index.html");
    contains(&page, &format!("<a href=\"/{}\">Tải ảnh</a>", widest[0]));
    lacks(&page, "/tin-tuc/gps.jpg\"");
    for f in site.listing() {
        let bytes = fs::read(site.out().join(&f)).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{f} carries Exif");
    }
    // `images.originals: true` keeps publishing them, and links lead to them.
    let site = build(true);
    assert!(site.exists("tin-tuc/gps.jpg"));
    contains(
        &site.read("tin-tuc/a/index.html"),
        "<a href=\"/tin-tuc/gps.jpg\">Tải ảnh</a>",
    );
}

/// `kheo check` plans each photo's variants from its header alone: nothing
/// is decoded or encoded, and nothing written, not even the cache folder.
/// Once a build has filled the cache, check reads it and leaves it as it is.
#[test]
fn check_encodes_no_photo_and_writes_no_cache() {
    let site = site();
    photo_article(&site);
    let check = || {
        let out = crate::harness::kheo()
            .args(["check", "--root"])
            .arg(site.root())
            .env("KHEO_TIMINGS", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        stderr
    };
    let stderr = check();
    assert!(
        stderr.contains("images: 3 used, 0 variants resized, 0 from the cache"),
        "{stderr}"
    );
    assert!(!site.root().join(".kheo-cache").exists());

    site.build_ok();
    let cached = cache_files(&site);
    assert!(!cached.is_empty());
    let stamps = |files: &[PathBuf]| -> Vec<_> {
        files
            .iter()
            .map(|f| fs::metadata(f).unwrap().modified().unwrap())
            .collect()
    };
    let before = stamps(&cached);
    let stderr = check();
    assert!(stderr.contains("0 variants resized"), "{stderr}");
    assert_eq!(cache_files(&site), cached);
    assert_eq!(stamps(&cached), before);
}
