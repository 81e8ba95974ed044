//! The photo stage: [`Photos::plan`] before the render (every command),
//! [`Photos::produce`] before it too but never in `kheo check`, and
//! [`Photos::publish`] once the pages are rendered. The render only reads
//! the outcomes ([`Photos::get`]). Each step runs in parallel over the image
//! files pages use; none of them runs inside the render, so no page waits
//! for a photo another thread is preparing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::ImageSettings;
use crate::diag::Diagnostic;
use crate::write::Sink;

use super::cache::{self, Cache, Key};
use super::probe::{self, PhotoFormat};
use super::variants::{self, Output};
use super::{
    CACHE_DIR, Counts, Image, Kind, Memory, Outcome, Remembered, Variant, cache_warning, kind_of,
    plan, split_name, stamp_of, worth_offering,
};

/// Where a variant's bytes are, once produced.
enum Made {
    /// In the cache (with their length).
    Cached(PathBuf, u64),
    /// Encoded in this build, when the cache could not keep them.
    Fresh(Vec<u8>),
}

impl Made {
    fn len(&self) -> u64 {
        match self {
            Made::Cached(_, len) => *len,
            Made::Fresh(bytes) => bytes.len() as u64,
        }
    }
}

/// What the output gets of one image.
enum Files {
    /// Nothing: shown as it is, or it cannot be shown.
    None,
    /// Its variants as the last rebuild of `kheo serve` published them.
    Keep,
    /// One per variant of the outcome, in its order.
    Made(Vec<Made>),
    /// Planned, not produced yet (and never, in `kheo check`).
    Pending(Pending),
}

/// What producing a photo needs that its plan found.
struct Pending {
    format: PhotoFormat,
    output: Output,
    key: Key,
    /// The upright size.
    size: (u32, u32),
    /// Whether the cache knew the size (else producing stores it).
    size_cached: bool,
}

struct Entry {
    path: PathBuf,
    /// The file's stamp when it was read (when remembering).
    stamp: Option<(SystemTime, u64)>,
    outcome: Outcome,
    files: Files,
    /// Its cache entry, used by this build (kept by pruning).
    key: Option<Key>,
}

/// The images of one build that pages use: planned, produced, published.
pub(crate) struct Photos {
    settings: ImageSettings,
    root: PathBuf,
    /// `kheo check`: the cache is only read, nothing is produced or written.
    read_only: bool,
    remembering: bool,
    /// Opened when the first photo needs it: a site without photos gets no cache folder.
    cache: OnceLock<Option<Cache>>,
    entries: HashMap<String, Entry>,
    counts: Counts,
    /// Problems that are not about one image: the cache, writing the output.
    problems: Mutex<Vec<Diagnostic>>,
}

/// Counters one image adds.
#[derive(Default)]
struct Tally {
    encoded: usize,
    cached: usize,
    remembered: usize,
}

impl Photos {
    /// Plans the images among `files` (content-relative path and where the
    /// file is) that are in `used`: each read once, nothing decoded. With
    /// `previous` (`kheo serve`), an image whose file did not change since
    /// the last render is not read again. `read_only` (`kheo check`): the
    /// cache is read, never made or written.
    pub(crate) fn plan<'f>(
        root: &Path,
        settings: &ImageSettings,
        files: impl IntoIterator<Item = (&'f str, &'f Path)>,
        used: &[String],
        previous: Option<&Memory>,
        read_only: bool,
    ) -> Photos {
        let paths: HashMap<&str, &Path> = files.into_iter().collect();
        let mut photos = Photos {
            settings: settings.clone(),
            root: root.to_path_buf(),
            read_only,
            remembering: previous.is_some(),
            cache: OnceLock::new(),
            entries: HashMap::new(),
            counts: Counts::default(),
            problems: Mutex::new(Vec::new()),
        };
        let mut wanted: Vec<(&str, Kind, &Path)> = used
            .iter()
            .filter_map(|rel| Some((rel.as_str(), kind_of(rel)?, *paths.get(rel.as_str())?)))
            .collect();
        wanted.sort_unstable_by_key(|(rel, _, _)| *rel);
        wanted.dedup_by_key(|(rel, _, _)| *rel);
        let planned: Vec<(String, Entry, Tally)> = wanted
            .par_iter()
            .map(|(rel, kind, path)| {
                let mut tally = Tally::default();
                let entry = photos.plan_one(rel, *kind, path, previous, &mut tally);
                ((*rel).to_owned(), entry, tally)
            })
            .collect();
        for (rel, entry, tally) in planned {
            photos.add(&tally);
            photos.entries.insert(rel, entry);
        }
        photos.counts.images = photos.entries.len();
        photos
    }

    fn add(&mut self, tally: &Tally) {
        self.counts.encoded += tally.encoded;
        self.counts.cached += tally.cached;
        self.counts.remembered += tally.remembered;
    }

    /// The image at `rel` (content-relative) as pages show it; `None` when
    /// `rel` is not an image file of `content/` that pages use.
    pub(crate) fn get(&self, rel: &str) -> Option<&Outcome> {
        Some(&self.entries.get(rel)?.outcome)
    }

    fn plan_one(
        &self,
        rel: &str,
        kind: Kind,
        path: &Path,
        previous: Option<&Memory>,
        tally: &mut Tally,
    ) -> Entry {
        let mut entry = Entry {
            path: path.to_path_buf(),
            stamp: None,
            outcome: Ok(Image::default()),
            files: Files::None,
            key: None,
        };
        if let Some(previous) = previous {
            // Taken before reading, so an edit while it is read shows next time.
            entry.stamp = stamp_of(path);
            if let Some(known) = previous.get(rel)
                && entry.stamp == Some(known.stamp)
                && known.settings == self.settings
            {
                tally.remembered += 1;
                entry.outcome = known.outcome.clone();
                entry.files = Files::Keep;
                return entry;
            }
        }
        let file = format!("content/{rel}");
        match kind {
            Kind::Unsupported => {
                entry.outcome = Err(crate::msg!(
                    "image.unsupported",
                    file = file,
                    kind = probe::extension_name(rel)
                ));
            }
            Kind::AsItIs => {
                entry.outcome = Ok(Image {
                    // The size is in the first bytes (a GIF's header, an SVG's root element).
                    size: crate::files::read_start(path, probe::HEADER_BYTES)
                        .ok()
                        .and_then(|bytes| probe::size_as_it_is(rel, &bytes)),
                    variants: Vec::new(),
                });
            }
            Kind::Photo => {
                if let Err(why) = self.plan_photo(rel, &file, &mut entry, tally) {
                    entry.outcome = Err(why);
                    entry.files = Files::None;
                }
            }
        }
        entry
    }

    /// A photo's variants as planned: final when the cache holds them all,
    /// else pending (every width offered until they are produced).
    fn plan_photo(
        &self,
        rel: &str,
        file: &str,
        entry: &mut Entry,
        tally: &mut Tally,
    ) -> Result<(), String> {
        let bytes = read_photo(&entry.path, file)?;
        let format = probe::photo_format(&bytes).map_err(|why| format!("{file} {why}"))?;
        if format.is_animated() {
            // Resizing would keep only the first frame: show it as it is.
            entry.outcome = Ok(Image {
                size: probe::header_size(&bytes, format),
                variants: Vec::new(),
            });
            return Ok(());
        }
        let output = Output::for_format(format, self.settings.quality);
        let key = Key::new(&bytes, output);
        let cache = self.cache();
        let cached_size = cache.and_then(|c| c.size(&key));
        let size = match cached_size.or_else(|| probe::upright_header_size(&bytes, format)) {
            Some(size) => size,
            // A header that cannot be read: the decoder says why.
            None => variants::decode(&bytes, format)
                .map_err(|why| format!("{file} {why}"))?
                .oriented_size(),
        };
        drop(bytes);
        let planned = self.variants_of(rel, &key, output, size);
        let in_cache: Option<Vec<(Variant, Made)>> = cached_size.and_then(|_| {
            planned
                .iter()
                .map(|v| {
                    let (path, len) = cache?.variant(&key, v.width, output)?;
                    Some((v.clone(), Made::Cached(path, len)))
                })
                .collect()
        });
        entry.key = Some(key.clone());
        match in_cache {
            Some(made) => {
                tally.cached += made.len();
                let (image, files) = offered(made);
                entry.outcome = Ok(image);
                entry.files = Files::Made(files);
            }
            None => {
                entry.outcome = Ok(Image {
                    size: planned.last().map(|v| (v.width, v.height)),
                    variants: planned,
                });
                entry.files = Files::Pending(Pending {
                    format,
                    output,
                    key,
                    size,
                    size_cached: cached_size.is_some(),
                });
            }
        }
        Ok(())
    }

    /// The variants a photo of `size` gets, named after it and its key.
    fn variants_of(&self, rel: &str, key: &Key, output: Output, size: (u32, u32)) -> Vec<Variant> {
        let (dir, stem) = split_name(rel);
        plan(size, &self.settings.widths)
            .into_iter()
            .map(|(width, height)| Variant {
                rel: format!(
                    "{dir}{stem}.{width}.{}.{}",
                    key.name_hash(),
                    output.extension()
                ),
                width,
                height,
            })
            .collect()
    }

    /// Makes the variants of every photo whose plan is pending: decoded
    /// once, resized to each width the cache lacks, encoded and stored in
    /// the cache. A photo that cannot be decoded gets an error outcome,
    /// which the pages showing it report. Never in `kheo check`.
    pub(crate) fn produce(&mut self) {
        if self.read_only {
            return;
        }
        let mut pending: Vec<(&String, &mut Entry)> = self
            .entries
            .iter_mut()
            .filter(|(_, e)| matches!(e.files, Files::Pending(_)))
            .collect();
        pending.sort_unstable_by_key(|(rel, _)| *rel);
        let cache = self.cache.get().and_then(Option::as_ref);
        let problems = &self.problems;
        let tallies: Vec<Tally> = pending
            .into_par_iter()
            .map(|(rel, entry)| {
                let mut tally = Tally::default();
                let Files::Pending(p) = std::mem::replace(&mut entry.files, Files::None) else {
                    return tally;
                };
                let file = format!("content/{rel}");
                let planned = match &entry.outcome {
                    Ok(image) => image.variants.clone(),
                    Err(_) => Vec::new(),
                };
                let made =
                    produce_one(&entry.path, &file, &p, planned, cache, problems, &mut tally);
                match made {
                    Ok(made) => {
                        let (image, files) = offered(made);
                        entry.outcome = Ok(image);
                        entry.files = Files::Made(files);
                    }
                    Err(why) => entry.outcome = Err(why),
                }
                tally
            })
            .collect();
        for tally in &tallies {
            self.add(tally);
        }
    }

    /// Hands every variant to `sink` (copied from the cache, or kept from
    /// the last rebuild of `kheo serve`), once the pages are rendered.
    pub(crate) fn publish(&mut self, sink: &dyn Sink) {
        // `kheo check` writes nothing.
        if self.read_only {
            return;
        }
        let problems = &self.problems;
        let files: usize = self
            .entries
            .par_iter()
            .map(|(_, entry)| {
                let Ok(image) = &entry.outcome else {
                    return 0;
                };
                match &entry.files {
                    Files::None | Files::Pending(_) => 0,
                    Files::Keep => {
                        for v in &image.variants {
                            sink.keep(&v.rel);
                        }
                        image.variants.len()
                    }
                    Files::Made(made) => image
                        .variants
                        .iter()
                        .zip(made)
                        .filter(|(v, made)| {
                            let written = match made {
                                Made::Cached(path, _) => sink.copy(&v.rel, path),
                                Made::Fresh(bytes) => sink.write(&v.rel, bytes),
                            };
                            written
                                .map_err(|e| {
                                    problem(
                                        problems,
                                        Diagnostic::error(
                                            &v.rel,
                                            1,
                                            1,
                                            crate::msg!("image.write-failed", error = e),
                                        )
                                        .with_code("write"),
                                    );
                                })
                                .is_ok()
                        })
                        .count(),
                }
            })
            .sum();
        self.counts.files += files;
    }

    /// Marks the cache entries this build used and removes those no build
    /// has used for a month (in a build), and returns what the stage did,
    /// the problems that are not about one image, and (when remembering)
    /// what the next render may reuse.
    pub(crate) fn finish(self) -> (Counts, Vec<Diagnostic>, Option<Memory>) {
        if let Some(Some(cache)) = self.cache.get() {
            let used: Vec<String> = self
                .entries
                .values()
                .filter_map(|e| e.key.as_ref())
                .map(|key| {
                    cache.touch(key);
                    key.entry_name()
                })
                .collect();
            if !self.remembering {
                cache.prune(&used, cache::KEEP_UNUSED);
            }
        }
        let settings = self.settings;
        let memory = self.remembering.then(|| {
            self.entries
                .into_iter()
                .filter_map(|(rel, entry)| {
                    Some((
                        rel,
                        Remembered {
                            stamp: entry.stamp?,
                            settings: settings.clone(),
                            outcome: entry.outcome,
                        },
                    ))
                })
                .collect()
        });
        let problems = self
            .problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        (self.counts, problems, memory)
    }

    fn cache(&self) -> Option<&Cache> {
        self.cache
            .get_or_init(|| {
                // `kheo check` writes nothing, not even the cache.
                if self.read_only {
                    return Cache::read_only(&self.root);
                }
                match Cache::open(&self.root) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        problem(
                            &self.problems,
                            Diagnostic::warning(
                                CACHE_DIR,
                                1,
                                1,
                                crate::msg!("image.cache-unusable", error = e),
                            )
                            .with_code("cache"),
                        );
                        None
                    }
                }
            })
            .as_ref()
    }
}

fn problem(problems: &Mutex<Vec<Diagnostic>>, d: Diagnostic) {
    if let Ok(mut all) = problems.lock()
        && !all.contains(&d)
    {
        all.push(d);
    }
}

/// The bytes of a photo, or why they cannot be read.
fn read_photo(path: &Path, file: &str) -> Result<Vec<u8>, String> {
    crate::files::read(path, crate::files::PICTURE).map_err(|e| match e {
        crate::files::Refused::Io(e) => crate::msg!("image.unreadable", file = file, error = e),
        other => format!("{file}: {other}"),
    })
}

/// The variants worth offering, as pages show them and as the output gets them.
fn offered(made: Vec<(Variant, Made)>) -> (Image, Vec<Made>) {
    let (variants, files): (Vec<Variant>, Vec<Made>) =
        worth_offering(made, Made::len).into_iter().unzip();
    (
        Image {
            size: variants.last().map(|v| (v.width, v.height)),
            variants,
        },
        files,
    )
}

/// One photo's planned variants: from the cache when it has them, else
/// from one decode of the photo, read again (and refused if it changed
/// since it was planned).
fn produce_one(
    path: &Path,
    file: &str,
    p: &Pending,
    planned: Vec<Variant>,
    cache: Option<&Cache>,
    problems: &Mutex<Vec<Diagnostic>>,
    tally: &mut Tally,
) -> Result<Vec<(Variant, Made)>, String> {
    let bytes = read_photo(path, file)?;
    if Key::new(&bytes, p.output) != p.key {
        return Err(format!("{file}: {}", crate::msg!("file.changed")));
    }
    let mut decoded: Option<variants::Decoded> = None;
    let mut made = Vec::with_capacity(planned.len());
    for v in planned {
        if let Some((path, len)) = cache.and_then(|c| c.variant(&p.key, v.width, p.output)) {
            tally.cached += 1;
            made.push((v, Made::Cached(path, len)));
            continue;
        }
        let d = match &decoded {
            Some(d) => d,
            None => decoded
                .insert(variants::decode(&bytes, p.format).map_err(|why| format!("{file} {why}"))?),
        };
        let encoded = variants::make(d, v.width, v.height, p.output)
            .map_err(|why| crate::msg!("image.cannot-resize", file = file, why = why))?;
        tally.encoded += 1;
        let stored = cache.map(|c| c.store_variant(&p.key, v.width, p.output, &encoded));
        let file = match (stored, cache) {
            (Some(Ok(())), Some(c)) => {
                let len = encoded.len() as u64;
                Made::Cached(c.variant_path(&p.key, v.width, p.output), len)
            }
            (Some(Err(e)), _) => {
                problem(problems, cache_warning(&e));
                Made::Fresh(encoded)
            }
            _ => Made::Fresh(encoded),
        };
        made.push((v, file));
    }
    if let Some(c) = cache
        && !p.size_cached
        && let Err(e) = c.store_size(&p.key, p.size)
    {
        problem(problems, cache_warning(&e));
    }
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A sink that records what it is given.
    #[derive(Default)]
    struct Recording(Mutex<Vec<String>>);

    impl Sink for Recording {
        fn write(&self, rel: &str, _bytes: &[u8]) -> std::io::Result<()> {
            self.0.lock().unwrap().push(format!("write {rel}"));
            Ok(())
        }
        fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
            assert!(from.is_file(), "{from:?}");
            self.0.lock().unwrap().push(format!("copy {rel}"));
            Ok(())
        }
        fn keep(&self, rel: &str) {
            self.0.lock().unwrap().push(format!("keep {rel}"));
        }
    }

    impl Recording {
        fn taken(&self) -> Vec<String> {
            let mut all = std::mem::take(&mut *self.0.lock().unwrap());
            all.sort();
            all
        }
    }

    fn settings() -> ImageSettings {
        ImageSettings {
            widths: vec![16, 32],
            ..ImageSettings::default()
        }
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x * y) % 251) as u8])
        });
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    /// A site folder with `content/<name>` for each file.
    fn site(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, Vec<(String, PathBuf)>) {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("content")).unwrap();
        let paths = files
            .iter()
            .map(|(name, bytes)| {
                let path = root.path().join("content").join(name);
                std::fs::write(&path, bytes).unwrap();
                ((*name).to_owned(), path)
            })
            .collect();
        (root, paths)
    }

    fn plan_of(
        root: &Path,
        paths: &[(String, PathBuf)],
        used: &[&str],
        previous: Option<&Memory>,
        read_only: bool,
    ) -> Photos {
        let used: Vec<String> = used.iter().map(|s| (*s).to_owned()).collect();
        Photos::plan(
            root,
            &settings(),
            paths.iter().map(|(r, p)| (r.as_str(), p.as_path())),
            &used,
            previous,
            read_only,
        )
    }

    fn widths(outcome: Option<&Outcome>) -> Vec<u32> {
        outcome
            .unwrap()
            .as_ref()
            .unwrap()
            .variants
            .iter()
            .map(|v| v.width)
            .collect()
    }

    #[test]
    fn variants_reach_the_output_only_when_published() {
        let (root, paths) = site(&[("a.png", png(40, 20)), ("unused.png", png(40, 20))]);
        let sink = Recording::default();
        let mut photos = plan_of(root.path(), &paths, &["a.png"], None, false);
        assert_eq!(widths(photos.get("a.png")), [16, 32], "planned");
        assert_eq!(photos.get("unused.png"), None, "no page uses it");
        photos.produce();
        assert_eq!(photos.counts.encoded, 2);
        let image = photos.get("a.png").unwrap().clone().unwrap();
        assert_eq!(image.size, Some((32, 16)));
        assert!(sink.taken().is_empty(), "producing writes no output");
        photos.publish(&sink);
        let names: Vec<String> = image
            .variants
            .iter()
            .map(|v| format!("copy {}", v.rel))
            .collect();
        assert_eq!(sink.taken(), names, "from the cache");
        let (counts, problems, memory) = photos.finish();
        assert_eq!((counts.images, counts.files), (1, 2));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(memory.is_none(), "a build remembers nothing");
        // The next build plans them from the cache: nothing left to produce.
        let mut again = plan_of(root.path(), &paths, &["a.png"], None, false);
        assert_eq!(again.get("a.png"), Some(&Ok(image)));
        again.produce();
        assert_eq!((again.counts.encoded, again.counts.cached), (0, 2));
    }

    #[test]
    fn check_plans_from_headers_and_never_produces() {
        let (root, paths) = site(&[("a.png", png(40, 20))]);
        let sink = Recording::default();
        let mut photos = plan_of(root.path(), &paths, &["a.png"], None, true);
        photos.produce();
        photos.publish(&sink);
        assert_eq!(widths(photos.get("a.png")), [16, 32]);
        let (counts, _, _) = photos.finish();
        assert_eq!((counts.encoded, counts.files), (0, 0));
        assert!(sink.taken().is_empty());
        assert!(
            !root.path().join(CACHE_DIR).exists(),
            "check makes no cache"
        );
    }

    #[test]
    fn a_photo_only_decoding_finds_broken_fails_when_produced() {
        // Its header is fine (30000 x 30000), its pixels would not fit in memory.
        let huge = super::super::variants::tests::png_declaring(30_000, 30_000);
        let (root, paths) = site(&[("huge.png", huge)]);
        let mut checked = plan_of(root.path(), &paths, &["huge.png"], None, true);
        assert!(
            checked.get("huge.png").unwrap().is_ok(),
            "planned from the header"
        );
        checked.produce();
        assert!(
            checked.get("huge.png").unwrap().is_ok(),
            "check decodes nothing"
        );
        let mut built = plan_of(root.path(), &paths, &["huge.png"], None, false);
        built.produce();
        let why = built.get("huge.png").unwrap().clone().unwrap_err();
        assert!(
            why.starts_with("content/huge.png is 30000 x 30000 pixels"),
            "{why}"
        );
    }

    #[test]
    fn serve_reuses_an_unchanged_photo_without_reading_it() {
        let (root, paths) = site(&[("a.png", png(40, 20))]);
        let sink = Recording::default();
        let mut first = plan_of(root.path(), &paths, &["a.png"], Some(&Memory::new()), false);
        first.produce();
        first.publish(&sink);
        let (_, _, memory) = first.finish();
        let memory = memory.unwrap();
        sink.taken();
        // Unreadable now, but unchanged by its stamp: not read again.
        let path = &paths[0].1;
        let stamp = std::fs::metadata(path).unwrap().modified().unwrap();
        let len = std::fs::metadata(path).unwrap().len() as usize;
        std::fs::write(path, vec![0u8; len]).unwrap();
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(stamp)
            .unwrap();
        let mut second = plan_of(root.path(), &paths, &["a.png"], Some(&memory), false);
        second.produce();
        assert_eq!(widths(second.get("a.png")), [16, 32]);
        second.publish(&sink);
        let (counts, _, _) = second.finish();
        assert_eq!(
            (counts.remembered, counts.encoded, counts.cached),
            (1, 0, 0)
        );
        assert!(sink.taken().iter().all(|s| s.starts_with("keep ")));
    }
}
