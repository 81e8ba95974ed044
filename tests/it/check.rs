//! `kheo check`: every problem listed, nothing written.

use crate::harness::{Site, pair};

fn check(site: &Site, args: &[&str]) -> (i32, String, String) {
    let out = crate::harness::kheo()
        .arg("check")
        .arg("--root")
        .arg(site.root())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A site with many different mistakes, one of each kind.
fn messy_site() -> Site {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.article(
        "tin-tuc/khoa-la.md",
        "title: X\ndate: 2024-01-02\nautor: Ai",
        "x\n",
    );
    site.article("tin-tuc/ngay-sai.md", "title: X\ndate: 2024-13-01", "x\n");
    site.file(
        "content/tin-tuc/chua-dong.md",
        "---\ntitle: X\ndate: 2024-01-01\n",
    );
    site.file(
        "content/teams/dem-sai.yaml",
        "name: T\nregion: [A]\nstats:\n  2016: {road_km: 1}\n",
    );
    site.file(
        "content/teams/am.yaml",
        "name: T\nregion: [A]\nstats:\n  2016: {roads_km: -1}\n",
    );
    site.article(
        "tin-tuc/doi-la.md",
        "title: X\ndate: 2024-01-03\nteams: [khong-co]",
        "x\n",
    );
    site.article(
        "tin-tuc/lien-ket.md",
        "title: X\ndate: 2024-01-04",
        "[cũ](bai-cu.md) [neo](a.md#khong-co) ![ảnh](anh.jpg)\n",
    );
    site.article(
        "tin-tuc/nhap.md",
        "title: X\ndate: 2024-01-05\ndraft: true",
        "x\n",
    );
    site.article("tin-tuc/tuong-lai.md", "title: X\ndate: 2099-01-01", "x\n");
    site.file("content/trong/_section.yaml", "title: Trống\n");
    site.file(
        "content/mo-hinh/_section.yaml",
        "title: Mô hình\nsapxep: date\n",
    );
    site.article("mo-hinh/b.md", "title: B\ndate: 2024-01-06", "x\n");
    site
}

/// With `KHEO_LANG=vi` the words after `error:`/`warning:` are Vietnamese:
/// a missing team, a link to a missing heading, a section's menu entry.
#[test]
fn check_speaks_vietnamese_when_asked() {
    let site = messy_site();
    let out = crate::harness::kheo()
        .env("KHEO_LANG", "vi")
        .arg("check")
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for words in [
        "content/tin-tuc/doi-la.md:4:9: error: không có tổ `khong-co` (không có tệp content/teams/khong-co.yaml)",
        "warning: liên kết `a.md#khong-co` trỏ tới #khong-co, nhưng trang đó (content/tin-tuc/a.md) không có chỗ này",
    ] {
        assert!(stderr.contains(words), "{words}\nnot in\n{stderr}");
    }
    assert!(!stderr.contains("there is no team"), "{stderr}");
}

#[test]
fn check_lists_every_kind_of_mistake_in_json_and_writes_nothing() {
    let site = messy_site();
    let (code, stdout, stderr) = check(&site, &["--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(String, String, String)> = all
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = [
        ("content/tin-tuc/khoa-la.md", "unknown-key", "error"),
        ("content/tin-tuc/ngay-sai.md", "date", "error"),
        ("content/tin-tuc/chua-dong.md", "front-matter", "error"),
        ("content/teams/dem-sai.yaml", "counter", "error"),
        ("content/teams/am.yaml", "figure", "error"),
        ("content/tin-tuc/doi-la.md", "unknown-team", "error"),
        ("content/tin-tuc/lien-ket.md", "link", "warning"),
        ("content/tin-tuc/lien-ket.md", "anchor", "warning"),
        ("content/tin-tuc/lien-ket.md", "image", "warning"),
        ("content/tin-tuc/lien-ket.md", "translation", "warning"),
        ("content/tin-tuc/nhap.md", "draft", "warning"),
        ("content/tin-tuc/tuong-lai.md", "future", "warning"),
        ("content/trong/_section.yaml", "empty-section", "warning"),
        ("content/mo-hinh/_section.yaml", "unknown-key", "error"),
    ];
    for (file, code, severity) in expect {
        assert!(
            found.contains(&(file.to_owned(), code.to_owned(), severity.to_owned())),
            "{file} {code} {severity} not in\n{found:#?}"
        );
    }
    for d in &all {
        for key in ["file", "line", "column", "severity", "code", "message"] {
            assert!(!d[key].is_null(), "{key} in {d}");
        }
    }
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn strict_turns_links_anchors_and_images_into_errors() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-02",
        "[cũ](bai-cu.md)\n",
    );
    site.article("tin-tuc/b.en.md", "title: B\ndate: 2024-01-02", "ok\n");
    let (code, _, stderr) = check(&site, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "content/tin-tuc/b.md:5:1: warning: the link `bai-cu.md` leads to no article"
        ),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("kheo check: 0 errors, 1 warning in 1 files\n"),
        "{stderr}"
    );
    let (code, _, stderr) = check(&site, &["--strict"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("content/tin-tuc/b.md:5:1: error: the link `bai-cu.md`"),
        "{stderr}"
    );
}

#[test]
fn a_clean_site_checks_clean() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    let (code, stdout, stderr) = check(&site, &["--format", "json"]);
    assert_eq!((code, stdout.trim()), (0, "[]"), "{stderr}");
}

#[test]
fn the_demo_portal_checks_clean_even_when_strict() {
    let out = crate::harness::kheo()
        .args(["check", "--strict", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains(": warning: "),
        "the demo cites only documents it has: {stderr}"
    );
}
