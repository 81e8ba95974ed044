//! The only part of `kheo import` that writes: new files in `content/`,
//! each written beside its place and then linked into it in one step, so a
//! file is either whole or absent; a file that already exists is never
//! replaced, and nothing is written outside `content/` (a section folder
//! that is a link leading elsewhere is refused).

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// What happened to a file asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Created {
    Written,
    /// A file of that name was already there and is left as it is.
    Exists,
}

/// `content/` of a site, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Content {
    root: PathBuf,
}

impl Content {
    pub(crate) fn new(site_root: &Path) -> io::Result<Content> {
        Ok(Content {
            root: site_root.join("content").canonicalize()?,
        })
    }

    /// The folder of `content/` named `folder` (empty for `content/` itself),
    /// when it is inside `content/`: `Err` explains why not. It may not
    /// exist yet ([`Content::ensure`] makes it).
    pub(crate) fn folder(&self, folder: &str) -> Result<PathBuf, String> {
        if folder.is_empty() {
            return Ok(self.root.clone());
        }
        let path = self.root.join(folder);
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path),
            Err(e) => Err(crate::msg!(
                "import.folder-cannot-read",
                folder = folder,
                error = e
            )),
            Ok(_) => {
                let real = path.canonicalize().map_err(|e| {
                    crate::msg!("import.folder-cannot-read", folder = folder, error = e)
                })?;
                if !real.starts_with(&self.root) {
                    return Err(crate::msg!(
                        "import.folder-link-outside",
                        folder = folder,
                        target = real.display()
                    ));
                }
                if !real.is_dir() {
                    return Err(crate::msg!("import.folder-is-file", folder = folder));
                }
                Ok(real)
            }
        }
    }

    /// Makes a folder of `content/` (one level: its parent must exist).
    pub(crate) fn ensure(&self, dir: &Path) -> io::Result<()> {
        if dir.is_dir() {
            return Ok(());
        }
        if dir.parent() != Some(self.root.as_path()) {
            return Err(io::Error::other("not a folder of content/"));
        }
        match fs::create_dir(dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
            _ => Ok(()),
        }
    }

    /// Writes `bytes` as `dir/name` unless that file exists. `dir` must be
    /// content/ or one of its folders, and `name` a plain file name.
    pub(crate) fn create(&self, dir: &Path, name: &str, bytes: &[u8]) -> io::Result<Created> {
        if !(dir == self.root || dir.parent() == Some(self.root.as_path()))
            || name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\'])
        {
            return Err(io::Error::other(format!(
                "{name}: not a file kheo import may write"
            )));
        }
        let target = dir.join(name);
        if fs::symlink_metadata(&target).is_ok() {
            return Ok(Created::Exists);
        }
        let temp = dir.join(format!(".{name}.kheo-import-{}", std::process::id()));
        let result = (|| {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            // A hard link never replaces a file: if one appeared meanwhile, it stays.
            match fs::hard_link(&temp, &target) {
                Ok(()) => Ok(Created::Written),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(Created::Exists),
                // File systems without hard links (FAT on a USB stick): rename.
                Err(_) if fs::symlink_metadata(&target).is_ok() => Ok(Created::Exists),
                Err(_) => fs::rename(&temp, &target).map(|()| Created::Written),
            }
        })();
        let _ = fs::remove_file(&temp);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_only_and_never_twice() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/tin-tuc")).unwrap();
        let content = Content::new(dir.path()).unwrap();
        let folder = content.folder("tin-tuc").unwrap();
        assert_eq!(
            content.create(&folder, "a.md", b"one").unwrap(),
            Created::Written
        );
        assert_eq!(
            content.create(&folder, "a.md", b"two").unwrap(),
            Created::Exists
        );
        assert_eq!(fs::read(folder.join("a.md")).unwrap(), b"one");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 1);
        assert!(content.create(&folder, "../b.md", b"x").is_err());
        assert!(content.create(&folder, ".htaccess", b"x").is_err());
        assert!(content.create(dir.path(), "c.md", b"x").is_err());
        let new = content.folder("moi").unwrap();
        content.ensure(&new).unwrap();
        assert!(new.is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_section_linked_outside_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let precious = outside.path().join("precious.txt");
        fs::write(&precious, b"keep").unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content/tin-tuc")).unwrap();
        let content = Content::new(dir.path()).unwrap();
        let why = content.folder("tin-tuc").unwrap_err();
        assert!(why.contains("outside content/"), "{why}");
        assert_eq!(fs::read(&precious).unwrap(), b"keep");
        fs::write(dir.path().join("content/tep"), b"x").unwrap();
        assert!(content.folder("tep").unwrap_err().contains("is a file"));
    }
}
