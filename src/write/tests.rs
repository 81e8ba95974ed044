//! Tests of `write.rs`.

use super::*;

#[cfg(unix)]
use std::os::unix::fs::symlink;

/// A site root with `content/` (and what else `dirs` names) in a temporary folder.
fn site(dirs: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("content")).unwrap();
    for d in dirs {
        fs::create_dir_all(tmp.path().join(d)).unwrap();
    }
    tmp
}

fn begin_at(root: &Path, output: &Path) -> Staging {
    begin(&Target::resolve(root, output).unwrap()).unwrap()
}

#[test]
fn refuses_the_sites_own_folders() {
    let tmp = site(&[]);
    let root = tmp.path();
    for bad in [
        root.to_path_buf(),
        root.join("content"),
        root.join("themes"),
        root.join(".kheo-cache"),
        root.join("content/public"),
        root.join(".."),
    ] {
        assert!(Target::resolve(root, &bad).is_err(), "{}", bad.display());
    }
    assert!(Target::resolve(root, &root.join("public")).is_ok());
    assert!(Target::resolve(root, &root.join("content/../out")).is_ok());
    assert!(Target::resolve(root, &root.join("public/../content")).is_err());
}

#[cfg(unix)]
#[test]
fn dot_dot_after_a_link_is_taken_where_the_link_leads() {
    // L -> content/sub: `L/../x` is content/x, not x beside L.
    let tmp = site(&["content/sub"]);
    let root = tmp.path();
    symlink(root.join("content/sub"), root.join("L")).unwrap();
    let e = Target::resolve(root, &root.join("L/../x")).unwrap_err();
    let real_content = fs::canonicalize(root.join("content")).unwrap();
    assert!(
        e.contains(&format!("{}", real_content.join("x").display())),
        "the message names the real folder: {e}"
    );
    assert!(e.contains("is inside"), "{e}");
    assert!(e.contains("where "), "and says where it came from: {e}");
    assert_eq!(
        resolve(&root.join("L/../x")).unwrap(),
        real_content.join("x")
    );
}

#[cfg(unix)]
#[test]
fn links_at_the_output_path_are_followed_before_checking() {
    let tmp = site(&[]);
    let root = tmp.path();
    symlink("content", root.join("public")).unwrap();
    let e = Target::resolve(root, &root.join("public")).unwrap_err();
    assert!(
        e.contains("contains the site's own folder") || e.contains("inside"),
        "{e}"
    );
    // A link to an ancestor of the site (inside the test's own folder:
    // never link a real system folder in a test, a regression there
    // would empty it).
    let outer = tempfile::tempdir().unwrap();
    let inner = outer.path().join("site");
    fs::create_dir_all(inner.join("content")).unwrap();
    symlink(outer.path(), inner.join("up")).unwrap();
    let e = Target::resolve(&inner, &inner.join("up")).unwrap_err();
    assert!(e.contains("contains the site's own folder"), "{e}");
    // A loop is an error, not a hang.
    symlink("loop", root.join("loop")).unwrap();
    let e = Target::resolve(root, &root.join("loop")).unwrap_err();
    assert!(e.contains("too many symbolic links"), "{e}");
}

#[test]
fn an_output_folder_is_replaced_only_when_it_is_kheos() {
    let tmp = site(&[]);
    let root = tmp.path();
    let out = root.join("public");
    // Missing, then empty: fine.
    assert!(Target::resolve(root, &out).is_ok());
    fs::create_dir(&out).unwrap();
    assert!(Target::resolve(root, &out).is_ok());
    // Filled by hand: refused, naming what is there.
    for i in 0..7 {
        fs::write(out.join(format!("bao-cao-{i}.pdf")), "x").unwrap();
    }
    fs::create_dir(out.join("uploads")).unwrap();
    let e = Target::resolve(root, &out).unwrap_err();
    assert!(e.contains("bao-cao-0.pdf, bao-cao-1.pdf"), "{e}");
    assert!(e.contains("and 3 more"), "{e}");
    assert!(e.contains(MARKER), "{e}");
    // An earlier kheo's output (no marker): adopted.
    for name in EARLIER_OUTPUT {
        fs::write(out.join(name), "x").unwrap();
    }
    assert!(Target::resolve(root, &out).is_ok());
    // A file is not a folder.
    fs::write(root.join("file"), "x").unwrap();
    let e = Target::resolve(root, &root.join("file")).unwrap_err();
    assert!(e.contains("is not a folder"), "{e}");
}

#[test]
fn staging_swaps_in_marks_and_cleans_up() {
    let tmp = site(&[]);
    let root = tmp.path();
    let target = root.join("public");
    let s = begin_at(root, &target);
    s.write("old.html", b"old").unwrap();
    s.commit().unwrap();
    assert!(target.join(MARKER).is_file());
    let s = begin_at(root, &target);
    s.write("a/index.html", b"new").unwrap();
    s.commit().unwrap();
    assert_eq!(
        fs::read_to_string(target.join("a/index.html")).unwrap(),
        "new"
    );
    assert!(!target.join("old.html").exists());
    let mut left: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [".public.kheo-lock", "content", "public"],
        "only the output and its lock remain"
    );
}

#[test]
fn dropped_staging_leaves_the_target_alone() {
    let tmp = site(&[]);
    let root = tmp.path();
    let target = root.join("public");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join(MARKER), "").unwrap();
    fs::write(target.join("keep.html"), "keep").unwrap();
    {
        let s = begin_at(root, &target);
        s.write("x.html", b"half").unwrap();
    }
    assert_eq!(
        fs::read_to_string(target.join("keep.html")).unwrap(),
        "keep"
    );
    assert!(!target.join("x.html").exists());
    assert_eq!(fs::read_dir(root).unwrap().count(), 3);
}

#[test]
fn removes_nested_trees() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().join("old");
    for i in 0..20 {
        fs::create_dir_all(top.join(format!("a{i}/b"))).unwrap();
        fs::write(top.join(format!("a{i}/b/index.html")), "x").unwrap();
        fs::write(top.join(format!("f{i}")), "x").unwrap();
    }
    remove_tree(&top).unwrap();
    assert!(!top.exists());
}

#[cfg(unix)]
#[test]
fn removing_never_follows_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let precious = tmp.path().join("precious");
    fs::create_dir(&precious).unwrap();
    fs::write(precious.join("data"), "x").unwrap();
    // The path itself a link: refused, the target untouched.
    symlink(&precious, tmp.path().join("link")).unwrap();
    assert!(remove_tree(&tmp.path().join("link")).is_err());
    // A link inside: removed as a link.
    let top = tmp.path().join("old");
    fs::create_dir(&top).unwrap();
    symlink(&precious, top.join("inside")).unwrap();
    remove_tree(&top).unwrap();
    assert!(!top.exists());
    assert!(precious.join("data").is_file());
}

#[cfg(unix)]
#[test]
fn leftovers_that_are_links_are_left_alone() {
    let tmp = site(&[]);
    let root = tmp.path();
    let precious = tempfile::tempdir().unwrap();
    fs::write(precious.path().join("data"), "x").unwrap();
    for kind in ["old", "staging", "trash"] {
        symlink(precious.path(), root.join(format!(".public.kheo-{kind}-1"))).unwrap();
    }
    let s = begin_at(root, &root.join("public"));
    s.write("index.html", b"x").unwrap();
    s.commit().unwrap();
    assert!(precious.path().join("data").is_file());
    // A missing output is not "recovered" from a link either.
    fs::remove_dir_all(root.join("public")).unwrap();
    let s = begin_at(root, &root.join("public"));
    drop(s);
    assert!(!root.join("public").exists());
    assert!(precious.path().join("data").is_file());
}

#[test]
fn a_site_moved_aside_is_put_back_before_anything_is_removed() {
    // A build killed between the two renames of the fallback swap.
    let tmp = site(&[]);
    let root = tmp.path();
    let old = root.join(".public.kheo-old-99-0");
    fs::create_dir(&old).unwrap();
    fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
    fs::write(old.join("index.html"), "old").unwrap();
    fs::create_dir(root.join(".public.kheo-staging-99-1")).unwrap();
    let s = begin_at(root, &root.join("public"));
    assert_eq!(
        fs::read_to_string(root.join("public/index.html")).unwrap(),
        "old",
        "the old site is back before the build writes anything"
    );
    assert!(!old.exists());
    assert!(!root.join(".public.kheo-staging-99-1").exists());
    drop(s);
    assert_eq!(
        fs::read_to_string(root.join("public/index.html")).unwrap(),
        "old"
    );
}

#[cfg(unix)]
#[test]
fn a_linked_output_keeps_its_link_and_replaces_the_folder_behind_it() {
    let tmp = site(&[]);
    let root = tmp.path();
    let www = tempfile::tempdir().unwrap();
    let web_root = www.path().join("site");
    symlink(&web_root, root.join("public")).unwrap();
    for round in ["một", "hai"] {
        let s = begin_at(root, &root.join("public"));
        s.write("index.html", round.as_bytes()).unwrap();
        s.commit().unwrap();
        assert!(
            fs::symlink_metadata(root.join("public"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(web_root.join("index.html")).unwrap(),
            round
        );
    }
    // Beside the real folder: its lock, nothing else.
    let mut left: Vec<String> = fs::read_dir(www.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".site.kheo-lock", "site"]);
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_never_opened() {
    let tmp = site(&[]);
    let root = tmp.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("file"), "keep").unwrap();
    symlink(outside.path().join("file"), root.join(".public.kheo-lock")).unwrap();
    let target = Target::resolve(root, &root.join("public")).unwrap();
    let Err(e) = begin(&target) else {
        panic!("a linked lock file must be refused");
    };
    assert!(e.contains("cannot prepare the output folder"), "{e}");
    assert_eq!(
        fs::read_to_string(outside.path().join("file")).unwrap(),
        "keep"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn refuses_paths_that_climb() {
    let tmp = site(&[]);
    let s = begin_at(tmp.path(), &tmp.path().join("public"));
    assert!(s.write("../evil.html", b"x").is_err());
    assert!(s.write("/etc/evil", b"x").is_err());
}

#[test]
fn lexical_and_resolved_paths_agree_without_links() {
    let tmp = tempfile::tempdir().unwrap();
    let base = fs::canonicalize(tmp.path()).unwrap();
    fs::create_dir_all(base.join("a/b")).unwrap();
    assert_eq!(
        resolve(&base.join("a/b/../c/./d")).unwrap(),
        base.join("a/c/d")
    );
    assert_eq!(lexical(&base.join("a/b/../c/./d")), base.join("a/c/d"));
}
