//! Nothing lost, nothing hung: kheo never deletes or overwrites what it did
//! not write (output folders resolved through links, folders that are not
//! its output refused, leftovers and the cache never followed out of the
//! site), a killed build always leaves a complete site, two builds into one
//! folder take turns, `check` writes nothing, and special or hostile files
//! (pipes, sockets, huge files, pictures declaring billions of pixels,
//! links to hidden files, names that are not UTF-8) are reported, never
//! read in a way that could hang or exhaust the machine.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Site, build_paused, contains, pair, png_declaring, render};

/// Every file under `dir` with its bytes (links not followed).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (rel.display().to_string(), fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Every entry under `dir` (links not followed) with its type, length and
/// modification time: what "nothing was written" compares.
fn listing(dir: &Path) -> BTreeMap<String, (String, u64, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let meta = e.path().symlink_metadata().unwrap();
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                (
                    format!("{:?}", meta.file_type()),
                    meta.len(),
                    meta.modified().unwrap(),
                ),
            )
        })
        .collect()
}

fn kheo() -> Command {
    crate::harness::kheo()
}

/// Runs kheo with `args`, failing the test (instead of hanging) after `limit`.
fn run_within(args: &[&str], root: &Path, limit: Duration) -> (i32, String) {
    let mut child = kheo()
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("kheo {args:?} did not finish within {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A small site with a few pages and a photo: enough files that a build
/// can be stopped between them.
fn small_site() -> Site {
    let site = Site::new();
    for i in 0..4 {
        pair(
            &site,
            &format!("bai-{i}"),
            &format!("2024-0{}-01", i + 1),
            &format!("Bài {i}"),
            &format!("Article {i}"),
        );
    }
    site.bytes("content/tin-tuc/anh.png", &png(120, 80));
    site.article(
        "tin-tuc/anh-bai.md",
        "title: Bài có ảnh\ndate: 2024-06-01\nimage: anh.png",
        "Ảnh.\n",
    );
    site.article(
        "tin-tuc/anh-bai.en.md",
        "title: With a photo\ndate: 2024-06-01\nimage: anh.png",
        "Photo.\n",
    );
    site
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The names in `dir` that start with `.` and hold `kheo-` (what builds leave beside the output).
fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kheo-") && n != ".kheo-cache")
        .collect();
    names.sort();
    names
}

fn output_error(site: &Site, output: &Path) -> String {
    let mut opts = site.options();
    opts.output = Some(output.to_path_buf());
    match kheo::build(&opts) {
        Ok(_) => panic!("building into {} should be refused", output.display()),
        Err(f) => {
            let text = render(&f.diagnostics);
            assert!(f.diagnostics.iter().any(|d| d.code == "output"), "{text}");
            text
        }
    }
}

// ---- Output folders ----------------------------------------------------

#[test]
fn dot_dot_after_a_link_is_resolved_before_the_checks() {
    let site = small_site();
    let root = site.root();
    fs::create_dir_all(root.join("content/anh")).unwrap();
    symlink(root.join("content/anh"), root.join("L")).unwrap();
    let before = listing(&root.join("content"));
    // The system reads L/../x as content/x (the parent of where L leads).
    let text = output_error(&site, &root.join("L/../x"));
    let real = fs::canonicalize(root.join("content")).unwrap().join("x");
    contains(&text, &format!("refusing to build into {}", real.display()));
    contains(&text, "is inside");
    assert_eq!(listing(&root.join("content")), before, "content/ untouched");
    assert!(!root.join("x").exists());
}

#[test]
fn a_linked_web_root_is_built_behind_its_link() {
    let site = small_site();
    let www = tempfile::tempdir().unwrap();
    let web_root = www.path().join("site");
    symlink(&web_root, site.out()).unwrap();
    site.build_ok();
    pair(&site, "moi", "2024-07-01", "Bài mới", "New article");
    site.build_ok();
    let link = fs::symlink_metadata(site.out()).unwrap();
    assert!(link.file_type().is_symlink(), "public/ is still the link");
    assert_eq!(fs::read_link(site.out()).unwrap(), web_root);
    assert!(web_root.join("tin-tuc/moi/index.html").is_file());
    assert!(web_root.join(kheo::write::MARKER).is_file());
    assert_eq!(beside(www.path()), [".site.kheo-lock"]);
    assert_eq!(beside(site.root()), Vec::<String>::new());
}

#[test]
fn a_folder_kheo_did_not_write_is_refused_and_kept() {
    let site = small_site();
    // A web root filled by hand, directly and behind a link.
    let by_hand = |dir: &Path| {
        fs::create_dir_all(dir.join("uploads")).unwrap();
        fs::write(dir.join("index.php"), "<?php phpinfo();").unwrap();
        fs::write(dir.join("uploads/bao-cao.pdf"), "%PDF").unwrap();
    };
    by_hand(&site.out());
    let before = snapshot(&site.out());
    let text = output_error(&site, &site.out());
    contains(
        &text,
        "it holds files kheo did not write (index.php, uploads/)",
    );
    contains(&text, kheo::write::MARKER);
    assert_eq!(snapshot(&site.out()), before);

    let www = tempfile::tempdir().unwrap();
    by_hand(www.path());
    let link = site.root().join("web");
    symlink(www.path(), &link).unwrap();
    let text = output_error(&site, &link);
    contains(
        &text,
        &format!("refusing to build into {}", www.path().display()),
    );
    assert_eq!(snapshot(www.path()), before);
    // Through the command line too: exit 1, nothing changed.
    let out = kheo()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&site.out()), before);
}

#[test]
fn an_earlier_kheos_output_is_replaced_as_before() {
    let site = small_site();
    site.build_ok();
    // What an earlier kheo left: its site, without the marker, and an old page.
    fs::remove_file(site.out().join(kheo::write::MARKER)).unwrap();
    fs::create_dir_all(site.out().join("bai-cu")).unwrap();
    fs::write(site.out().join("bai-cu/index.html"), "cũ").unwrap();
    site.build_ok();
    assert!(site.exists(kheo::write::MARKER));
    assert!(!site.exists("bai-cu/index.html"));
}

#[test]
fn an_empty_folder_or_a_new_one_is_fine() {
    let site = small_site();
    fs::create_dir(site.out()).unwrap();
    site.build_ok();
    let mut opts = site.options();
    opts.output = Some(site.root().join("a/b/c/out"));
    kheo::build(&opts).unwrap();
    assert!(site.root().join("a/b/c/out/index.html").is_file());
}

// ---- Leftovers and the cache never lead out of the site ------------------

#[test]
fn leftovers_that_are_links_never_lead_a_build_out_of_the_site() {
    let site = small_site();
    site.build_ok();
    let precious = tempfile::tempdir().unwrap();
    fs::create_dir(precious.path().join("thu-muc")).unwrap();
    fs::write(precious.path().join("thu-muc/du-lieu.txt"), "quý").unwrap();
    fs::write(precious.path().join("tep.txt"), "quý").unwrap();
    let before = snapshot(precious.path());
    for name in [
        ".public.kheo-old-1",
        ".public.kheo-staging-2",
        ".public.kheo-staging-3-0",
        ".public.kheo-trash-4",
    ] {
        symlink(precious.path(), site.root().join(name)).unwrap();
    }
    // A link to / too: nothing under it may be touched.
    // (Never a link to a real system folder here: a regression would empty it.)
    site.build_ok();
    let (code, stderr) = run_within(&["check"], site.root(), Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(snapshot(precious.path()), before);
    // With the output gone, a link is not taken for the previous site either.
    fs::remove_dir_all(site.out()).unwrap();
    site.build_ok();
    assert_eq!(snapshot(precious.path()), before);
    assert!(
        !fs::symlink_metadata(site.out())
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Something shaped like a cache entry that no build used for 90 days,
/// in `<dir>/images/<shard>/`: pruning would remove it from a real cache.
fn stale_entry(dir: &Path, shard: &str) -> PathBuf {
    let entry = dir
        .join("images")
        .join(shard)
        .join(format!("{shard}0123456789abcdef0123456789abcd-01234567"));
    fs::create_dir_all(&entry).unwrap();
    fs::write(entry.join("size"), "10 10\n").unwrap();
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(90 * 24 * 3600);
    fs::File::options()
        .write(true)
        .open(entry.join("size"))
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    entry
}

#[test]
fn a_cache_folder_that_is_a_link_is_neither_used_nor_pruned() {
    let site = small_site();
    let elsewhere = tempfile::tempdir().unwrap();
    let entry = stale_entry(elsewhere.path(), "ab");
    symlink(elsewhere.path(), site.root().join(".kheo-cache")).unwrap();
    let report = site.build_ok();
    assert!(entry.join("size").is_file(), "nothing outside is pruned");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.code == "cache" && w.message.contains("not a folder")),
        "{:?}",
        report.warnings
    );
    assert!(
        site.listing()
            .iter()
            .any(|f| f.starts_with("tin-tuc/anh.") && f.ends_with(".png")),
        "the photo's resized copies are written"
    );
    // In a real cache, a shard that is a link is left alone too.
    fs::remove_file(site.root().join(".kheo-cache")).unwrap();
    site.build_ok();
    let images = site.root().join(".kheo-cache/images");
    let shard = (0..=255u8)
        .map(|n| format!("{n:02x}"))
        .find(|s| !images.join(s).exists())
        .unwrap();
    let entry = stale_entry(elsewhere.path(), &shard);
    symlink(
        elsewhere.path().join("images").join(&shard),
        images.join(&shard),
    )
    .unwrap();
    site.build_ok();
    assert!(entry.join("size").is_file());
}

#[test]
fn a_cached_picture_that_is_a_link_is_never_published() {
    let site = small_site();
    site.build_ok();
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("id_rsa"), "KHÓA BÍ MẬT").unwrap();
    let variants: Vec<PathBuf> = walkdir::WalkDir::new(site.root().join(".kheo-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "size")
        .map(|e| e.into_path())
        .collect();
    assert!(!variants.is_empty());
    for v in &variants {
        fs::remove_file(v).unwrap();
        symlink(secret.path().join("id_rsa"), v).unwrap();
    }
    site.build_ok();
    for (file, bytes) in snapshot(&site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("KHÓA BÍ MẬT"),
            "{file} is the secret"
        );
    }
}

// ---- A killed build leaves a complete site -------------------------------

/// Builds the site as it is now into a folder of its own and returns it.
fn reference(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = site.options();
    opts.output = Some(dir.path().join("out"));
    kheo::build(&opts).unwrap();
    snapshot(&dir.path().join("out"))
}

/// Edits the site so that a build gives other files.
fn change(site: &Site, round: usize) {
    pair(
        site,
        &format!("vong-{round}"),
        "2024-09-01",
        &format!("Vòng {round}"),
        &format!("Round {round}"),
    );
}

/// Kills a build at each `points` (and after a range of delays) and checks
/// that the output is always the old or the new complete site, and that
/// the next build succeeds and leaves nothing beside the output.
fn kill_everywhere(points: &[&str], env: &[(&str, &str)]) {
    let site = small_site();
    site.build_ok();
    let mut old = snapshot(&site.out());
    let mut round = 0;
    let check_after =
        |site: &Site, old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<_, _>, at: &str| {
            let now = snapshot(&site.out());
            if site.out().exists() {
                assert!(
                    now == *old || now == *new,
                    "killed at {at}: the output is neither the old nor the new site: {:?}",
                    now.keys().collect::<Vec<_>>()
                );
            } else {
                // Only between the two renames of the fallback swap: the old
                // site waits beside the output, complete.
                let aside: Vec<String> = beside(site.root())
                    .into_iter()
                    .filter(|n| n.starts_with(".public.kheo-old-"))
                    .collect();
                assert_eq!(aside.len(), 1, "killed at {at}: {:?}", beside(site.root()));
                assert_eq!(
                    snapshot(&site.root().join(&aside[0])),
                    *old,
                    "killed at {at}"
                );
                // Even a build that fails puts it back, before anything else.
                site.file("content/tin-tuc/loi.md", "no front matter\n");
                assert!(site.build().is_err());
                fs::remove_file(site.root().join("content/tin-tuc/loi.md")).unwrap();
                assert_eq!(snapshot(&site.out()), *old, "killed at {at}");
                assert_eq!(beside(site.root()), [".public.kheo-lock"], "killed at {at}");
            }
        };
    for point in points {
        round += 1;
        change(&site, round);
        let new = reference(&site);
        let mut child = build_paused(site.root(), point, env);
        child.kill().unwrap();
        child.wait().unwrap();
        check_after(&site, &old, &new, point);
        site.build_ok();
        assert_eq!(snapshot(&site.out()), new, "after {point}");
        assert_eq!(beside(site.root()), [".public.kheo-lock"], "after {point}");
        old = new;
    }
    // And at no particular point: after delays spread over a whole build.
    let started = Instant::now();
    let status = kheo()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .envs(env.iter().copied())
        .status()
        .unwrap();
    assert!(status.success());
    let whole = started.elapsed();
    for step in 0..12u32 {
        round += 1;
        change(&site, round);
        let new = reference(&site);
        let mut child = kheo()
            .args(["build", "--quiet", "--root"])
            .arg(site.root())
            .envs(env.iter().copied())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * step / 10);
        child.kill().unwrap();
        child.wait().unwrap();
        let at = format!("{:?}", whole * step / 10);
        check_after(&site, &old, &new, &at);
        site.build_ok();
        assert_eq!(snapshot(&site.out()), new, "after {at}");
        old = new;
    }
}

const POINTS: &[&str] = &[
    "locked",
    "staged",
    "write:1",
    "write:5",
    "write:30",
    "marked",
    "swapped",
    "remove:1",
    "remove:20",
];

#[test]
fn a_build_killed_anywhere_leaves_a_complete_site() {
    kill_everywhere(POINTS, &[]);
}

#[test]
fn without_the_one_step_swap_a_killed_build_still_loses_nothing() {
    // Windows, or a file system without RENAME_EXCHANGE: two renames.
    let mut points = POINTS.to_vec();
    points.push("moved-aside");
    kill_everywhere(&points, &[("KHEO_TEST_NO_EXCHANGE", "1")]);
}

// ---- Two builds into one folder --------------------------------------------

#[test]
fn a_second_build_waits_for_the_first() {
    let site = small_site();
    site.build_ok();
    change(&site, 1);
    let expected = reference(&site);
    let resume = site.root().join("resume");
    let resume_env = resume.to_string_lossy().into_owned();
    let mut first = build_paused(
        site.root(),
        "write:3",
        &[("KHEO_TEST_RESUME", resume_env.as_str())],
    );
    let mut second = kheo()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The second says it waits, and does.
    let mut stderr = std::io::BufReader::new(second.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    assert!(
        line.starts_with("kheo: another build is writing into ") && line.contains("waiting"),
        "{line}"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second build waits"
    );
    fs::write(&resume, "").unwrap();
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    assert_eq!(snapshot(&site.out()), expected);
    assert_eq!(beside(site.root()), [".public.kheo-lock"]);
}

#[test]
fn builds_started_together_each_publish_a_complete_site() {
    let site = small_site();
    for round in 0..3 {
        change(&site, round);
        let expected = reference(&site);
        let children: Vec<_> = (0..3)
            .map(|_| {
                kheo()
                    .args(["build", "--quiet", "--root"])
                    .arg(site.root())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        assert_eq!(snapshot(&site.out()), expected);
        assert_eq!(beside(site.root()), [".public.kheo-lock"]);
    }
}

// ---- check writes nothing ------------------------------------------------

#[test]
fn check_writes_nothing_at_all() {
    let site = small_site();
    let before = listing(site.root());
    let all = kheo::check(&kheo::CheckOptions {
        root: site.root().to_path_buf(),
        strict: true,
    });
    assert!(all.iter().all(|d| !d.is_error()), "{}", render(&all));
    assert_eq!(listing(site.root()), before, "no cache folder, nothing");
    // With a cache from a build: not even its times change.
    site.build_ok();
    let before = listing(site.root());
    std::thread::sleep(Duration::from_millis(20));
    let (code, stderr) = run_within(&["check"], site.root(), Duration::from_secs(60));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(listing(site.root()), before);
}

// ---- Special and hostile files -----------------------------------------------

#[test]
fn pipes_and_sockets_are_reported_and_never_read() {
    let site = small_site();
    site.build_ok();
    let before = snapshot(&site.out());
    mkfifo(&site.root().join("content/tin-tuc/ong.md"));
    mkfifo(&site.root().join("content/tin-tuc/du-lieu.bin"));
    fs::create_dir_all(site.root().join("themes/default/static")).unwrap();
    mkfifo(&site.root().join("themes/default/static/ong.css"));
    // A link inside the site to a pipe inside the site.
    symlink(
        "du-lieu.bin",
        site.root().join("content/tin-tuc/lien-ket.bin"),
    )
    .unwrap();
    let _socket =
        std::os::unix::net::UnixListener::bind(site.root().join("content/o-cam.sock")).unwrap();
    for command in ["build", "check"] {
        let (code, stderr) = run_within(&[command], site.root(), Duration::from_secs(60));
        assert_eq!(code, 1, "{command}: {stderr}");
        for (file, what) in [
            ("content/tin-tuc/ong.md", "a named pipe (FIFO)"),
            ("content/tin-tuc/du-lieu.bin", "a named pipe (FIFO)"),
            ("content/tin-tuc/lien-ket.bin", "a named pipe (FIFO)"),
            ("themes/default/static/ong.css", "a named pipe (FIFO)"),
            ("content/o-cam.sock", "a socket"),
        ] {
            contains(
                &stderr,
                &format!("{file}:1:1: error: this is {what}, not a regular file"),
            );
        }
    }
    assert_eq!(snapshot(&site.out()), before);
}

#[test]
fn a_pipe_for_site_yaml_or_a_device_never_hangs() {
    let site = small_site();
    // A device, where the system lets this user make one (root in a container).
    let device = site.root().join("content/tin-tuc/zero.bin");
    let made_device = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "5"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made_device {
        let (code, stderr) = run_within(&["build"], site.root(), Duration::from_secs(60));
        assert_eq!(code, 1, "{stderr}");
        contains(
            &stderr,
            "content/tin-tuc/zero.bin:1:1: error: this is a device, not a regular file",
        );
        fs::remove_file(&device).unwrap();
    }
    let site_yaml = site.root().join("content/site.yaml");
    fs::remove_file(&site_yaml).unwrap();
    mkfifo(&site_yaml);
    for command in ["build", "check", "stats"] {
        let (code, stderr) = run_within(&[command], site.root(), Duration::from_secs(60));
        assert_eq!(code, 1, "{command}: {stderr}");
        contains(
            &stderr,
            "content/site.yaml:1:1: error: this is a named pipe (FIFO), not a regular file",
        );
    }
}

#[test]
fn oversized_files_are_refused_with_their_size() {
    let site = small_site();
    // Sparse files: large to the file system, nothing on the disk.
    let sized = |rel: &str, len: u64| {
        let path = site.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::File::create(&path).unwrap().set_len(len).unwrap();
    };
    sized("content/tin-tuc/dai.md", 17 << 20);
    sized("content/teams/lon.yaml", 20 << 20);
    sized("content/tin-tuc/anh-lon.jpg", 101 << 20);
    sized("content/tai-lieu/video.mp4", 600 << 20);
    sized("themes/default/static/phong.woff2", 150 << 20);
    let started = Instant::now();
    let errors = site.build_err();
    let text = render(&errors);
    for line in [
        "content/tin-tuc/dai.md:1:1: error: this file is 17 MiB: kheo reads Markdown, YAML and template files of at most 16 MiB",
        "content/teams/lon.yaml:1:1: error: this file is 20 MiB: kheo reads Markdown, YAML and template files of at most 16 MiB",
        "content/tin-tuc/anh-lon.jpg:1:1: error: this file is 101 MiB: kheo reads photos and theme files of at most 100 MiB",
        "content/tai-lieu/video.mp4:1:1: error: this file is 600 MiB: kheo reads files copied as they are of at most 512 MiB",
        "themes/default/static/phong.woff2:1:1: error: this file is 150 MiB: kheo reads photos and theme files of at most 100 MiB",
    ] {
        contains(&text, line);
    }
    assert!(errors.iter().all(|d| d.code == "too-large"), "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "refused unread"
    );
}

#[test]
fn a_picture_declaring_billions_of_pixels_is_refused_before_decoding() {
    let site = small_site();
    site.bytes("content/tin-tuc/bom.png", &png_declaring(30_000, 30_000));
    site.article(
        "tin-tuc/bom.md",
        "title: Bom\ndate: 2024-05-05\nimage: bom.png",
        "x\n",
    );
    let started = Instant::now();
    let errors = site.build_err();
    let text = render(&errors);
    contains(
        &text,
        "content/tin-tuc/bom.md:4:8: error: this cover image cannot be shown: content/tin-tuc/bom.png is 30000 x 30000 pixels: decoded, it would take 2.5 GiB of memory, more than the 512 MiB kheo allows for one photo",
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "refused from its header, not decoded: {:?}",
        started.elapsed()
    );
}

#[test]
fn hidden_files_stay_unpublished_whichever_way_they_are_reached() {
    let site = small_site();
    let root = site.root();
    site.file(".env", "DB_PASSWORD=bi-mat-1\n");
    site.file(".git/config", "[remote] token = bi-mat-2\n");
    site.file("content/.an/ghi-chu.txt", "bi-mat-3\n");
    site.file("content/tin-tuc/.env", "bi-mat-4\n");
    // Links named normally, leading to hidden files and folders.
    symlink("../../.env", root.join("content/tin-tuc/cau-hinh.txt")).unwrap();
    symlink("../.git/config", root.join("content/git.txt")).unwrap();
    symlink("../.git", root.join("content/kho")).unwrap();
    symlink(".env", root.join("content/tin-tuc/env.txt")).unwrap();
    symlink(
        "../.an/ghi-chu.txt",
        root.join("content/tin-tuc/ghi-chu.txt"),
    )
    .unwrap();
    // A folder linked from content/ holding hidden files.
    site.file("shared/.htpasswd", "admin:bi-mat-5\n");
    site.file("shared/ok.txt", "công khai\n");
    symlink("../shared", root.join("content/chung")).unwrap();
    symlink(
        "../../shared/.htpasswd",
        root.join("content/tin-tuc/mat-khau.txt"),
    )
    .unwrap();
    symlink("../../shared/ok.txt", root.join("content/tin-tuc/ok.txt")).unwrap();
    let report = site.build_ok();
    for (file, bytes) in snapshot(&site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("bi-mat"),
            "{file} publishes a hidden file"
        );
    }
    assert_eq!(site.read("tin-tuc/ok.txt"), "công khai\n");
    for file in [
        "content/tin-tuc/cau-hinh.txt",
        "content/git.txt",
        "content/tin-tuc/env.txt",
        "content/tin-tuc/ghi-chu.txt",
        "content/tin-tuc/mat-khau.txt",
    ] {
        let w = report
            .warnings
            .iter()
            .find(|w| w.file == file)
            .unwrap_or_else(|| panic!("no warning at {file}: {:?}", report.warnings));
        assert_eq!(w.code, "symlink");
        contains(
            &w.message,
            "a hidden file; hidden files are never published",
        );
    }
}

#[test]
fn a_theme_folder_that_leads_out_of_the_site_is_not_read() {
    let site = small_site();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(outside.path().join("static")).unwrap();
    fs::write(outside.path().join("static/bi-mat.txt"), "bi-mat-6").unwrap();
    fs::create_dir(site.root().join("themes")).unwrap();
    symlink(outside.path(), site.root().join("themes/default")).unwrap();
    let errors = site.build_err();
    let text = render(&errors);
    contains(
        &text,
        "themes/default:1:1: error: this theme folder leads to",
    );
    assert!(!site.out().exists(), "nothing published");
}

#[test]
fn a_site_yaml_that_leads_out_of_the_site_or_to_a_hidden_file_is_not_read() {
    let site = small_site();
    let site_yaml = site.root().join("content/site.yaml");
    let config = fs::read_to_string(&site_yaml).unwrap();
    // A usable configuration elsewhere, with a secret a diagnostic could show.
    let outside = tempfile::tempdir().unwrap();
    let secret = format!("{config}\nmat_khau: bi-mat-7\n");
    fs::write(outside.path().join("site.yaml"), &secret).unwrap();
    site.file(".cau-hinh.yaml", &secret);
    fs::remove_file(&site_yaml).unwrap();
    for (target, why) in [
        (outside.path().join("site.yaml"), "outside the site"),
        (site.root().join(".cau-hinh.yaml"), "a hidden file"),
    ] {
        symlink(&target, &site_yaml).unwrap();
        for command in ["build", "check"] {
            let (code, stderr) = run_within(&[command], site.root(), Duration::from_secs(60));
            assert_eq!(code, 1, "{command}: {stderr}");
            contains(&stderr, "content/site.yaml:1:1: error: this is a link to ");
            contains(&stderr, why);
            assert!(!stderr.contains("bi-mat"), "{stderr}");
        }
        assert!(!site.out().exists());
        fs::remove_file(&site_yaml).unwrap();
    }
    // A link to a file of the site is fine.
    site.file("cau-hinh/site.yaml", &config);
    symlink("../cau-hinh/site.yaml", &site_yaml).unwrap();
    site.build_ok();
}

#[test]
fn a_file_name_that_is_not_utf8_is_an_error_naming_it() {
    use std::os::unix::ffi::OsStrExt;
    let site = small_site();
    let dir = site.root().join("content/tin-tuc");
    fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"b\xe1o-c\xe1o.pdf")),
        "x",
    )
    .unwrap();
    fs::create_dir(dir.join(std::ffi::OsStr::from_bytes(b"\xffthu-muc"))).unwrap();
    fs::write(
        dir.join(std::ffi::OsStr::from_bytes(b"\xffthu-muc/a.md")),
        "x",
    )
    .unwrap();
    let statics = site.root().join("themes/default/static");
    fs::create_dir_all(&statics).unwrap();
    fs::write(
        statics.join(std::ffi::OsStr::from_bytes(b"ph\xf4ng.css")),
        "x",
    )
    .unwrap();
    for (code, stderr) in [
        run_within(&["build"], site.root(), Duration::from_secs(60)),
        run_within(&["check"], site.root(), Duration::from_secs(60)),
    ] {
        assert_eq!(code, 1, "{stderr}");
        contains(
            &stderr,
            "content/tin-tuc/b\u{fffd}o-c\u{fffd}o.pdf:1:1: error: this file's name is not valid UTF-8 text",
        );
        contains(
            &stderr,
            "content/tin-tuc/\u{fffd}thu-muc:1:1: error: this folder's name is not valid UTF-8 text",
        );
        contains(
            &stderr,
            "themes/default/static/ph\u{fffd}ng.css:1:1: error: this file's name is not valid UTF-8 text",
        );
        assert!(
            !stderr.contains("thu-muc/a.md"),
            "its files are not read: {stderr}"
        );
    }
}
