//! Bad input: every problem at its place, all reported together, and the
//! previous output left exactly as it was.

use std::fs;

use crate::harness::{Site, pair};

#[test]
fn errors_leave_the_previous_output_untouched() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.build_ok();
    let before = fs::read(site.out().join("tin-tuc/a/index.html")).unwrap();
    fs::write(site.out().join("marker.txt"), "kept").unwrap();

    site.article(
        "tin-tuc/a.md",
        "title: Bài A sửa\ndate: 2024-01-01\ntittle: lỗi",
        "x\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        fs::read(site.out().join("tin-tuc/a/index.html")).unwrap(),
        before
    );
    assert_eq!(
        fs::read_to_string(site.out().join("marker.txt")).unwrap(),
        "kept"
    );
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kheo-"))
        .collect();
    // The lock file stays beside the output (see write.rs); nothing else.
    assert_eq!(leftovers, [".public.kheo-lock"]);
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 31/02/2024", "x\n");
    site.article(
        "tin-tuc/b.md",
        "title: B\ndate: 2024-01-01\nauthr: X",
        "x\n",
    );
    site.file("content/tin-tuc/c.md", "no front matter\n");
    site.file(
        "content/teams/t.yaml",
        "name: T\nregion: [Hải Dương]\nstats:\n  2016: {road_km: 1}\n",
    );
    let errors = site.build_err();
    let places: Vec<(String, usize, usize)> = errors
        .iter()
        .map(|d| (d.file.clone(), d.line, d.column))
        .collect();
    assert_eq!(
        places,
        [
            ("content/teams/t.yaml".to_owned(), 4, 10),
            ("content/tin-tuc/a.md".to_owned(), 3, 7),
            ("content/tin-tuc/b.md".to_owned(), 4, 1),
            ("content/tin-tuc/c.md".to_owned(), 1, 1),
        ]
    );
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `roads_km`?"));
    assert_eq!(errors[2].hint.as_deref(), Some("did you mean `author`?"));
}

#[test]
fn unknown_site_keys_stop_the_build() {
    let site = Site::with_config("title: T\nbase_ulr: https://x.vn/\n");
    let errors = site.build_err();
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("content/site.yaml", 2)
    );
}

#[test]
fn unknown_team_ids_are_errors_at_their_place() {
    let site = Site::new();
    site.file(
        "content/teams/lai-xa.yaml",
        "name: Lại Xá\nregion: [Hải Dương]\n",
    );
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\nteams: [lai-xa, lai-xaa]",
        "x\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (4, 17));
    assert!(errors[0].message.contains("lai-xaa"));
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `lai-xa`?"));
}

#[test]
fn two_pages_on_one_url_name_both_files() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    site.article("tin-tuc/2024/a.md", "title: A2\ndate: 2024-01-02", "x\n");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1);
    let msg = format!("{} {}", errors[0].file, errors[0].message);
    assert!(
        msg.contains("content/tin-tuc/a.md") && msg.contains("content/tin-tuc/2024/a.md"),
        "{msg}"
    );
}

#[test]
fn a_slug_may_not_climb_out_of_its_section() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\nslug: ../../../etc",
        "x\n",
    );
    let errors = site.build_err();
    assert_eq!((errors[0].line, errors[0].column), (4, 7));
    assert!(errors[0].message.contains("outside"));
    assert!(!site.root().join("etc").exists());
}

#[test]
fn non_utf8_files_are_reported_with_their_position() {
    let site = Site::new();
    site.bytes(
        "content/tin-tuc/a.md",
        b"---\ntitle: A\ndate: 2024-01-01\n---\nT\xeata\n",
    );
    let errors = site.build_err();
    assert_eq!((errors[0].line, errors[0].column), (5, 2));
    assert!(errors[0].message.contains("UTF-8"));
}

#[test]
fn refuses_to_build_over_the_sites_own_folders() {
    let site = Site::new();
    for bad in ["content", "themes", "."] {
        let mut opts = site.options();
        opts.output = Some(site.root().join(bad));
        let failure = kheo::build(&opts).unwrap_err();
        assert!(failure.diagnostics[0].message.contains("refusing"), "{bad}");
    }
    assert!(site.root().join("content/site.yaml").exists());
}

#[test]
fn missing_content_folder_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let failure = kheo::build(&kheo::BuildOptions::new(dir.path())).unwrap_err();
    assert!(
        failure.diagnostics[0]
            .message
            .contains("no content/ folder")
    );
}

#[test]
fn missing_translation_is_a_warning() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    let report = site.build_ok();
    assert!(report.warnings.iter().any(|w| w.file == "content/tin-tuc/a.md" && w.message.contains("no translation in en")));
}

#[test]
fn outdated_translation_is_a_warning() {
    let site = Site::new();
    site.article(
        "tin-tuc/a.md",
        "title: A\ndate: 2024-01-01\nupdated: 2024-06-01",
        "x\n",
    );
    site.article("tin-tuc/a.en.md", "title: A\ndate: 2024-01-01", "x\n");
    let report = site.build_ok();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.file == "content/tin-tuc/a.en.md" && w.message.contains("out of date")),
        "{:?}",
        report.warnings
    );
}
