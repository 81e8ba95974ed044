//! A fixture per error of SPEC §4: `kheo build` on a site with that one
//! mistake exits with 1, prints it as `file:line:column: error: ...`,
//! and leaves the previous output byte for byte as it was.

use std::collections::BTreeMap;

use crate::harness::{SITE_YAML, Site, pair};

/// Every file of the output with its bytes.
fn snapshot(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.listing()
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(site.out().join(&f)).unwrap()))
        .collect()
}

struct Case {
    name: &'static str,
    /// Files to write over the good site (path, content).
    files: &'static [(&'static str, &'static str)],
    /// Expected first line: file, line, column, start of the message.
    at: (&'static str, usize, usize),
    message: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "front matter not closed",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\n\nBody\n",
        )],
        at: ("content/tin-tuc/x.md", 1, 1),
        message: "the front matter is not closed",
    },
    Case {
        name: "no front matter",
        files: &[("content/tin-tuc/x.md", "# Just a heading\n")],
        at: ("content/tin-tuc/x.md", 1, 1),
        message: "an article must start with front matter",
    },
    Case {
        name: "front matter that is not YAML",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\ntags: [a, b\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 7),
        message: "the `[` opened on this line is not closed",
    },
    Case {
        name: "unknown key in front matter",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nauthr: A\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 1),
        message: "unknown field `authr`",
    },
    Case {
        name: "value of the wrong type",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\ndraft: maybe\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 8),
        message: "`draft` must be `true` or `false`, not `maybe`",
    },
    Case {
        name: "unknown key in site.yaml",
        files: &[(
            "content/site.yaml",
            "title: T\nbase_url: https://x.vn/\nlanguages: [vi, en]\ntimzone: Asia/Ho_Chi_Minh\n",
        )],
        at: ("content/site.yaml", 4, 1),
        message: "unknown field `timzone`",
    },
    Case {
        name: "unknown key in _section.yaml",
        files: &[(
            "content/tin-tuc/_section.yaml",
            "title: Tin\nsorting: date\n",
        )],
        at: ("content/tin-tuc/_section.yaml", 2, 1),
        message: "unknown field `sorting`",
    },
    Case {
        name: "unknown key in a team file",
        files: &[("content/teams/t.yaml", "name: T\nregion: [A]\nmember: 3\n")],
        at: ("content/teams/t.yaml", 3, 1),
        message: "unknown field `member`",
    },
    Case {
        name: "unknown key in a region file",
        files: &[("content/regions/a.yaml", "name: A\nparent_name: B\n")],
        at: ("content/regions/a.yaml", 2, 1),
        message: "unknown field `parent_name`",
    },
    Case {
        name: "tags.yaml that is not a mapping",
        files: &[("content/tags.yaml", "- Dân vận khéo\n")],
        at: ("content/tags.yaml", 1, 1),
        message: "",
    },
    Case {
        name: "missing date",
        files: &[("content/tin-tuc/x.md", "---\ntitle: X\n---\n")],
        at: ("content/tin-tuc/x.md", 1, 1),
        message: "this article has no `date:`",
    },
    Case {
        name: "impossible date",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 30/02/2024\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 3, 7),
        message: "day 30 does not exist: February 2024 has 29 days",
    },
    Case {
        name: "undeclared counter",
        files: &[(
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016: {road_km: 2.8}\n",
        )],
        at: ("content/teams/t.yaml", 4, 10),
        message: "`road_km` is not a counter declared in site.yaml",
    },
    Case {
        name: "a figure that is not a number",
        files: &[(
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016: {roads_km: 'hai'}\n",
        )],
        at: ("content/teams/t.yaml", 4, 20),
        message: "`hai` is not a number",
    },
    Case {
        name: "a negative figure",
        files: &[(
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016: {roads_km: -2.8}\n",
        )],
        at: ("content/teams/t.yaml", 4, 20),
        message: "-2.8 is negative",
    },
    Case {
        name: "a NaN figure",
        files: &[(
            "content/teams/t.yaml",
            "name: T\nregion: [A]\nstats:\n  2016: {roads_km: .nan}\n",
        )],
        at: ("content/teams/t.yaml", 4, 20),
        message: "NaN is not a figure",
    },
    Case {
        name: "an unknown team id",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nteams: [lai-xa]\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 9),
        message: "there is no team `lai-xa`",
    },
    Case {
        name: "two pages with one URL",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nslug: a\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 7),
        message: "content/tin-tuc/a.md and content/tin-tuc/x.md would both be written to /tin-tuc/a/index.html",
    },
    Case {
        name: "a template error",
        files: &[(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{{ page.nope }}{% endblock content %}\n",
        )],
        at: ("themes/default/templates/page.html", 2, 28),
        message: "template error:",
    },
    Case {
        name: "a template syntax error",
        files: &[(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
        )],
        at: ("themes/default/templates/page.html", 2, 26),
        message: "template error:",
    },
    Case {
        name: "a slug that escapes",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\nslug: ../../x\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 7),
        message: "the slug `../../x` would write outside its section",
    },
    Case {
        name: "an alias that escapes",
        files: &[(
            "content/tin-tuc/x.md",
            "---\ntitle: X\ndate: 2024-01-01\naliases: [/../../x.html]\n---\n",
        )],
        at: ("content/tin-tuc/x.md", 4, 11),
        message: "the alias `/../../x.html` climbs with `..`",
    },
];

fn good_site() -> Site {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.article(
        "gioi-thieu.md",
        "title: Giới thiệu\ndate: 2024-01-01",
        "x\n",
    );
    site.article("gioi-thieu.en.md", "title: About\ndate: 2024-01-01", "x\n");
    site
}

fn run_build(site: &Site) -> (i32, String) {
    let out = crate::harness::kheo()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_error_is_located_exits_1_and_leaves_the_output() {
    assert!(
        SITE_YAML.contains("roads_km"),
        "the fixtures rely on this counter"
    );
    for case in CASES {
        let site = good_site();
        site.build_ok();
        let before = snapshot(&site);
        for (path, text) in case.files {
            site.file(path, text);
        }
        let (code, stderr) = run_build(&site);
        assert_eq!(code, 1, "{}: exit code\n{stderr}", case.name);
        let (file, line, column) = case.at;
        let prefix = format!("{file}:{line}:{column}: error: {}", case.message);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
        assert!(
            errors.iter().any(|l| l.starts_with(&prefix)),
            "{}:\n  expected {prefix}\n  got      {errors:?}\n{stderr}",
            case.name
        );
        assert!(
            stderr.contains(" | "),
            "{}: the offending line is shown\n{stderr}",
            case.name
        );
        assert_eq!(
            snapshot(&site),
            before,
            "{}: the previous output changed",
            case.name
        );
    }
}

#[test]
fn unreadable_and_non_utf8_files() {
    let site = good_site();
    site.build_ok();
    let before = snapshot(&site);
    site.bytes(
        "content/tin-tuc/x.md",
        b"---\ntitle: X\ndate: 2024-01-01\n---\nM\xe1t\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("nowhere.md"),
        site.root().join("content/tin-tuc/y.md"),
    )
    .unwrap();
    let (code, stderr) = run_build(&site);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("content/tin-tuc/x.md:5:2: error: this file is not valid UTF-8 text"),
        "{stderr}"
    );
    #[cfg(unix)]
    assert!(
        stderr.contains("content/tin-tuc/y.md:1:1: error: this link leads nowhere"),
        "{stderr}"
    );
    assert_eq!(snapshot(&site), before);
}

#[test]
fn a_killed_build_leaves_the_old_output_and_the_next_build_cleans_up() {
    let site = good_site();
    site.build_ok();
    let before = snapshot(&site);
    // Stopped midway, with pages written into its staging folder, and killed there.
    let mut child = crate::harness::build_paused(site.root(), "write:3", &[]);
    let staging = |s: &Site| {
        std::fs::read_dir(s.root())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("kheo-staging"))
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(staging(&site), "the build was stopped midway");
    assert_eq!(snapshot(&site), before, "the published output is untouched");
    site.build_ok();
    assert!(
        !staging(&site),
        "the next build removes what the killed one left"
    );
}

#[test]
fn a_symlink_out_of_the_site_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "mật khẩu").unwrap();
    let site = good_site();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            site.root().join("content/tin-tuc/secret.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), site.root().join("content/ngoai")).unwrap();
        site.file("content/shared/anh.txt", "ảnh");
        std::os::unix::fs::symlink(
            site.root().join("content/shared/anh.txt"),
            site.root().join("content/tin-tuc/anh.txt"),
        )
        .unwrap();
        let report = site.build_ok();
        assert!(
            !site.exists("tin-tuc/secret.txt"),
            "a file outside the site is never published"
        );
        assert!(!site.exists("ngoai/secret.txt"));
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.file == "content/tin-tuc/secret.txt" && w.code == "symlink"),
            "{:?}",
            report.warnings
        );
        assert_eq!(
            site.read("tin-tuc/anh.txt"),
            "ảnh",
            "a link inside the site is followed"
        );
    }
}
