//! Photos that load fast. Every local JPEG, PNG or WebP a page shows (an
//! article's cover, an image in its body) gets resized copies, "variants",
//! at the widths of `images.widths` in site.yaml, never wider than the photo
//! itself: pages offer them with `srcset` so a phone downloads a 640 px
//! photo, not the 4000 px one the editor uploaded. SVG and GIF files (and
//! animated PNG and WebP) are shown as they are.
//!
//! An image is prepared the first time a page asks for it, once per build
//! however many pages show it: read, hashed, and either found in the cache
//! (`<root>/.kheo-cache/images/`, keyed by the photo's content and the
//! settings) or decoded once, turned upright (EXIF orientation), resized to
//! every width and encoded without its metadata. Variants go to the output
//! through the build's [`Sink`], named with a hash of the photo and the
//! settings (`anh.640.3f2a9c1b.jpg`, next to `anh.jpg`).
//!
//! `kheo serve` rebuilds the site on every edit: there an image whose file
//! has the same modification time and length as in the last rebuild, with
//! the same settings, is not read again: its last outcome is reused and its
//! variants are kept from the last output ([`Memory`]).
//!
//! Preparing an image uses no rayon parallelism of its own: the renderer
//! asks for images from many pages at once (that is where the parallelism
//! is), and a thread waiting in a rayon join could otherwise pick up a page
//! that asks for the very image it is preparing.

mod cache;
mod probe;
mod variants;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use crate::config::ImageSettings;
use crate::diag::Diagnostic;
use crate::write::Sink;

pub(crate) use cache::CACHE_DIR;
pub(crate) use probe::PhotoFormat;
pub(crate) use probe::photo_format;
pub(crate) use variants::{Output, plan};

/// The width a page's plain `src` (and `og:image`, feeds) uses: the first
/// variant at least this wide, else the widest.
pub(crate) const FALLBACK_WIDTH: u32 = 1024;

/// What kind of image a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// JPEG, PNG, WebP: resized.
    Photo,
    /// SVG, GIF, AVIF...: browsers show them; served as they are.
    AsItIs,
    /// HEIC, TIFF: what phones and scanners make, but most browsers cannot show.
    Unsupported,
}

/// The kind of image a content file is, or `None` when it is not an image.
pub(crate) fn kind_of(rel: &str) -> Option<Kind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" | "png" | "webp" => Kind::Photo,
        "svg" | "gif" | "avif" | "bmp" | "ico" => Kind::AsItIs,
        "heic" | "heif" | "tif" | "tiff" => Kind::Unsupported,
        _ => return None,
    })
}

/// A resized copy of a photo in the output.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Variant {
    /// Output path, relative to the output root: `tin-tuc/anh.640.3f2a9c1b.jpg`.
    pub(crate) rel: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// An image as pages may show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Image {
    /// Width and height as shown (after EXIF orientation), when known: of the
    /// widest variant, else of the file itself.
    pub(crate) size: Option<(u32, u32)>,
    /// Narrowest first; empty when the file is shown as it is.
    pub(crate) variants: Vec<Variant>,
}

impl Image {
    /// The variant for a plain `src`: the first at least [`FALLBACK_WIDTH`]
    /// wide, else the widest.
    pub(crate) fn fallback(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| v.width >= FALLBACK_WIDTH)
            .or(self.variants.last())
    }
}

/// An image ready for pages, or why it cannot be shown (a sentence about the
/// file, which the caller puts after the page's reference to it).
pub(crate) type Outcome = Result<Image, String>;

struct Entry {
    kind: Kind,
    path: PathBuf,
    /// The outcome, and the file's stamp when it was read (when remembering).
    cell: OnceLock<(Option<(SystemTime, u64)>, Outcome)>,
}

/// What a build did with its images, for the timings and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Images pages asked for.
    pub(crate) images: usize,
    /// Variants resized and encoded in this build.
    pub(crate) encoded: usize,
    /// Variants taken from the cache.
    pub(crate) cached: usize,
    /// Images unchanged since the last render of `kheo serve`, whose
    /// variants were kept from its output.
    pub(crate) remembered: usize,
    /// Files written to the output (variants), or kept.
    pub(crate) files: usize,
}

/// What one render knew of an image, for the next render of the same site.
#[derive(Debug, Clone)]
pub(crate) struct Remembered {
    /// The file's modification time and length.
    stamp: (SystemTime, u64),
    settings: ImageSettings,
    outcome: Outcome,
}

/// The images a render prepared, by content-relative path.
pub(crate) type Memory = HashMap<String, Remembered>;

/// A file's modification time and length, when it can be read.
fn stamp_of(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The images of one build: every image file of `content/`, each prepared
/// at most once, when a page first asks for it.
pub(crate) struct Images<'a> {
    settings: ImageSettings,
    root: PathBuf,
    /// Opened when the first photo needs it: a site without photos gets no cache folder.
    cache: OnceLock<Option<cache::Cache>>,
    entries: HashMap<String, Entry>,
    sink: &'a dyn Sink,
    /// The last render's images, for `kheo serve`; `None` in a build.
    previous: Option<Memory>,
    encoded: AtomicUsize,
    cached: AtomicUsize,
    remembered: AtomicUsize,
    files: AtomicUsize,
    /// Problems that are not about one image: the cache, writing the output.
    problems: Mutex<Vec<Diagnostic>>,
    /// Cache entries used by this build (kept by pruning).
    used: Mutex<Vec<String>>,
}

impl<'a> Images<'a> {
    /// The images among `files` (content-relative path and where the file
    /// is), with the cache of the site at `root`.
    pub(crate) fn new<'f>(
        root: &Path,
        settings: &ImageSettings,
        files: impl IntoIterator<Item = (&'f str, &'f Path)>,
        sink: &'a dyn Sink,
    ) -> Images<'a> {
        let entries = files
            .into_iter()
            .filter_map(|(rel, path)| {
                let kind = kind_of(rel)?;
                Some((
                    rel.to_owned(),
                    Entry {
                        kind,
                        path: path.to_path_buf(),
                        cell: OnceLock::new(),
                    },
                ))
            })
            .collect();
        Images {
            settings: settings.clone(),
            root: root.to_path_buf(),
            cache: OnceLock::new(),
            entries,
            sink,
            previous: None,
            encoded: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            remembered: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            problems: Mutex::new(Vec::new()),
            used: Mutex::new(Vec::new()),
        }
    }

    /// Reuses what the last render knew of each image whose file did not
    /// change (`kheo serve`): its variants are kept from the last output
    /// through the sink, not read again. [`Images::finish`] then returns
    /// the memory for the next render, and the cache is not pruned (a
    /// build does that).
    pub(crate) fn remembering(mut self, previous: Memory) -> Images<'a> {
        self.previous = Some(previous);
        self
    }

    /// The image at `rel` (content-relative), prepared on first use; `None`
    /// when `rel` is not an image file of `content/`.
    pub(crate) fn get(&self, rel: &str) -> Option<&Outcome> {
        let entry = self.entries.get(rel)?;
        let (_, outcome) = entry.cell.get_or_init(|| {
            let Some(previous) = &self.previous else {
                return (None, self.prepare(rel, entry));
            };
            // Taken before reading, so an edit while it is read shows next time.
            let stamp = stamp_of(&entry.path);
            if let Some(known) = previous.get(rel)
                && stamp == Some(known.stamp)
                && known.settings == self.settings
            {
                self.remembered.fetch_add(1, Ordering::Relaxed);
                if let Ok(image) = &known.outcome {
                    for v in &image.variants {
                        self.sink.keep(&v.rel);
                        self.files.fetch_add(1, Ordering::Relaxed);
                    }
                }
                return (stamp, known.outcome.clone());
            }
            (stamp, self.prepare(rel, entry))
        });
        Some(outcome)
    }

    /// The image at `rel` if some page has already asked for it (never
    /// prepares it).
    pub(crate) fn prepared(&self, rel: &str) -> Option<&Outcome> {
        Some(&self.entries.get(rel)?.cell.get()?.1)
    }

    /// Removes cache entries no build has used for a month (in a build),
    /// and returns what the render did, the problems that are not about one
    /// image, and (when remembering) what the next render may reuse.
    pub(crate) fn finish(self) -> (Counts, Vec<Diagnostic>, Option<Memory>) {
        let images = self
            .entries
            .values()
            .filter(|e| e.cell.get().is_some())
            .count();
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        if self.previous.is_none()
            && let Some(Some(cache)) = self.cache.get()
        {
            cache.prune(&used, cache::KEEP_UNUSED);
        }
        let memory = self.previous.is_some().then(|| {
            self.entries
                .into_iter()
                .filter_map(|(rel, entry)| {
                    let (stamp, outcome) = entry.cell.into_inner()?;
                    Some((
                        rel,
                        Remembered {
                            stamp: stamp?,
                            settings: self.settings.clone(),
                            outcome,
                        },
                    ))
                })
                .collect()
        });
        let counts = Counts {
            images,
            encoded: self.encoded.into_inner(),
            cached: self.cached.into_inner(),
            remembered: self.remembered.into_inner(),
            files: self.files.into_inner(),
        };
        let problems = self
            .problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        (counts, problems, memory)
    }

    fn cache(&self) -> Option<&cache::Cache> {
        self.cache
            .get_or_init(|| {
                // `kheo check` writes nothing, not even the cache.
                if self.sink.dry_run() {
                    return cache::Cache::read_only(&self.root);
                }
                self.open_cache()
            })
            .as_ref()
    }

    fn open_cache(&self) -> Option<cache::Cache> {
        match cache::Cache::open(&self.root) {
            Ok(c) => Some(c),
            Err(e) => {
                self.problem(
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
    }

    fn problem(&self, d: Diagnostic) {
        if let Ok(mut all) = self.problems.lock()
            && !all.contains(&d)
        {
            all.push(d);
        }
    }

    fn prepare(&self, rel: &str, entry: &Entry) -> Outcome {
        let file = format!("content/{rel}");
        match entry.kind {
            Kind::Unsupported => Err(crate::msg!(
                "image.unsupported",
                file = file,
                kind = probe::extension_name(rel)
            )),
            Kind::AsItIs => Ok(Image {
                // The size is in the first bytes (a GIF's header, an SVG's root element).
                size: crate::files::read_start(&entry.path, probe::HEADER_BYTES)
                    .ok()
                    .and_then(|bytes| probe::size_as_it_is(rel, &bytes)),
                variants: Vec::new(),
            }),
            Kind::Photo => {
                let bytes = crate::files::read(&entry.path, crate::files::PICTURE).map_err(
                    |e| match e {
                        crate::files::Refused::Io(e) => {
                            crate::msg!("image.unreadable", file = file, error = e)
                        }
                        other => format!("{file}: {other}"),
                    },
                )?;
                let format = probe::photo_format(&bytes).map_err(|why| format!("{file} {why}"))?;
                if format.is_animated() {
                    // Resizing would keep only the first frame: show it as it is.
                    return Ok(Image {
                        size: probe::header_size(&bytes, format),
                        variants: Vec::new(),
                    });
                }
                self.variants(rel, &file, &bytes, format)
            }
        }
    }

    /// The variants of a photo: from the cache when they are there, else
    /// from one decode of it.
    fn variants(&self, rel: &str, file: &str, bytes: &[u8], format: PhotoFormat) -> Outcome {
        let output = Output::for_format(format, self.settings.quality);
        let key = cache::Key::new(bytes, output);
        let cache = self.cache();
        let cached_size = cache.and_then(|c| c.size(&key));
        if self.sink.dry_run() && cached_size.is_none() {
            return self.planned_only(rel, file, bytes, format, &key, output);
        }
        let mut decoded: Option<variants::Decoded> = None;
        let size = match cached_size {
            Some(size) => size,
            None => {
                let d = variants::decode(bytes, format).map_err(|why| format!("{file} {why}"))?;
                let size = d.oriented_size();
                decoded = Some(d);
                size
            }
        };
        let plan = plan(size, &self.settings.widths);
        let (dir, stem) = split_name(rel);
        let mut made: Vec<(Variant, Made)> = Vec::with_capacity(plan.len());
        for (width, height) in plan {
            let rel = format!(
                "{dir}{stem}.{width}.{}.{}",
                key.name_hash(),
                output.extension()
            );
            let cached = cache.and_then(|c| c.variant(&key, width, output));
            let file = match cached {
                Some((path, len)) => {
                    self.cached.fetch_add(1, Ordering::Relaxed);
                    Made::Cached(path, len)
                }
                None => {
                    let d = match &decoded {
                        Some(d) => d,
                        None => decoded.insert(
                            variants::decode(bytes, format)
                                .map_err(|why| format!("{file} {why}"))?,
                        ),
                    };
                    let encoded = variants::make(d, width, height, output).map_err(|why| {
                        crate::msg!("image.cannot-resize", file = file, why = why)
                    })?;
                    self.encoded.fetch_add(1, Ordering::Relaxed);
                    if let Some(c) = cache
                        && let Err(e) = c.store_variant(&key, width, output, &encoded)
                    {
                        self.problem(cache_warning(&e));
                    }
                    Made::Fresh(encoded)
                }
            };
            made.push((Variant { rel, width, height }, file));
        }
        drop(decoded);
        let made = worth_offering(made, Made::len);
        let mut out = Vec::with_capacity(made.len());
        for (variant, file) in made {
            let rel = &variant.rel;
            match file {
                Made::Cached(path, _) => self.output(rel, |sink| sink.copy(rel, &path)),
                Made::Fresh(bytes) => self.output(rel, |sink| sink.write(rel, &bytes)),
            }
            out.push(variant);
        }
        if let Some(c) = cache {
            if cached_size.is_none()
                && let Err(e) = c.store_size(&key, size)
            {
                self.problem(cache_warning(&e));
            }
            c.touch(&key);
            if let Ok(mut used) = self.used.lock() {
                used.push(key.entry_name());
            }
        }
        Ok(Image {
            size: out.last().map(|v| (v.width, v.height)),
            variants: out,
        })
    }

    /// `kheo check` without the photo in the cache: the variants planned
    /// from the size its header gives, nothing decoded or encoded (their
    /// weights are unknown, so every width is offered; nothing is written).
    fn planned_only(
        &self,
        rel: &str,
        file: &str,
        bytes: &[u8],
        format: PhotoFormat,
        key: &cache::Key,
        output: Output,
    ) -> Outcome {
        let size = match probe::header_size(bytes, format) {
            Some(size) => size,
            // A header that cannot be read: the decoder says why.
            None => variants::decode(bytes, format)
                .map_err(|why| format!("{file} {why}"))?
                .oriented_size(),
        };
        let (dir, stem) = split_name(rel);
        let variants: Vec<Variant> = plan(size, &self.settings.widths)
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
            .collect();
        Ok(Image {
            size: variants.last().map(|v| (v.width, v.height)),
            variants,
        })
    }

    fn output(&self, rel: &str, write: impl FnOnce(&dyn Sink) -> std::io::Result<()>) {
        match write(self.sink) {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => self.problem(
                Diagnostic::error(rel, 1, 1, crate::msg!("image.write-failed", error = e))
                    .with_code("write"),
            ),
        }
    }
}

fn cache_warning(e: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(CACHE_DIR, 1, 1, crate::msg!("image.cache-write", error = e))
        .with_code("cache")
}

/// A variant's bytes: in the cache (with their length), or just encoded.
enum Made {
    Cached(PathBuf, u64),
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

/// Drops every variant that weighs as much as a wider one: scaling a flat
/// drawing (a PNG map) smooths its edges into many new colours, and its
/// narrow copies can weigh more than the wide one. A phone must never be
/// offered more bytes for fewer pixels.
fn worth_offering<T>(made: Vec<(Variant, T)>, weight: impl Fn(&T) -> u64) -> Vec<(Variant, T)> {
    let mut lightest_wider = u64::MAX;
    let mut kept: Vec<(Variant, T)> = made
        .into_iter()
        .rev()
        .filter(|(_, file)| {
            let bytes = weight(file);
            let keep = bytes < lightest_wider;
            lightest_wider = lightest_wider.min(bytes);
            keep
        })
        .collect();
    kept.reverse();
    kept
}

/// `tin-tuc/anh.jpg` -> (`tin-tuc/`, `anh`).
fn split_name(rel: &str) -> (&str, &str) {
    let (dir, name) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    (dir, stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind_of("tin-tuc/anh.JPG"), Some(Kind::Photo));
        assert_eq!(kind_of("a.jpeg"), Some(Kind::Photo));
        assert_eq!(kind_of("a/b.webp"), Some(Kind::Photo));
        assert_eq!(kind_of("a/b.png"), Some(Kind::Photo));
        assert_eq!(kind_of("a/b.svg"), Some(Kind::AsItIs));
        assert_eq!(kind_of("a/b.gif"), Some(Kind::AsItIs));
        assert_eq!(kind_of("a/IMG_0001.HEIC"), Some(Kind::Unsupported));
        assert_eq!(kind_of("a/bao-cao.pdf"), None);
        assert_eq!(kind_of("a.b/anh"), None);
    }

    #[test]
    fn names_split_at_the_last_dot_and_slash() {
        assert_eq!(split_name("tin-tuc/anh.hoi.jpg"), ("tin-tuc/", "anh.hoi"));
        assert_eq!(split_name("anh.png"), ("", "anh"));
    }

    #[test]
    fn narrow_variants_heavier_than_wide_ones_are_dropped() {
        let v = |w| Variant {
            rel: format!("{w}"),
            width: w,
            height: w,
        };
        let widths = |kept: Vec<(Variant, u64)>| -> Vec<u32> {
            kept.into_iter().map(|(v, _)| v.width).collect()
        };
        // A photo: narrower is lighter, everything stays.
        let photo = vec![(v(320), 9), (v(640), 25), (v(1024), 50), (v(1600), 100)];
        assert_eq!(
            widths(worth_offering(photo, |b| *b)),
            [320, 640, 1024, 1600]
        );
        // A flat drawing: only the widest, and the 320 that is lighter than it.
        let drawing = vec![(v(320), 17), (v(640), 43), (v(1024), 83), (v(1600), 18)];
        assert_eq!(widths(worth_offering(drawing, |b| *b)), [320, 1600]);
        let equal = vec![(v(320), 18), (v(1600), 18)];
        assert_eq!(widths(worth_offering(equal, |b| *b)), [1600]);
    }

    #[test]
    fn fallback_is_the_first_variant_wide_enough() {
        let v = |w| Variant {
            rel: String::new(),
            width: w,
            height: w / 2,
        };
        let img = Image {
            size: None,
            variants: vec![v(320), v(640), v(1024), v(1600)],
        };
        assert_eq!(img.fallback().map(|v| v.width), Some(1024));
        let small = Image {
            size: None,
            variants: vec![v(320), v(500)],
        };
        assert_eq!(small.fallback().map(|v| v.width), Some(500));
        assert_eq!(Image::default().fallback(), None);
    }
}
