//! Stage 4, write: the only stage that writes. Pages are written into a
//! staging folder beside the target (`.public.kheo-staging-<pid>`), and only
//! when every page is there is it swapped with the target, so a failed or
//! interrupted build leaves the published folder exactly as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Where rendered files go. The build writes to a [`Staging`] folder; `serve`
/// may keep them in memory instead.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path under the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file at `from` to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
    /// Keeps the file the previous build wrote at `rel`, unchanged. Only an
    /// incremental render (`serve`) calls it, on a sink that still has the
    /// previous build.
    fn keep(&self, _rel: &str) {}
}

/// A sink that keeps nothing: `kheo check` renders every page to find
/// problems without writing a file.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// A folder being filled beside the output folder.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (removing any left
    /// behind by an interrupted build).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .ok_or_else(|| io::Error::other("the output folder has no parent folder"))?;
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}.kheo-staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        // Outputs come from the model, which refuses paths that climb; check anyway.
        let rel_path = Path::new(rel);
        if rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::other(format!(
                "refusing to write outside the output folder: {rel}"
            )));
        }
        Ok(self.dir.join(rel_path))
    }

    /// Replaces the target with the staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self
            .target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if self.target.exists() {
            let old = parent.join(format!(".{name}.kheo-old-{}", std::process::id()));
            if old.exists() {
                fs::remove_dir_all(&old)?;
            }
            fs::rename(&self.target, &old)?;
            if let Err(e) = fs::rename(&self.dir, &self.target) {
                // Put the previous site back before reporting.
                let _ = fs::rename(&old, &self.target);
                return Err(e);
            }
            self.committed = true;
            let _ = remove_tree(&old);
        } else {
            fs::rename(&self.dir, &self.target)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, path).map(|_| ())
    }
}

/// Removes a folder and everything in it, sub-folders in parallel: deleting
/// the previous site (tens of thousands of small files) is mostly waiting
/// on the file system, and overlapping the waits makes it faster.
pub fn remove_tree(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(path)
}

/// Staging and old folders of builds that were killed before they finished.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.kheo-staging-"),
        format!(".{name}.kheo-old-"),
    ];
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            let _ = remove_tree(&e.path());
        }
    }
}

/// An absolute, `..`-free form of a path, resolving symlinks of the part that exists.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut clean = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Canonicalise the longest existing ancestor, keep the rest as written.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => rest.push(n.to_owned()),
            None => break,
        }
        if !existing.pop() {
            break;
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    Ok(out)
}

/// Refuses an output folder that would destroy the site's own files: the
/// site root, `content/`, `themes/`, the image cache, an ancestor of them,
/// or a folder inside `content/`, `themes/` or the cache.
pub fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let root = absolute(root).map_err(|e| e.to_string())?;
    let output = absolute(output).map_err(|e| e.to_string())?;
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join(crate::images::CACHE_DIR),
    ];
    for p in &protected {
        if p.starts_with(&output) {
            return Err(format!(
                "refusing to build into {}: it is or contains the site's own folder {}",
                output.display(),
                p.display()
            ));
        }
    }
    for p in &protected[1..] {
        if output.starts_with(p) {
            return Err(format!(
                "refusing to build into {}: it is inside {}",
                output.display(),
                p.display()
            ));
        }
    }
    if output.exists() && !output.is_dir() {
        return Err(format!("{} exists and is not a folder", output.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_sites_own_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("themes"),
            root.join("content/public"),
            root.join(".."),
        ] {
            assert!(check_output(root, &bad).is_err(), "{}", bad.display());
        }
        assert!(check_output(root, &root.join("public")).is_ok());
        assert!(check_output(root, &root.join("content/../out")).is_ok());
        assert!(check_output(root, &root.join("public/../content")).is_err());
    }

    #[test]
    fn staging_swaps_in_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        s.write("a/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old.html").exists());
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the output folder remains");
    }

    #[test]
    fn dropped_staging_leaves_the_target_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("keep.html"), "keep").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("x.html", b"half").unwrap();
        }
        assert_eq!(
            fs::read_to_string(target.join("keep.html")).unwrap(),
            "keep"
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
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

    #[test]
    fn refuses_paths_that_climb() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public")).unwrap();
        assert!(s.write("../evil.html", b"x").is_err());
        assert!(s.write("/etc/evil", b"x").is_err());
    }
}
