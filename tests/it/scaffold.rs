//! `kheo init` and `kheo new`: the site init writes builds and checks clean,
//! new articles land where the guide says, and nothing is ever overwritten.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use kheo::scaffold::new_article::{NewError, NewOptions, new_article};

use crate::harness::{Site, contains, render};

fn kheo(args: &[&str], root: Option<&Path>) -> Output {
    let mut cmd = crate::harness::kheo();
    cmd.args(args);
    if let Some(root) = root {
        cmd.arg("--root").arg(root);
    }
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[track_caller]
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// A fresh site written by `kheo init` in a temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("trang-dan-van");
    let out = kheo(&["init", dir.to_str().unwrap()], None);
    assert_exit(&out, 0);
    contains(&stdout(&out), "kheo: wrote a new site into");
    (tmp, dir)
}

/// Today's date in Hà Nội, before and after a command, so a test run across
/// midnight still accepts the date written.
fn local_days() -> Vec<String> {
    let tz = jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
    let day = || {
        jiff::Timestamp::now()
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    };
    vec![day(), day()]
}

#[test]
fn init_writes_a_site_that_builds_without_a_warning_and_checks_strict_clean() {
    let (_tmp, dir) = init_site();
    for file in [
        "content/site.yaml",
        "content/tags.yaml",
        "content/tin-tuc/_section.yaml",
        "content/mo-hinh/_section.yaml",
        "content/teams/dong-sen.yaml",
        "content/teams/bai-giua.yaml",
        "content/regions/tan-khe.yaml",
        ".github/workflows/kheo.yml",
        ".gitlab-ci.yml",
        ".gitignore",
        "README.md",
    ] {
        assert!(dir.join(file).is_file(), "{file} is missing");
    }

    let report = kheo::build(&kheo::BuildOptions::new(&dir))
        .unwrap_or_else(|f| panic!("{}", render(&f.diagnostics)));
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    assert_eq!((report.articles, report.languages), (4, 2));
    let problems = kheo::check(&kheo::CheckOptions {
        root: dir.clone(),
        strict: true,
    });
    assert!(problems.is_empty(), "{}", render(&problems));

    let out = dir.join("public");
    let article =
        fs::read_to_string(out.join("mo-hinh/dong-sen-hien-dat-mo-duong/index.html")).unwrap();
    contains(&article, "<table>");
    contains(&article, "href=\"/tin-tuc/tan-khe-so-ket-to-dan-van/\"");
    contains(
        &article,
        "href=\"/en/models/dong-sen-residents-widen-their-lanes/\"",
    );
    contains(&article, "/to-dan-van/dong-sen/");
    let english =
        fs::read_to_string(out.join("en/news/tan-khe-reviews-a-year-of-its-teams/index.html"))
            .unwrap();
    contains(
        &english,
        "href=\"/en/models/dong-sen-residents-widen-their-lanes/\"",
    );
    contains(&english, "/en/tags/grassroots-mediation/");
    // The commune's own report (9) wins over the sum of its two teams (2 + 4).
    let region = fs::read_to_string(out.join("dia-ban/ha-lam/tan-khe/index.html")).unwrap();
    contains(&region, "9");
    assert!(out.join("so-lieu/so-lieu.csv").is_file());
    let csv = fs::read_to_string(out.join("so-lieu/so-lieu.csv")).unwrap();
    contains(
        &csv,
        "Hà Lâm > Tân Khê,Tân Khê,3,2025,disputes_resolved,9,reported,today",
    );

    // The binary agrees, with the exit codes CI relies on.
    assert_exit(&kheo(&["check", "--strict"], Some(&dir)), 0);
}

/// The version `kheo --version` prints ("kheo 0.1.0" -> "0.1.0").
fn binary_version() -> String {
    let out = kheo(&["--version"], None);
    assert_exit(&out, 0);
    let text = stdout(&out);
    text.trim()
        .strip_prefix("kheo ")
        .unwrap_or_else(|| panic!("unexpected --version output: {text:?}"))
        .to_owned()
}

#[test]
fn init_ci_files_install_exactly_the_version_of_the_binary_that_wrote_them() {
    let (_tmp, dir) = init_site();
    let version = binary_version();
    assert!(
        version.split('.').count() == 3 && version.split('.').all(|n| n.parse::<u32>().is_ok()),
        "{version}"
    );
    for (ci, vars) in [
        (".github/workflows/kheo.yml", "env"),
        (".gitlab-ci.yml", "variables"),
    ] {
        let text = fs::read_to_string(dir.join(ci)).unwrap();
        let check = text.find("kheo check --strict").unwrap();
        let build = text.rfind("kheo build").unwrap();
        assert!(check < build, "{ci}: check must run before build");
        // Read as CI reads it: the variable holds the binary's version.
        let yaml: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(
            yaml[vars]["KHEO_VERSION"].as_str(),
            Some(version.as_str()),
            "{ci}"
        );
        // Installed from the package of that version, from source only when asked.
        contains(
            &text,
            "pip install --quiet --disable-pip-version-check \"kheo==$KHEO_VERSION\"",
        );
        contains(&text, "cargo install --locked --root");
        contains(&text, "\"kheo@$KHEO_VERSION\"");
        contains(&text, "if [ -n \"$KHEO_FROM_SOURCE\" ]; then");
        assert_eq!(yaml[vars]["KHEO_FROM_SOURCE"].as_str(), Some(""), "{ci}");
        // ... and checked: a different kheo on the path fails the run.
        contains(&text, "= \"kheo $KHEO_VERSION\"");
        // Nothing left to fill in.
        for mark in ["__KHEO", "KHEO_GIT", "TODO", "FIXME", "<fill"] {
            assert!(!text.contains(mark), "{ci} has {mark}");
        }
    }
    let github: serde_json::Value = serde_saphyr::from_str(
        &fs::read_to_string(dir.join(".github/workflows/kheo.yml")).unwrap(),
    )
    .unwrap();
    let steps = github["jobs"]["build"]["steps"].as_array().unwrap();
    let cache = steps
        .iter()
        .find(|s| s["id"] == "installed")
        .expect("a step caching the installed kheo");
    contains(
        cache["with"]["key"].as_str().unwrap(),
        "${{ env.KHEO_VERSION }}",
    );
    let install = steps
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("pip install")))
        .unwrap();
    assert_eq!(
        install["if"].as_str(),
        Some("steps.installed.outputs.cache-hit != 'true'")
    );
    let gitlab: serde_json::Value =
        serde_saphyr::from_str(&fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap()).unwrap();
    let caches = gitlab["default"]["cache"].as_array().unwrap();
    assert!(
        caches.iter().any(|c| c["key"]
            .as_str()
            .is_some_and(|k| k.contains("$KHEO_VERSION"))
            && c["paths"][0] == ".kheo/"),
        "{caches:?}"
    );
    contains(
        &fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "/.kheo/",
    );
}

#[test]
fn init_ci_files_publish_and_keep_resized_photos() {
    let (_tmp, dir) = init_site();
    let github = fs::read_to_string(dir.join(".github/workflows/kheo.yml")).unwrap();
    contains(&github, "actions/deploy-pages");
    let gitlab = fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    contains(&gitlab, "pages:");
    contains(&gitlab, "$CI_PAGES_URL");
    // Resized photos are kept between runs, and never committed.
    contains(&github, "path: .kheo-cache");
    contains(&gitlab, "- .kheo-cache/");
    let ignore = fs::read_to_string(dir.join(".gitignore")).unwrap();
    contains(&ignore, "/.kheo-cache/");
    // The lock file and staging folders beside public/ are never committed either.
    contains(&ignore, "/.public.kheo-*");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("ghi-chu.txt"), "của biên tập viên").unwrap();

    let out = kheo(&["init", dir.to_str().unwrap()], None);
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        ":1:1: error: this folder is not empty (it has `ghi-chu.txt`)",
    );
    contains(&stderr(&out), "--force");
    assert!(!dir.join("content").exists(), "nothing is written");

    let out = kheo(&["init", "--force", dir.to_str().unwrap()], None);
    assert_exit(&out, 0);
    assert!(dir.join("content/site.yaml").is_file());
    assert_eq!(
        fs::read_to_string(dir.join("ghi-chu.txt")).unwrap(),
        "của biên tập viên",
        "other files are kept"
    );

    // Forced again over the site: every file is replaced, and said so.
    fs::write(dir.join("content/site.yaml"), "title: cũ\n").unwrap();
    let out = kheo(&["init", "--force", dir.to_str().unwrap()], None);
    assert_exit(&out, 0);
    contains(&stdout(&out), "17 replaced");
    contains(
        &fs::read_to_string(dir.join("content/site.yaml")).unwrap(),
        "base_url:",
    );
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_link() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    fs::create_dir(&dir).unwrap();
    // Files of another folder, reached by links inside the new site's folder.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(
        elsewhere.path().join("site.yaml"),
        "title: của người khác\n",
    )
    .unwrap();
    fs::write(elsewhere.path().join("ghi-chu.md"), "quý\n").unwrap();
    for (link, to) in [
        ("content", elsewhere.path().to_path_buf()),
        ("README.md", elsewhere.path().join("ghi-chu.md")),
    ] {
        symlink(&to, dir.join(link)).unwrap();
        let out = kheo(&["init", "--force", dir.to_str().unwrap()], None);
        assert_exit(&out, 1);
        contains(
            &stderr(&out),
            &format!(
                "{link}:1:1: error: this is a symbolic link: kheo init does not write through links"
            ),
        );
        assert_eq!(
            fs::read_to_string(elsewhere.path().join("site.yaml")).unwrap(),
            "title: của người khác\n"
        );
        assert_eq!(
            fs::read_to_string(elsewhere.path().join("ghi-chu.md")).unwrap(),
            "quý\n"
        );
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 2);
        fs::remove_file(dir.join(link)).unwrap();
    }
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "nothing written");
}

#[test]
fn init_takes_a_freshly_cloned_repository_and_refuses_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    assert_exit(&kheo(&["init", tmp.path().to_str().unwrap()], None), 0);
    assert!(tmp.path().join("content/site.yaml").is_file());

    let file = tmp.path().join("README.md");
    let out = kheo(&["init", file.to_str().unwrap()], None);
    assert_exit(&out, 1);
    contains(&stderr(&out), "this is a file, not a folder");
}

#[test]
fn new_writes_a_dated_draft_in_the_section_and_prints_its_path() {
    let (_tmp, dir) = init_site();
    let before = local_days();
    let out = kheo(
        &[
            "new",
            "tin-tuc",
            "Hội nghị: triển khai nhiệm vụ năm 2027",
            "--team",
            "bai-giua",
        ],
        Some(&dir),
    );
    assert_exit(&out, 0);
    let printed = stdout(&out);
    let path = PathBuf::from(printed.trim_end());
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    let days: Vec<String> = before.into_iter().chain(local_days()).collect();
    assert!(
        days.iter()
            .any(|d| name == format!("{d}-hoi-nghi-trien-khai-nhiem-vu-nam-2027.md")),
        "{name} is not named by today's date in the site's time zone and the title's slug"
    );
    assert_eq!(
        path.parent().unwrap(),
        dir.join("content/tin-tuc"),
        "{printed}"
    );
    contains(&stderr(&out), "draft");

    let text = fs::read_to_string(&path).unwrap();
    contains(&text, "title: \"Hội nghị: triển khai nhiệm vụ năm 2027\"\n");
    contains(&text, "teams: [bai-giua]\n");
    contains(&text, "draft: true\n");
    let date_line = text.lines().find(|l| l.starts_with("date: ")).unwrap();
    assert!(
        days.iter()
            .any(|d| date_line.starts_with(&format!("date: {d} "))),
        "{date_line}"
    );

    // A draft is left out of a build, without a warning, and built with --drafts.
    let report = kheo::build(&kheo::BuildOptions::new(&dir)).unwrap();
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    let mut with_drafts = kheo::BuildOptions::new(&dir);
    with_drafts.drafts = true;
    let report = kheo::build(&with_drafts).unwrap_or_else(|f| panic!("{}", render(&f.diagnostics)));
    assert_eq!(report.articles, 5);
    let page = dir.join("public/tin-tuc/hoi-nghi-trien-khai-nhiem-vu-nam-2027/index.html");
    contains(
        &fs::read_to_string(page).unwrap(),
        "Hội nghị: triển khai nhiệm vụ năm 2027",
    );
}

#[test]
fn new_date_is_now_in_the_site_time_zone() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    // 18:30 UTC on 5 March is 01:30 on 6 March in Hà Nội (UTC+7).
    let opts = NewOptions {
        root: site.root().to_path_buf(),
        section: "tin-tuc".into(),
        title: "Đường giao thông nông thôn".into(),
        lang: None,
        of: None,
        teams: Vec::new(),
        now: "2026-03-05T18:30:00Z".parse().unwrap(),
    };
    let created = new_article(&opts).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        created.file,
        "content/tin-tuc/2026-03-06-duong-giao-thong-nong-thon.md"
    );
    contains(
        &fs::read_to_string(&created.path).unwrap(),
        "\ndate: 2026-03-06 01:30\n",
    );

    let utc = Site::with_config(&format!("{}timezone: UTC\n", crate::harness::SITE_YAML));
    utc.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    let created = new_article(&NewOptions {
        root: utc.root().to_path_buf(),
        ..opts
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        created.file,
        "content/tin-tuc/2026-03-05-duong-giao-thong-nong-thon.md"
    );
}

#[test]
fn new_translation_copies_date_tags_teams_and_region_of_its_original() {
    let (_tmp, dir) = init_site();
    fs::remove_file(dir.join("content/mo-hinh/2025-09-12-dong-sen-hien-dat-mo-duong.en.md"))
        .unwrap();
    let out = kheo(
        &[
            "new",
            "mo-hinh",
            "Dong Sen: wider lanes by consent",
            "--lang",
            "en",
            "--of",
            "2025-09-12-dong-sen-hien-dat-mo-duong.md",
            "--team",
            "bai-giua",
        ],
        Some(&dir),
    );
    assert_exit(&out, 0);
    let path = PathBuf::from(stdout(&out).trim_end());
    assert_eq!(
        path,
        dir.join("content/mo-hinh/2025-09-12-dong-sen-hien-dat-mo-duong.en.md")
    );
    let text = fs::read_to_string(&path).unwrap();
    for line in [
        "title: \"Dong Sen: wider lanes by consent\"\n",
        "slug: dong-sen-wider-lanes-by-consent\n",
        "date: 12/09/2025 08:30\n",
        "tags: [Skilful mass mobilization, Mobilization teams, Rural roads]\n",
        "teams: [dong-sen, bai-giua]\n",
        "region: [Hà Lâm, Tân Khê, thôn Đồng Sen]\n",
        "image: duong-lien-xom-dong-sen.svg\n",
        "draft: true\n",
    ] {
        contains(&text, line);
    }

    let mut with_drafts = kheo::BuildOptions::new(&dir);
    with_drafts.drafts = true;
    kheo::build(&with_drafts).unwrap_or_else(|f| panic!("{}", render(&f.diagnostics)));
    let vi = fs::read_to_string(dir.join("public/mo-hinh/dong-sen-hien-dat-mo-duong/index.html"))
        .unwrap();
    contains(
        &vi,
        "href=\"/en/models/dong-sen-wider-lanes-by-consent/\" lang=\"en\"",
    );
}

#[test]
fn new_translation_by_slug_and_tags_without_a_translation_are_copied_with_a_note() {
    let site = Site::new();
    site.article(
        "tin-tuc/2024-05-02-hop-dan.md",
        "title: Họp dân\ntags: [Hội nghị, Dân vận khéo]",
        "x\n",
    );
    site.file(
        "content/tags.yaml",
        "Dân vận khéo: Skilful mass mobilization\n",
    );
    let out = kheo(
        &[
            "new",
            "tin-tuc",
            "Residents' meeting",
            "--lang",
            "en",
            "--of",
            "hop-dan",
        ],
        Some(site.root()),
    );
    assert_exit(&out, 0);
    let text =
        fs::read_to_string(site.root().join("content/tin-tuc/2024-05-02-hop-dan.en.md")).unwrap();
    contains(&text, "tags: [Hội nghị, Skilful mass mobilization]\n");
    contains(&text, "date: 2024-05-02\n");
    contains(
        &stderr(&out),
        "tag has no `en` name in content/tags.yaml and was copied as written: Hội nghị",
    );
}

#[test]
fn new_never_replaces_a_file() {
    let (_tmp, dir) = init_site();
    let first = kheo(&["new", "tin-tuc", "Tin mới"], Some(&dir));
    assert_exit(&first, 0);
    let path = PathBuf::from(stdout(&first).trim_end());
    fs::write(
        &path,
        "---\ntitle: Đã viết\ndate: 2025-01-01\n---\nNội dung quý.\n",
    )
    .unwrap();

    let again = kheo(&["new", "tin-tuc", "Tin mới"], Some(&dir));
    assert_exit(&again, 1);
    contains(
        &stderr(&again),
        "error: this file already exists; kheo new never replaces a file",
    );
    contains(&fs::read_to_string(&path).unwrap(), "Nội dung quý.");

    // The translation that already exists is refused the same way.
    let out = kheo(
        &[
            "new",
            "tin-tuc",
            "Review",
            "--lang",
            "en",
            "--of",
            "tan-khe-so-ket-to-dan-van",
        ],
        Some(&dir),
    );
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "content/tin-tuc/2026-01-15-tan-khe-so-ket-to-dan-van.en.md:1:1: error: this file already exists",
    );

    // Another date, same address: refused too, naming the article in the way.
    let out = kheo(&["new", "tin-tuc", "Tân Khê sơ kết Tổ dân vận"], Some(&dir));
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "content/tin-tuc/2026-01-15-tan-khe-so-ket-to-dan-van.md:1:1: error: this article already has the address `tan-khe-so-ket-to-dan-van`",
    );
}

#[test]
fn new_reports_an_unknown_section_team_and_language_at_once() {
    let (_tmp, dir) = init_site();
    let out = kheo(
        &[
            "new", "tin-tc", "Tin", "--team", "dong-sn", "--lang", "fr", "--of", "x",
        ],
        Some(&dir),
    );
    assert_exit(&out, 1);
    let err = stderr(&out);
    contains(
        &err,
        "--lang:1:1: error: `fr` is not one of the site's languages (vi, en)",
    );
    contains(
        &err,
        "content/tin-tc/:1:1: error: `tin-tc` is not a section",
    );
    contains(&err, "hint: did you mean `tin-tuc`?");
    contains(
        &err,
        "content/teams/dong-sn.yaml:1:1: error: there is no team `dong-sn`",
    );
    contains(&err, "hint: did you mean `dong-sen`?");
    assert!(!dir.join("content/tin-tc").exists(), "nothing is written");

    let out = kheo(&["new", "teams", "Tin"], Some(&dir));
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "`teams` is a folder of data files, not a section",
    );

    let out = kheo(
        &[
            "new",
            "tin-tuc",
            "Review",
            "--lang",
            "en",
            "--of",
            "tan-khe-so-ket",
        ],
        Some(&dir),
    );
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "--of:1:1: error: no `vi` article in content/tin-tuc/ is named `tan-khe-so-ket`",
    );
}

#[test]
fn new_usage_mistakes_exit_with_2() {
    let (_tmp, dir) = init_site();
    fs::remove_file(dir.join("content/tin-tuc/2026-01-15-tan-khe-so-ket-to-dan-van.en.md"))
        .unwrap();
    for (args, message) in [
        (
            vec!["new", "tin-tuc", "?!"],
            "the title `?!` has no letters or digits",
        ),
        (
            vec!["new", "tin-tuc", "Review", "--lang", "en"],
            "name the original with --of (its file name or slug); articles of content/tin-tuc/ not yet in `en`: 2026-01-15-tan-khe-so-ket-to-dan-van",
        ),
        (
            vec!["new", "tin-tuc", "Tin", "--of", "tan-khe-so-ket-to-dan-van"],
            "--of names the article a translation is made from",
        ),
        (
            vec!["new", "tin-tuc"],
            "required arguments were not provided",
        ),
    ] {
        let out = kheo(&args, Some(&dir));
        assert_exit(&out, 2);
        contains(&stderr(&out), message);
        contains(&stderr(&out), "Usage: kheo new");
    }
}

#[test]
fn new_without_a_site_says_where_it_looked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = kheo(&["new", "tin-tuc", "Tin"], Some(tmp.path()));
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "content/:1:1: error: there is no content/ folder",
    );
    assert!(matches!(
        new_article(&NewOptions {
            root: tmp.path().to_path_buf(),
            section: "tin-tuc".into(),
            title: "Tin".into(),
            lang: None,
            of: None,
            teams: Vec::new(),
            now: jiff::Timestamp::now(),
        }),
        Err(NewError::Site(_))
    ));
}

#[test]
fn init_writes_every_footer_key_commented_and_uncommented_they_are_accepted() {
    let (_tmp, dir) = init_site();
    let text = fs::read_to_string(dir.join("content/site.yaml")).unwrap();
    // The commented block: `# footer:` and its indented lines.
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "# footer:")
        .take_while(|l| *l == "# footer:" || l.starts_with("#   "))
        .map(|l| l.trim_start_matches("# "))
        .collect();
    let footer_keys: Vec<&str> = kheo::config::SITE_KEYS
        .iter()
        .filter_map(|k| k.strip_prefix("footer."))
        .collect();
    assert_eq!(footer_keys.len(), 6, "{footer_keys:?}");
    for key in &footer_keys {
        assert!(
            block
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{key}:"))),
            "site.yaml of kheo init lacks footer.{key}: {block:?}"
        );
    }
    let uncommented = format!("{text}\n{}\n", block.join("\n"));
    let mut diags = kheo::diag::Diagnostics::new();
    let config = kheo::config::parse(uncommented, None, &mut diags);
    assert!(config.is_some(), "{}", render(&diags.into_sorted()));
    let footer = config.unwrap().footer;
    assert!(footer.agency.is_some() && footer.responsible.is_some() && footer.license.is_some());
    assert_eq!(footer.phone.as_deref(), Some("0220 3852 123"));
}

#[test]
fn new_van_ban_writes_a_document_that_builds_and_refuses_a_second_one() {
    let (_tmp, dir) = init_site();
    let days = local_days();
    let out = kheo(
        &[
            "new",
            "van-ban",
            "Về việc thành lập và hoạt động của Tổ dân vận",
            "--number",
            "80-HD/BDVTW",
            "--issuer",
            "Ban Dân vận Trung ương",
            "--signed",
            "28/02/2012",
        ],
        Some(&dir),
    );
    assert_exit(&out, 0);
    let path = PathBuf::from(stdout(&out).trim_end());
    assert_eq!(path, dir.join("content/van-ban/80-hd-bdvtw.md"));
    // The kind read from the symbol HD is said, as the file is published at once.
    contains(&stderr(&out), "kind: Hướng dẫn, read from the symbol HD");
    contains(&stderr(&out), "the next build publishes it");
    let text = fs::read_to_string(&path).unwrap();
    for line in [
        "number: 80-HD/BDVTW\n",
        "kind: Hướng dẫn\n",
        "issuer: Ban Dân vận Trung ương\n",
        "signed: 28/02/2012\n",
        "title: Về việc thành lập và hoạt động của Tổ dân vận\n",
        "# signer: ",
        "# file: 80-hd-bdvtw.pdf",
        "# replaces: ",
        "# summary: ",
        "# effective: ",
    ] {
        contains(&text, line);
    }

    // A second one: kind given in English, signed today, no issuer, a title
    // YAML would misread unquoted.
    let out = kheo(
        &[
            "new",
            "content/van-ban/",
            "Kết luận: công tác dân vận",
            "--number",
            "218-QĐ/TW",
            "--kind",
            "Regulation",
        ],
        Some(&dir),
    );
    assert_exit(&out, 0);
    let text = fs::read_to_string(dir.join("content/van-ban/218-qd-tw.md")).unwrap();
    contains(&text, "kind: Quy định\n");
    contains(&text, "title: \"Kết luận: công tác dân vận\"\n");
    contains(&text, "# issuer: ");
    let signed = days
        .iter()
        .map(|d| {
            let (y, rest) = d.split_once('-').unwrap();
            let (m, day) = rest.split_once('-').unwrap();
            format!("signed: {day}/{m}/{y}\n")
        })
        .collect::<Vec<_>>();
    assert!(signed.iter().any(|s| text.contains(s)), "{text}");
    contains(&stderr(&out), "signed: today");

    // Both build: their pages exist, the first with its fields.
    let report = kheo::build(&kheo::BuildOptions::new(&dir))
        .unwrap_or_else(|f| panic!("{}", render(&f.diagnostics)));
    assert!(report.warnings.is_empty(), "{}", render(&report.warnings));
    let page = fs::read_to_string(dir.join("public/van-ban/80-hd-bdvtw/index.html")).unwrap();
    contains(&page, "<time datetime=\"2012-02-28\">28/02/2012</time>");
    contains(&page, ">Ban Dân vận Trung ương</a>");
    assert!(
        dir.join("public/en/documents/218-qd-tw/index.html")
            .is_file()
    );

    // The same number again (any spelling), the same file: refused, nothing written.
    let before = fs::read_to_string(&path).unwrap();
    let out = kheo(
        &["new", "van-ban", "Khác", "--number", "80-hd/bdvtw"],
        Some(&dir),
    );
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "content/van-ban/80-hd-bdvtw.md:1:1: error: this document already has the number `80-hd/bdvtw`",
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn new_van_ban_reports_what_it_cannot_write() {
    let (_tmp, dir) = init_site();
    // No number: a usage error (exit 2).
    let out = kheo(&["new", "van-ban", "Về việc …"], Some(&dir));
    assert_exit(&out, 2);
    contains(&stderr(&out), "a document needs its number");
    // Options of documents on an article, of articles on a document.
    let out = kheo(
        &["new", "tin-tuc", "Tin", "--number", "1-HD/TU"],
        Some(&dir),
    );
    assert_exit(&out, 2);
    contains(&stderr(&out), "--number is for a document");
    let out = kheo(
        &[
            "new", "van-ban", "Tin", "--number", "1-HD/TU", "--lang", "en",
        ],
        Some(&dir),
    );
    assert_exit(&out, 2);
    // A bad number, an unknown kind and an impossible date, at once.
    let out = kheo(
        &[
            "new",
            "van-ban",
            "Về việc",
            "--number",
            "HD-80",
            "--kind",
            "Huong dan x",
            "--signed",
            "30/02/2012",
        ],
        Some(&dir),
    );
    assert_exit(&out, 1);
    let err = stderr(&out);
    contains(
        &err,
        "--number:1:1: error: `HD-80` is not a document number",
    );
    contains(
        &err,
        "--kind:1:1: error: `Huong dan x` is not a kind of document",
    );
    contains(&err, "--signed:1:1: error:");
    // A number that does not say its kind, without --kind.
    let out = kheo(
        &["new", "van-ban", "Về việc", "--number", "202/2025/QH15"],
        Some(&dir),
    );
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "--kind:1:1: error: the number `202/2025/QH15` does not say which kind of document it is",
    );
    contains(&stderr(&out), "Nghị quyết, Chỉ thị");
    assert!(!dir.join("content/van-ban").exists(), "nothing is written");
}

/// With `KHEO_LANG=vi`, what `kheo init`, `kheo new` and a build say about
/// the editor's own mistakes is Vietnamese, with the `error:` keyword and
/// the `path:line:column:` place unchanged.
#[test]
fn init_new_and_loading_speak_vietnamese() {
    let (_tmp, dir) = init_site();
    let vi = |args: &[&str], root: Option<&Path>| {
        let mut cmd = crate::harness::kheo();
        cmd.env("KHEO_LANG", "vi").args(args);
        if let Some(root) = root {
            cmd.arg("--root").arg(root);
        }
        cmd.output().unwrap()
    };

    // A folder that is not empty.
    let out = vi(&["init", dir.to_str().unwrap()], None);
    assert_exit(&out, 1);
    contains(&stderr(&out), "error: thư mục này không trống");
    contains(&stderr(&out), "--force");

    // A section that does not exist, and a document without its number.
    let out = vi(&["new", "khong-co", "Bài mới"], Some(&dir));
    assert_exit(&out, 1);
    contains(
        &stderr(&out),
        "content/khong-co/:1:1: error: `khong-co` không phải chuyên mục",
    );
    let out = vi(&["new", "van-ban", "Về việc học tập"], Some(&dir));
    assert_exit(&out, 2);
    contains(&stderr(&out), "văn bản cần có số, ký hiệu");

    // An article without a date, a wrong figure and a Markdown file among the teams.
    fs::write(
        dir.join("content/tin-tuc/khong-ngay.md"),
        "---\ntitle: Không ngày\n---\nx\n",
    )
    .unwrap();
    fs::write(dir.join("content/teams/ghi-chu.md"), "ghi chú\n").unwrap();
    let out = vi(&["build"], Some(&dir));
    assert_exit(&out, 1);
    let said = stderr(&out);
    contains(
        &said,
        "content/tin-tuc/khong-ngay.md:1:1: error: bài viết này không có `date:`",
    );
    contains(
        &said,
        "thêm vào phần khai báo một dòng như `date: 16/08/2024 10:03`",
    );
    contains(
        &said,
        "content/teams/ghi-chu.md:1:1: warning: teams/ và regions/ chỉ chứa tệp dữ liệu YAML",
    );
    assert!(!said.contains("this article has no"), "{said}");
}
