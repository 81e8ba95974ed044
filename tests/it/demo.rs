//! The demo portal in content/ builds cleanly in both languages.

use std::path::Path;

use crate::harness::{contains, lacks};

#[test]
fn the_demo_portal_builds_without_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut opts = kheo::BuildOptions::new(root);
    opts.output = Some(out.path().join("public"));
    let report =
        kheo::build(&opts).unwrap_or_else(|f| panic!("{}", crate::harness::render(&f.diagnostics)));
    // Every document its stories cite is in content/van-ban/: the demo
    // builds without a single warning.
    assert!(
        report.warnings.is_empty(),
        "{}",
        crate::harness::render(&report.warnings)
    );
    assert!(
        report.articles >= 12,
        "at least 6 articles in each language"
    );
    let public = out.path().join("public");
    let read = |rel: &str| std::fs::read_to_string(public.join(rel)).unwrap();

    // Both homes, every section in both languages.
    contains(&read("index.html"), "<html lang=\"vi\">");
    contains(&read("en/index.html"), "<html lang=\"en\">");
    for (vi, en) in [
        ("tin-tuc", "en/news"),
        ("mo-hinh", "en/models"),
        ("hoi-nghi", "en/conferences"),
    ] {
        assert!(public.join(vi).join("index.html").exists(), "{vi}");
        assert!(public.join(en).join("index.html").exists(), "{en}");
    }
    // The Lại Xá case study, linked from the overview, in both languages.
    let lai_xa = read("mo-hinh/lai-xa-lam-duong-noi-dong/index.html");
    contains(&lai_xa, "2,8 km");
    contains(
        &read("en/models/lai-xa-lam-duong-noi-dong/index.html"),
        "2.8 km",
    );
    // The documents its stories cite, linked from them, with their attachments.
    let overview = read("tin-tuc/hai-nam-to-dan-van-hai-duong/index.html");
    contains(
        &overview,
        "<a href=\"/van-ban/1581-tb-tu/\" class=\"citation\">Thông báo kết luận số 1581-TB/TU</a>",
    );
    let guidance = read("van-ban/80-hd-bdvtw/index.html");
    contains(&guidance, "href=\"/van-ban/80-HD-BDVTW.pdf\" download>");
    contains(&guidance, "href=\"/tin-tuc/hai-nam-to-dan-van-hai-duong/\"");
    contains(&read("en/documents/index.html"), "Guidance");
    contains(&read("index.html"), "<a href=\"/van-ban/\">Văn bản</a>");
    contains(&overview, "href=\"/mo-hinh/lai-xa-lam-duong-noi-dong/");
    lacks(&overview, ".md\"");
}
