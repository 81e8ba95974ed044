//! The old site's uploaded files (`--files`): a WordPress `wp-content/uploads`
//! folder, or the folder `wget --mirror` saved. An address on the old site
//! (`/wp-content/uploads/2017/07/anh.jpg`, `/Portals/0/Anh.JPG`) is looked up
//! by its whole path, then by shorter and shorter tails of it, as written and
//! then ignoring case (the portals ran on Windows servers, where `Anh.JPG` and
//! `anh.jpg` were one file).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::text::nfc;
use crate::url::decode_percent;

pub(crate) struct FileIndex {
    exact: HashMap<String, PathBuf>,
    folded: HashMap<String, PathBuf>,
}

impl FileIndex {
    /// An index with no files (no `--files` given).
    pub(crate) fn empty() -> FileIndex {
        FileIndex {
            exact: HashMap::new(),
            folded: HashMap::new(),
        }
    }

    /// Every regular file under `root` (symbolic links are left out: a link
    /// could lead anywhere on the computer, and its target would be copied
    /// into the site).
    pub(crate) fn new(root: &Path) -> std::io::Result<FileIndex> {
        let mut index = FileIndex::empty();
        for entry in WalkDir::new(root).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = nfc(rel.to_string_lossy().replace('\\', "/"));
            let path = entry.into_path();
            index
                .folded
                .entry(rel.to_lowercase())
                .or_insert_with(|| path.clone());
            index.exact.entry(rel).or_insert(path);
        }
        Ok(index)
    }

    /// The file an address's path names, if the folder has it.
    pub(crate) fn find(&self, url_path: &str) -> Option<&Path> {
        let decoded = nfc(decode_percent(url_path));
        let raw = nfc(url_path.to_owned());
        for candidate in [decoded, raw] {
            let segments: Vec<&str> = candidate.split('/').filter(|s| !s.is_empty()).collect();
            for skip in 0..segments.len() {
                let tail = segments[skip..].join("/");
                if let Some(p) = self.exact.get(&tail) {
                    return Some(p);
                }
                if let Some(p) = self.folded.get(&tail.to_lowercase()) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The original of a WordPress resized copy (`anh-300x200.jpg` -> `anh.jpg`)
    /// when the folder has it: the build makes its own sizes from the largest.
    pub(crate) fn original_of(&self, url_path: &str) -> Option<&Path> {
        let (stem, ext) = url_path.rsplit_once('.')?;
        let (base, size) = stem.rsplit_once('-')?;
        let (w, h) = size.split_once('x')?;
        let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_number(w) || !is_number(h) {
            return None;
        }
        self.find(&format!("{base}.{ext}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_tails_and_case() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("2017/07")).unwrap();
        std::fs::create_dir_all(root.join("Portals/0")).unwrap();
        std::fs::write(root.join("2017/07/anh hội nghị.jpg"), b"x").unwrap();
        std::fs::write(root.join("2017/07/anh.jpg"), b"x").unwrap();
        std::fs::write(root.join("2017/07/anh-300x200.jpg"), b"x").unwrap();
        std::fs::write(root.join("Portals/0/Anh.JPG"), b"x").unwrap();
        let index = FileIndex::new(root).unwrap();
        let found = |p: &str| {
            index
                .find(p)
                .map(|f| f.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        };
        assert_eq!(
            found("/wp-content/uploads/2017/07/anh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg").as_deref(),
            Some("2017/07/anh hội nghị.jpg")
        );
        assert_eq!(
            found("/Portals/0/anh.jpg").as_deref(),
            Some("Portals/0/Anh.JPG")
        );
        assert_eq!(found("/khac/khong-co.jpg"), None);
        let original = index
            .original_of("/wp-content/uploads/2017/07/anh-300x200.jpg")
            .unwrap();
        assert!(original.ends_with("2017/07/anh.jpg"));
        assert!(index.original_of("/2017/07/anh.jpg").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_left_out() {
        // The link's target is a "precious" file in a second temp dir this
        // test owns: nothing outside temp dirs is ever pointed at.
        let outside = tempfile::tempdir().unwrap();
        let precious = outside.path().join("precious.jpg");
        std::fs::write(&precious, b"keep").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&precious, dir.path().join("a.jpg")).unwrap();
        let index = FileIndex::new(dir.path()).unwrap();
        assert!(index.find("/a.jpg").is_none());
        assert_eq!(std::fs::read(&precious).unwrap(), b"keep");
    }
}
