//! `kheo init`: a new bilingual site to start from — configuration, two
//! sections with an article and its translation each, two teams with their
//! figures, regions, CI files for GitHub and GitLab, and a README — written
//! from the files of `scaffold/`, which are embedded in the binary.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// A file of the new site, by its path under `scaffold/`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaffoldFile {
    pub(crate) path: &'static str,
    pub(crate) text: &'static str,
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(ScaffoldFile {
            path: $path,
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/scaffold/", $path)),
        }),*]
    };
}

/// Every file of `scaffold/`, sorted by path (a test keeps the list complete).
pub(crate) const SITE_FILES: &[ScaffoldFile] = embed!(
    ".github/workflows/kheo.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    "README.md",
    "content/mo-hinh/2025-09-12-dong-sen-hien-dat-mo-duong.en.md",
    "content/mo-hinh/2025-09-12-dong-sen-hien-dat-mo-duong.md",
    "content/mo-hinh/_section.yaml",
    "content/mo-hinh/duong-lien-xom-dong-sen.svg",
    "content/regions/ha-lam.yaml",
    "content/regions/tan-khe.yaml",
    "content/site.yaml",
    "content/tags.yaml",
    "content/teams/bai-giua.yaml",
    "content/teams/dong-sen.yaml",
    "content/tin-tuc/2026-01-15-tan-khe-so-ket-to-dan-van.en.md",
    "content/tin-tuc/2026-01-15-tan-khe-so-ket-to-dan-van.md",
    "content/tin-tuc/_section.yaml",
);

/// The kheo version the CI files install: the one writing them, so a site's
/// first CI run builds it with the kheo its editor previewed it with.
pub(crate) const KHEO_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The mark in the CI files that [`KHEO_VERSION`] replaces.
const KHEO_VERSION_MARK: &str = "__KHEO_VERSION__";

/// Names that may already be in a folder `kheo init` treats as empty: a
/// freshly cloned, empty repository has its `.git`.
const IGNORED_NAMES: [&str; 1] = [".git"];

/// What `kheo init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to write the site into; created when missing.
    pub dir: PathBuf,
    /// Write into a folder that is not empty, replacing files of the same name.
    pub force: bool,
}

/// A site written.
#[derive(Debug)]
pub struct InitReport {
    pub dir: PathBuf,
    /// Paths of the files written, relative to `dir`.
    pub written: Vec<&'static str>,
    /// Those that replaced an existing file (only with `force`).
    pub replaced: Vec<&'static str>,
}

/// The text of a scaffold file as it is written into a new site.
pub(crate) fn file_text(file: &ScaffoldFile) -> String {
    file.text.replace(KHEO_VERSION_MARK, KHEO_VERSION)
}

/// Writes a new site into `opts.dir`. Refuses a folder that holds anything
/// (but `.git`) unless `force`; nothing is written then.
pub fn init(opts: &InitOptions) -> Result<InitReport, Diagnostic> {
    let dir = &opts.dir;
    let shown = crate::display_path(dir);
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(
                Diagnostic::error(&shown, 1, 1, crate::msg!("init.not-a-folder"))
                    .with_code("usage"),
            );
        }
        Ok(_) => {
            let found = first_entry(dir)
                .map_err(|e| cannot(&shown, crate::msg!("init.cannot-read-folder", error = e)))?;
            if let Some(name) = found.filter(|_| !opts.force) {
                return Err(Diagnostic::error(
                    &shown,
                    1,
                    1,
                    crate::msg!("init.not-empty", name = name),
                )
                .with_code("usage")
                .with_hint(crate::msg!("init.not-empty.hint")));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(cannot(
                &shown,
                crate::msg!("init.cannot-read-folder", error = e),
            ));
        }
    }

    // Nothing is written through a link (`content -> elsewhere`, a
    // `README.md` linked to a file of another folder): --force replaces
    // files of this folder, never what a link leads to.
    for file in SITE_FILES {
        if let Some(link) = link_on_the_way(dir, file.path) {
            let shown = crate::display_path(&link);
            return Err(Diagnostic::error(&shown, 1, 1, crate::msg!("init.link"))
                .with_code("write")
                .with_hint(crate::msg!("init.link.hint")));
        }
    }
    let mut report = InitReport {
        dir: dir.clone(),
        written: Vec::new(),
        replaced: Vec::new(),
    };
    for file in SITE_FILES {
        let path = crate::portable::join_rel(dir, file.path);
        let shown = crate::display_path(&path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| cannot(&shown, crate::msg!("init.cannot-create-folder", error = e)))?;
        }
        if path.exists() {
            report.replaced.push(file.path);
        }
        fs::write(&path, file_text(file))
            .map_err(|e| cannot(&shown, crate::msg!("init.cannot-write", error = e)))?;
        report.written.push(file.path);
    }
    Ok(report)
}

/// The first symbolic link among `dir/<rel>`'s parts under `dir`, if any.
fn link_on_the_way(dir: &Path, rel: &str) -> Option<std::path::PathBuf> {
    let mut at = dir.to_path_buf();
    for part in rel.split('/') {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// The name of an entry of `dir` that makes it non-empty, if any.
fn first_entry(dir: &Path) -> io::Result<Option<String>> {
    let mut names: Vec<String> = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<_>>()?;
    names.retain(|n| !IGNORED_NAMES.contains(&n.as_str()));
    names.sort();
    Ok(names.into_iter().next())
}

fn cannot(shown: &str, message: String) -> Diagnostic {
    Diagnostic::error(shown, 1, 1, message).with_code("write")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_scaffold_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scaffold");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = SITE_FILES.iter().map(|f| f.path).collect();
        assert_eq!(
            on_disk, embedded,
            "list new scaffold files in SITE_FILES (sorted)"
        );
    }

    #[test]
    fn ci_files_name_the_version_that_wrote_them() {
        for file in SITE_FILES {
            let text = file_text(file);
            assert!(!text.contains(KHEO_VERSION_MARK), "{}", file.path);
            let is_ci = file.path.ends_with("kheo.yml") || file.path == ".gitlab-ci.yml";
            assert_eq!(
                text.contains(&format!("KHEO_VERSION: \"{KHEO_VERSION}\"")),
                is_ci,
                "{}",
                file.path
            );
        }
    }
}
