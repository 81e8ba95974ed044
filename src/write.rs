//! Stage 4, write: the only stage that writes. It never deletes or
//! overwrites what kheo did not write:
//!
//! - The output path is resolved through every symbolic link *before* it is
//!   checked ([`Target::resolve`]): the real folder is what must not be the
//!   site, `content/`, `themes/` or the cache, and what is replaced. A link
//!   at the output path (`public -> /var/www/site`) stays a link: the real
//!   folder behind it is replaced.
//! - A folder is replaced only when it is kheo's own output: it holds the
//!   [`MARKER`] file every build writes (or is an earlier kheo's output, or
//!   empty). Any other folder is refused, with a few of its files named.
//! - One build at a time per output folder: a lock file beside it
//!   (`.public.kheo-lock`); a second build waits for the first.
//! - Pages are written into a staging folder beside the real output
//!   (`.public.kheo-staging-<pid>-<n>`), and only when every file is there is
//!   it swapped with the output in one step (`renameat2` with
//!   `RENAME_EXCHANGE` on Linux, `renameatx_np` with `RENAME_SWAP` on macOS).
//!   Elsewhere (Windows, or a file system without the exchange) it is two
//!   renames: the old folder is moved aside (`.public.kheo-old-...`) and
//!   the new one put in its place; if a build is killed between the two, the
//!   next build moves the old one back before anything else. Either way a
//!   killed build leaves a complete site, and the next build never deletes
//!   the last complete copy.
//! - Cleaning what killed builds left, and removing an old site, never
//!   follows a symbolic link (nor crosses into another file system).

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The photo cache's folder in the site root (kept by `images::cache`):
/// never an output, nor inside one.
pub(crate) const CACHE_DIR: &str = ".kheo-cache";

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
    /// Whether nothing may be written anywhere (`kheo check`): not even the
    /// image cache.
    fn dry_run(&self) -> bool {
        false
    }
}

/// A sink that keeps nothing: `kheo check` renders every page to find
/// problems without writing a file.
pub(crate) struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }

    fn dry_run(&self) -> bool {
        true
    }
}

/// The file every build leaves at the top of its output, by which kheo
/// knows a folder is its own to replace.
pub const MARKER: &str = ".kheo-output";

const MARKER_TEXT: &str = "This folder is the output of kheo: `kheo build` replaces it whole.\n\
Files added here by hand are lost at the next build: put them in content/ instead.\n";

/// Files at the top of every site an earlier kheo (before the marker) built.
const EARLIER_OUTPUT: [&str; 4] = ["index.html", "404.html", "sitemap.xml", "kheo.css"];

/// How many symbolic links one path may go through (as Linux allows).
const MAX_LINKS: usize = 40;

/// An output folder, resolved through symbolic links and checked.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The real folder, every link on the way followed.
    real: PathBuf,
    /// Its parent, where staging folders and the lock go.
    parent: PathBuf,
    /// Its name in `parent`.
    name: String,
}

impl Target {
    /// Resolves `output` through symbolic links and refuses it when it
    /// would destroy the site's own files (the site root, `content/`,
    /// `themes/`, the image cache, an ancestor of them or a folder inside
    /// them) or files kheo did not write (see [`MARKER`]). Messages name
    /// the real folder.
    pub(crate) fn resolve(root: &Path, output: &Path) -> Result<Target, String> {
        let shown = output.display();
        let fail = |e: io::Error| crate::msg!("write.unresolved", path = shown, error = e);
        let absolute = if output.is_absolute() {
            output.to_path_buf()
        } else {
            std::env::current_dir().map_err(fail)?.join(output)
        };
        // The last part as written may itself be a link (a web root).
        let (real, link) = match absolute.components().next_back() {
            Some(Component::Normal(name)) => {
                let parent = absolute.parent().unwrap_or(Path::new("/"));
                let at = resolve(parent).map_err(fail)?.join(name);
                if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                    (resolve(&at).map_err(fail)?, Some(at))
                } else {
                    (at, None)
                }
            }
            _ => (resolve(&absolute).map_err(fail)?, None),
        };
        let via = if real == lexical(&absolute) {
            String::new()
        } else {
            crate::msg!("write.via", path = shown)
        };
        let shown_real = real.display();

        let site = resolve(root).map_err(|e| e.to_string())?;
        let mut protected = vec![site.clone()];
        for own in ["content", "themes", CACHE_DIR] {
            protected.push(site.join(own));
            if let Ok(r) = resolve(&site.join(own))
                && !protected.contains(&r)
            {
                protected.push(r);
            }
        }
        for p in &protected {
            if p.starts_with(&real) {
                return Err(crate::msg!(
                    "write.refuse-site",
                    path = shown_real,
                    via = via,
                    folder = p.display()
                ));
            }
        }
        for p in &protected[1..] {
            for at in std::iter::once(&real).chain(&link) {
                if at.starts_with(p) {
                    return Err(crate::msg!(
                        "write.refuse-inside",
                        path = shown_real,
                        via = via,
                        folder = p.display()
                    ));
                }
            }
        }
        let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
            return Err(crate::msg!("write.refuse", path = shown_real, via = via));
        };
        let target = Target {
            parent: parent.to_path_buf(),
            name: name.to_string_lossy().into_owned(),
            real: real.clone(),
        };
        target.owned().map_err(|why| format!("{why}{via}"))?;
        Ok(target)
    }

    /// The real output folder.
    pub(crate) fn real(&self) -> &Path {
        &self.real
    }

    /// Whether the real folder is kheo's to replace: missing, empty, marked,
    /// or an earlier kheo's output. Otherwise says which files are not kheo's.
    fn owned(&self) -> Result<(), String> {
        let real = &self.real;
        let meta = match fs::symlink_metadata(real) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                return Err(crate::msg!(
                    "write.unreadable",
                    path = real.display(),
                    error = e
                ));
            }
        };
        if !meta.is_dir() {
            return Err(crate::msg!("write.not-a-folder", path = real.display()));
        }
        let is_file = |name: &str| fs::symlink_metadata(real.join(name)).is_ok_and(|m| m.is_file());
        if is_file(MARKER) || EARLIER_OUTPUT.iter().all(|n| is_file(n)) {
            return Ok(());
        }
        let mut names: Vec<String> = fs::read_dir(real)
            .map_err(|e| format!("cannot read {}: {e}", real.display()))?
            .flatten()
            .map(|e| {
                let slash = if e.file_type().is_ok_and(|t| t.is_dir()) {
                    "/"
                } else {
                    ""
                };
                format!("{}{slash}", e.file_name().to_string_lossy())
            })
            .collect();
        if names.is_empty() {
            return Ok(());
        }
        names.sort();
        const SHOWN: usize = 5;
        let more = match names.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => crate::msg!("write.and-more", n = n),
        };
        names.truncate(SHOWN);
        Err(crate::msg!(
            "write.not-kheos",
            path = real.display(),
            names = names.join(", "),
            more = more,
            marker = MARKER
        ))
    }

    fn sibling(&self, kind: &str) -> String {
        format!(".{}.kheo-{kind}", self.name)
    }

    /// The lock that makes builds into this folder take turns; waits
    /// (saying so on the terminal) while another build holds it.
    fn lock(&self) -> io::Result<fs::File> {
        fs::create_dir_all(&self.parent)?;
        let path = self.parent.join(self.sibling("lock"));
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "kheo: {}",
                    crate::msg!("write.waiting", path = self.real.display())
                );
                file.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        pause("locked");
        Ok(file)
    }

    /// Folders beside the output that a build left, by kind
    /// (`staging`, `old`, `trash`), real folders only: a link or a file
    /// with such a name is left alone.
    fn leftovers(&self, kind: &str) -> Vec<PathBuf> {
        let prefix = format!("{}-", self.sibling(kind));
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        found.sort();
        found
    }

    /// A new, unused path beside the output: `.public.kheo-<kind>-<pid>-<n>`.
    fn fresh(&self, kind: &str) -> PathBuf {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        loop {
            let path = self.parent.join(format!(
                "{}-{}-{}",
                self.sibling(kind),
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            if fs::symlink_metadata(&path).is_err() {
                return path;
            }
        }
    }

    /// After a build killed between the two renames of a swap, the output
    /// is missing and the previous site waits beside it: put it back.
    fn recover(&self) -> io::Result<()> {
        if fs::symlink_metadata(&self.real).is_ok() {
            return Ok(());
        }
        if let Some(old) = self.leftovers("old").pop() {
            fs::rename(old, &self.real)?;
        }
        Ok(())
    }

    /// Removes what killed builds left beside the output. An old site is
    /// removed only when the output is there.
    fn remove_leftovers(&self) {
        let mut kinds = vec!["staging", "trash"];
        if fs::symlink_metadata(&self.real).is_ok() {
            kinds.push("old");
        }
        for kind in kinds {
            for path in self.leftovers(kind) {
                let _ = remove_tree(&path);
            }
        }
    }
}

/// Starts writing into `target`: waits for other builds into it, repairs
/// and cleans what killed builds left, checks again that the folder is
/// kheo's, and makes an empty staging folder beside it.
pub(crate) fn begin(target: &Target) -> Result<Staging, String> {
    let fail = |e: io::Error| {
        crate::msg!(
            "write.cannot-prepare",
            path = target.real.display(),
            error = e,
            parent = target.parent.display()
        )
    };
    let lock = target.lock().map_err(fail)?;
    target.recover().map_err(fail)?;
    target.remove_leftovers();
    // Another build may have changed it while this one waited.
    target.owned()?;
    let dir = target.fresh("staging");
    fs::create_dir(&dir).map_err(fail)?;
    pause("staged");
    Ok(Staging {
        target: target.clone(),
        dir,
        committed: false,
        _lock: lock,
    })
}

/// A folder being filled beside the output folder. Dropped without
/// [`Staging::commit`], it is removed and the output is as it was.
pub(crate) struct Staging {
    target: Target,
    dir: PathBuf,
    committed: bool,
    /// Held until the new site is in place.
    _lock: fs::File,
}

impl Staging {
    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        // Outputs come from the model, which refuses paths that climb; check anyway.
        let rel_path = Path::new(rel);
        if rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::other(crate::msg!("write.outside", rel = rel)));
        }
        Ok(self.dir.join(rel_path))
    }

    /// Puts the staging folder in place of the output, in one step where
    /// the system can (see the module's documentation), and removes the
    /// previous site.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        pause("marked");
        let real = self.target.real.clone();
        if fs::symlink_metadata(&real).is_err() {
            fs::rename(&self.dir, &real)?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.dir, &real)? {
            // The previous site is now where the staging folder was.
            self.committed = true;
            pause("swapped");
            let _ = remove_tree(&self.dir);
            return Ok(());
        }
        let old = self.target.fresh("old");
        fs::rename(&real, &old)?;
        pause("moved-aside");
        if let Err(e) = fs::rename(&self.dir, &real) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, &real);
            return Err(e);
        }
        self.committed = true;
        pause("swapped");
        // Renamed first, so that a partly removed site never passes for a
        // complete old one.
        let trash = self.target.fresh("trash");
        if fs::rename(&old, &trash).is_ok() {
            let _ = remove_tree(&trash);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        pause("write");
        fs::write(path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        pause("write");
        let (mut source, _) = crate::files::open(from, crate::files::ASSET)?;
        let mut dest = fs::File::create(path)?;
        io::copy(&mut source, &mut dest).map(|_| ())
    }
}

/// Swaps two folders in one step. `Ok(false)` when this system or file
/// system cannot (the caller renames twice instead).
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    if std::env::var_os("KHEO_TEST_NO_EXCHANGE").is_some() {
        return Ok(false);
    }
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Opens (creating) the lock file, never through a symbolic link.
fn open_lock_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    #[cfg(not(unix))]
    {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::other(crate::msg!(
                "write.is-link",
                path = path.display()
            )));
        }
    }
    options.open(path)
}

/// Removes a folder and everything in it, sub-folders in parallel: deleting
/// the previous site (tens of thousands of small files) is mostly waiting
/// on the file system, and overlapping the waits makes it faster. Never
/// follows a symbolic link (a link is removed, not what it leads to), and
/// refuses to enter another file system mounted inside.
pub(crate) fn remove_tree(path: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return Err(io::Error::other(crate::msg!(
            "write.remove-not-folder",
            path = path.display()
        )));
    }
    remove_inside(path, device(&meta))
}

fn remove_inside(path: &Path, dev: Option<u64>) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|e| {
        pause("remove");
        // The entry's own type: a link is never followed.
        if e.file_type()?.is_dir() {
            let meta = fs::symlink_metadata(e.path())?;
            if device(&meta) != dev {
                return Err(io::Error::other(crate::msg!(
                    "write.other-file-system",
                    path = e.path().display()
                )));
            }
            remove_inside(&e.path(), dev)
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(path)
}

#[cfg(unix)]
fn device(meta: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.dev())
}

#[cfg(not(unix))]
fn device(_meta: &fs::Metadata) -> Option<u64> {
    None
}

/// `path` made absolute with every symbolic link on the way followed and
/// each `..` taken after the link before it (as the system does: `L/..`
/// is the parent of where `L` leads, not the folder holding `L`). Parts
/// that do not exist yet are kept as written.
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let start = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut pending: Vec<OsString> = Vec::new();
    let mut out = PathBuf::new();
    push_parts(&mut pending, &start);
    let mut links = 0;
    while let Some(part) = pending.pop() {
        let part_path = Path::new(&part);
        match part_path.components().next() {
            Some(Component::Prefix(_)) => out = part_path.to_path_buf(),
            Some(Component::RootDir) => out.push(part_path),
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::Normal(_)) => {
                let next = out.join(part_path);
                match fs::symlink_metadata(&next) {
                    Ok(m) if m.file_type().is_symlink() => {
                        links += 1;
                        if links > MAX_LINKS {
                            return Err(io::Error::other(crate::msg!(
                                "write.link-loop",
                                path = path.display()
                            )));
                        }
                        // A relative target continues from the link's folder (`out`).
                        push_parts(&mut pending, &fs::read_link(&next)?);
                    }
                    _ => out = next,
                }
            }
            Some(Component::CurDir) | None => {}
        }
    }
    Ok(out)
}

/// `path` with `.` and `..` taken as written, links ignored: what the user
/// would expect it to mean.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Pushes the parts of `path` so that popping gives them in order.
fn push_parts(pending: &mut Vec<OsString>, path: &Path) {
    for c in path.components().rev() {
        pending.push(c.as_os_str().to_owned());
    }
}

/// A point where a test can stop a build, to kill it there: with
/// `KHEO_TEST_PAUSE=<point>` (or `<point>:<n>`, the n-th time it is
/// reached) the build says `kheo: test pause at <point>` on stderr and
/// waits until the file named by `KHEO_TEST_RESUME` exists (or forever).
fn pause(point: &str) {
    static WANTED: OnceLock<Option<(String, usize)>> = OnceLock::new();
    static REACHED: AtomicUsize = AtomicUsize::new(0);
    let wanted = WANTED.get_or_init(|| {
        let spec = std::env::var("KHEO_TEST_PAUSE").ok()?;
        Some(match spec.split_once(':') {
            Some((p, n)) => (p.to_owned(), n.parse().unwrap_or(1)),
            None => (spec, 1),
        })
    });
    let Some((at, nth)) = wanted else {
        return;
    };
    if at != point || REACHED.fetch_add(1, Ordering::SeqCst) + 1 != *nth {
        return;
    }
    eprintln!("kheo: test pause at {point}");
    let resume = std::env::var_os("KHEO_TEST_RESUME").map(PathBuf::from);
    loop {
        if resume.as_deref().is_some_and(Path::exists) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[cfg(test)]
mod tests;
