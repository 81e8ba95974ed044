//! The image cache, `<root>/.kheo-cache/images/`: the variants of every
//! photo a build resized, so the next build copies them instead of decoding
//! the photo again. Outside `content/` (never read as content) and outside
//! the output (which a build replaces whole).
//!
//! An entry is a folder named by the photo's content hash and a hash of the
//! settings that change the bytes (format, quality, kheo's version):
//! `ab/ab12...ef-0123abcd/` holding `size` (the upright width and height)
//! and one file per width (`640.jpg`). Files are written under a temporary
//! name and renamed, so a build that is killed never leaves half a file for
//! the next one to publish. Entries no build has used for 30 days are
//! removed at the end of a build.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use super::variants::Output;

/// The cache folder, relative to the site root (named in `write`, which
/// refuses it as an output).
pub(crate) use crate::write::CACHE_DIR;

/// How long an entry no build uses is kept.
pub(crate) const KEEP_UNUSED: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// Bumped whenever resizing or encoding changes, so old variants are not reused.
const PIPELINE: u32 = 1;

/// The file that tells backup and archiving tools the folder is a cache
/// (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by kheo (resized photos).\n# It can be deleted at any time: the next build makes it again.\n";

/// Where one photo's variants are, for one set of settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// 32 hex digits: XXH3-128 of the photo's bytes.
    source: String,
    /// 16 hex digits: XXH3-64 of the settings.
    settings: String,
}

impl Key {
    pub(crate) fn new(bytes: &[u8], output: Output) -> Key {
        let settings = format!(
            "kheo {} pipeline {PIPELINE} {}",
            env!("CARGO_PKG_VERSION"),
            output.settings()
        );
        Key {
            source: format!("{:032x}", xxh3_128(bytes)),
            settings: format!("{:016x}", xxh3_64(settings.as_bytes())),
        }
    }

    /// The entry's folder name.
    pub(crate) fn entry_name(&self) -> String {
        format!("{}-{}", self.source, &self.settings[..8])
    }

    /// 8 hex digits for the variants' file names: they change whenever the
    /// photo or the settings do, so browsers may keep them forever.
    pub(crate) fn name_hash(&self) -> String {
        let both = format!("{}{}", self.source, self.settings);
        format!("{:016x}", xxh3_64(both.as_bytes()))[..8].to_owned()
    }
}

pub(crate) struct Cache {
    dir: PathBuf,
    /// `kheo check`: use what is there, write nothing.
    read_only: bool,
}

impl Cache {
    /// Opens (creating it if needed) the cache of the site at `root`. A
    /// cache folder that is a symbolic link is refused: pruning must never
    /// remove anything outside the site.
    pub(crate) fn open(root: &Path) -> io::Result<Cache> {
        let top = root.join(CACHE_DIR);
        let dir = top.join("images");
        for folder in [&top, &dir] {
            if fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                return Err(io::Error::other(crate::msg!(
                    "image.cache-not-folder",
                    path = folder.display()
                )));
            }
        }
        fs::create_dir_all(&dir)?;
        let tag = top.join("CACHEDIR.TAG");
        if !tag.exists() {
            write_atomically(&tag, CACHEDIR_TAG.as_bytes())?;
        }
        Ok(Cache {
            dir,
            read_only: false,
        })
    }

    /// The cache of the site at `root` as it is, for reading only (`kheo
    /// check`); `None` when there is none (nothing is created).
    pub(crate) fn read_only(root: &Path) -> Option<Cache> {
        let top = root.join(CACHE_DIR);
        let dir = top.join("images");
        let real_dir = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
        (real_dir(&top) && real_dir(&dir)).then_some(Cache {
            dir,
            read_only: true,
        })
    }

    fn entry(&self, key: &Key) -> PathBuf {
        self.dir.join(&key.source[..2]).join(key.entry_name())
    }

    /// The entry's folder, when it and its shard are real folders: a link
    /// there (put by hand, restored by CI) is never followed.
    fn real_entry(&self, key: &Key) -> Option<PathBuf> {
        let entry = self.entry(key);
        let shard = entry.parent()?;
        (is_real_dir(shard) && is_real_dir(&entry)).then_some(entry)
    }

    /// Makes the entry's folder, never through a link.
    fn make_entry(&self, key: &Key) -> io::Result<PathBuf> {
        let entry = self.entry(key);
        let shard = self.dir.join(&key.source[..2]);
        for dir in [&shard, &entry] {
            match fs::create_dir(dir) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
            if !is_real_dir(dir) {
                return Err(io::Error::other(crate::msg!(
                    "image.cache-not-folder-short",
                    path = dir.display()
                )));
            }
        }
        Ok(entry)
    }

    /// The upright size of the photo, when an earlier build stored it.
    pub(crate) fn size(&self, key: &Key) -> Option<(u32, u32)> {
        let path = self.real_entry(key)?.join("size");
        if !is_regular(&path) {
            return None;
        }
        let small = crate::files::Limit {
            bytes: 64,
            what: "cache entries",
        };
        let bytes = crate::files::read(&path, small).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (w, h) = text.trim().split_once(' ')?;
        Some((w.parse().ok()?, h.parse().ok()?))
    }

    pub(crate) fn store_size(&self, key: &Key, (w, h): (u32, u32)) -> io::Result<()> {
        if self.read_only {
            return Ok(());
        }
        let entry = self.make_entry(key)?;
        write_atomically(&entry.join("size"), format!("{w} {h}\n").as_bytes())
    }

    pub(crate) fn variant_path(&self, key: &Key, width: u32, output: Output) -> PathBuf {
        self.entry(key)
            .join(format!("{width}.{}", output.extension()))
    }

    /// The stored variant and its length, when there is one: a regular
    /// file (kheo never stores a link, and must not publish what one leads to).
    pub(crate) fn variant(&self, key: &Key, width: u32, output: Output) -> Option<(PathBuf, u64)> {
        self.real_entry(key)?;
        let path = self.variant_path(key, width, output);
        let meta = fs::symlink_metadata(&path).ok().filter(|m| m.is_file())?;
        Some((path, meta.len()))
    }

    pub(crate) fn store_variant(
        &self,
        key: &Key,
        width: u32,
        output: Output,
        bytes: &[u8],
    ) -> io::Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.make_entry(key)?;
        write_atomically(&self.variant_path(key, width, output), bytes)
    }

    /// Marks an entry as used now, so pruning keeps it.
    pub(crate) fn touch(&self, key: &Key) {
        if self.read_only {
            return;
        }
        let Some(size) = self.real_entry(key).map(|e| e.join("size")) else {
            return;
        };
        if is_regular(&size)
            && let Ok(file) = fs::File::options().write(true).open(size)
        {
            let _ = file.set_modified(SystemTime::now());
        }
    }

    /// Removes the entries not in `used` that no build has used for `keep`.
    /// Returns how many were removed. Best effort: a cache is never worth
    /// failing a build for. Only real folders named as kheo names them are
    /// removed: a link, or anything else put there, is left alone.
    pub(crate) fn prune(&self, used: &[String], keep: Duration) -> usize {
        if self.read_only {
            return 0;
        }
        let Some(cutoff) = SystemTime::now().checked_sub(keep) else {
            return 0;
        };
        let Ok(shards) = fs::read_dir(&self.dir) else {
            return 0;
        };
        let used: HashSet<&str> = used.iter().map(String::as_str).collect();
        let real_dir = |e: &fs::DirEntry| e.file_type().is_ok_and(|t| t.is_dir());
        let mut removed = 0;
        for shard in shards.flatten() {
            let shard_name = shard.file_name().to_string_lossy().into_owned();
            if !real_dir(&shard) || !is_shard_name(&shard_name) {
                continue;
            }
            let Ok(entries) = fs::read_dir(shard.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if used.contains(name.as_str())
                    || !real_dir(&entry)
                    || !is_entry_name(&name)
                    || !name.starts_with(&shard_name)
                {
                    continue;
                }
                let path = entry.path();
                let last_used = fs::symlink_metadata(path.join("size"))
                    .or_else(|_| entry.metadata())
                    .and_then(|m| m.modified());
                if last_used.is_ok_and(|t| t < cutoff) && crate::write::remove_tree(&path).is_ok() {
                    removed += 1;
                }
            }
            // Only removes the shard folder when it is empty.
            let _ = fs::remove_dir(shard.path());
        }
        removed
    }
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `ab`: the first two hex digits of an entry's name.
fn is_shard_name(name: &str) -> bool {
    name.len() == 2 && is_hex(name)
}

/// `<32 hex digits>-<8 hex digits>`, as [`Key::entry_name`] makes them.
fn is_entry_name(name: &str) -> bool {
    name.split_once('-')
        .is_some_and(|(a, b)| a.len() == 32 && b.len() == 8 && is_hex(a) && is_hex(b))
}

/// A folder, not a link to one.
fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// A regular file, not a link to one.
fn is_regular(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Writes a file under a temporary name beside it, then renames it.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A new file, never an existing one: a link put at the temporary name
    // (a cache restored by CI can hold anything) must not be written through.
    let mut attempts = 0;
    let (tmp, mut file) = loop {
        let tmp = path.with_file_name(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        match fs::File::options().write(true).create_new(true).open(&tmp) {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => {
                attempts += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let written = io::Write::write_all(&mut file, bytes);
    drop(file);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: Output = Output::Jpeg { quality: 80 };

    #[test]
    fn keys_follow_the_bytes_and_the_settings() {
        let a = Key::new(b"photo", JPEG);
        assert_eq!(a, Key::new(b"photo", JPEG));
        assert_ne!(a, Key::new(b"photo!", JPEG));
        assert_ne!(a, Key::new(b"photo", Output::Jpeg { quality: 81 }));
        assert_ne!(a.name_hash(), Key::new(b"photo!", JPEG).name_hash());
        assert_eq!(a.name_hash().len(), 8);
        assert_eq!(a.entry_name().len(), 32 + 1 + 8);
    }

    #[test]
    fn stores_and_finds_sizes_and_variants() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(root.path()).unwrap();
        assert!(root.path().join(".kheo-cache/CACHEDIR.TAG").is_file());
        let key = Key::new(b"photo", JPEG);
        assert_eq!(cache.size(&key), None);
        cache.store_variant(&key, 320, JPEG, b"small").unwrap();
        cache.store_size(&key, (4000, 3000)).unwrap();
        assert_eq!(cache.size(&key), Some((4000, 3000)));
        let path = cache.variant_path(&key, 320, JPEG);
        assert_eq!(fs::read(&path).unwrap(), b"small");
        assert!(path.ends_with("320.jpg"));
        let left: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            left.iter().all(|n| !n.ends_with(".tmp")),
            "no temporary file is left: {left:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_cache_are_never_followed() {
        use std::os::unix::fs::symlink;
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        // A whole cache folder that is a link: not opened for writing.
        symlink(outside.path(), root.path().join(CACHE_DIR)).unwrap();
        assert!(Cache::open(root.path()).is_err());
        assert!(Cache::read_only(root.path()).is_none());
        fs::remove_file(root.path().join(CACHE_DIR)).unwrap();
        // An entry that is a link: not read, not written through.
        let cache = Cache::open(root.path()).unwrap();
        let key = Key::new(b"photo", JPEG);
        let entry = cache.entry(&key);
        fs::create_dir_all(entry.parent().unwrap()).unwrap();
        fs::write(outside.path().join("size"), "7 7\n").unwrap();
        fs::write(outside.path().join("320.jpg"), "secret").unwrap();
        symlink(outside.path(), &entry).unwrap();
        assert_eq!(cache.size(&key), None);
        assert_eq!(cache.variant(&key, 320, JPEG), None);
        assert!(cache.store_variant(&key, 320, JPEG, b"new").is_err());
        assert!(cache.store_size(&key, (1, 1)).is_err());
        assert_eq!(fs::read(outside.path().join("320.jpg")).unwrap(), b"secret");
        assert_eq!(fs::read(outside.path().join("size")).unwrap(), b"7 7\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_a_temporary_name_is_never_written_through() {
        use std::os::unix::fs::symlink;
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let precious = outside.path().join("precious");
        fs::write(&precious, "keep").unwrap();
        let cache = Cache::open(root.path()).unwrap();
        let key = Key::new(b"photo", JPEG);
        let entry = cache.make_entry(&key).unwrap();
        // Links at the temporary names this process uses first (other tests
        // in this process may have used a few already).
        for n in 0..500 {
            symlink(
                &precious,
                entry.join(format!(".320.jpg.{}-{n}.tmp", std::process::id())),
            )
            .unwrap();
        }
        // Refused after a while (a cache is never worth failing a build
        // for), or written under a free name: never through a link.
        let stored = cache.store_variant(&key, 320, JPEG, b"new");
        assert_eq!(fs::read(&precious).unwrap(), b"keep");
        if stored.is_ok() {
            let (path, _) = cache.variant(&key, 320, JPEG).unwrap();
            assert_eq!(fs::read(path).unwrap(), b"new");
        }
    }

    #[test]
    fn a_read_only_cache_writes_nothing() {
        let root = tempfile::tempdir().unwrap();
        assert!(Cache::read_only(root.path()).is_none(), "nothing to read");
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            0,
            "nothing made"
        );
        let key = Key::new(b"photo", JPEG);
        Cache::open(root.path())
            .unwrap()
            .store_size(&key, (4, 3))
            .unwrap();
        let cache = Cache::read_only(root.path()).unwrap();
        assert_eq!(cache.size(&key), Some((4, 3)));
        cache.store_variant(&key, 320, JPEG, b"x").unwrap();
        assert_eq!(cache.variant(&key, 320, JPEG), None);
        assert_eq!(cache.prune(&[], Duration::ZERO), 0);
        assert_eq!(cache.size(&key), Some((4, 3)));
    }

    #[test]
    fn pruning_keeps_what_is_used_or_recent() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(root.path()).unwrap();
        let (old, used, recent) = (
            Key::new(b"old", JPEG),
            Key::new(b"used", JPEG),
            Key::new(b"recent", JPEG),
        );
        for k in [&old, &used, &recent] {
            cache.store_size(k, (10, 10)).unwrap();
        }
        let long_ago = SystemTime::now() - Duration::from_secs(90 * 24 * 3600);
        for k in [&old, &used] {
            fs::File::options()
                .write(true)
                .open(cache.entry(k).join("size"))
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        assert_eq!(cache.prune(&[used.entry_name()], KEEP_UNUSED), 1);
        assert_eq!(cache.size(&old), None);
        assert_eq!(cache.size(&used), Some((10, 10)));
        assert_eq!(cache.size(&recent), Some((10, 10)));
    }
}
