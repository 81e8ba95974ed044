//! Tests of the model as a whole: a small site written to a temporary
//! folder, loaded and modelled.

use crate::diag::Diagnostics;

use super::related::RELATED;
use super::{Flags, Site};

/// Writes `files` (content-relative) into a temporary site and models it.
pub(crate) fn model(files: &[(&str, String)]) -> (tempfile::TempDir, Site) {
    let dir = tempfile::TempDir::new().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("site.yaml"),
        "title: T\nbase_url: https://x.vn/\nlanguages: [vi, en]\n",
    )
    .unwrap();
    for (rel, text) in files {
        let path = content.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut diags = Diagnostics::new();
    let flags = Flags::publishing(false, false);
    let (site, _) = crate::load_site(dir.path(), None, None, flags, &mut diags, || {}).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
    (dir, site)
}

pub(crate) fn article(day: u32, tags: &str, extra: &str) -> String {
    format!(
        "---\ntitle: Bài {day}\ndate: 2024-03-{day:02}\ntags: [{tags}]\n{extra}---\nNội dung.\n"
    )
}

#[test]
fn the_pages_hold_no_spare_room_and_links_find_their_article() {
    let mut files: Vec<(String, String)> = (1..=20)
        .map(|d| {
            (
                format!("tin-tuc/bai-{d:02}.md"),
                article(d, "Dân vận, Nông thôn", ""),
            )
        })
        .collect();
    files.push((
        "tin-tuc/bai-01.en.md".into(),
        article(1, "Mobilization", ""),
    ));
    files.push(("gioi-thieu.md".into(), article(1, "", "")));
    // Left out: a draft and an article dated in the future.
    files.push((
        "tin-tuc/nhap.md".into(),
        article(21, "Dân vận", "draft: true\n"),
    ));
    files.push((
        "tin-tuc/sau-nay.md".into(),
        "---\ntitle: Sau\ndate: 2199-01-01\n---\nx\n".into(),
    ));
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    let (_dir, site) = model(&files);

    assert_eq!(site.pages.len(), 22);
    // Sized for every file, then given back what the two left out took.
    assert_eq!(site.pages.capacity(), site.pages.len());

    for p in &site.pages {
        let rel = p.file.strip_prefix("content/").unwrap();
        assert_eq!(site.group_of_source(rel), Some(p.group), "{rel}");
        assert!(p.related.len() <= RELATED);
    }
    let vi = |rel: &str| site.group_of_source(rel).unwrap();
    assert_eq!(vi("tin-tuc/bai-01.md"), vi("tin-tuc/bai-01.en.md"));
    for missing in [
        "tin-tuc/nhap.md",
        "tin-tuc/sau-nay.md",
        "tin-tuc/bai-21.md",
        "",
        "tin-tuc",
    ] {
        assert_eq!(site.group_of_source(missing), None, "{missing}");
    }
    // Articles sharing tags are related, five at most.
    let first = site
        .pages
        .iter()
        .find(|p| p.file == "content/tin-tuc/bai-10.md")
        .unwrap();
    assert_eq!(first.related.len(), RELATED);
    assert_eq!(first.newer.len(), 5);
    assert_eq!(first.older.len(), 5);
}
