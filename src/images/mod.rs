//! Photos that load fast. Every local JPEG, PNG or WebP a page shows (an
//! article's cover, an image in its body) gets resized copies, "variants",
//! at the widths of `images.widths` in site.yaml, never wider than the photo
//! itself: pages offer them with `srcset` so a phone downloads a 640 px
//! photo, not the 4000 px one the editor uploaded. SVG and GIF files (and
//! animated PNG and WebP) are shown as they are.
//!
//! Photos are a stage of their own around the render, in three steps
//! (`Photos`, `photos.rs`), each in parallel over the image files pages
//! use (covers, and the pictures and links `load` recorded in each body):
//!
//! 1. **plan** (every command): each file read once — its format, its
//!    upright size from its header (EXIF orientation), its content hash —
//!    and looked up in the cache (`<root>/.kheo-cache/images/`, keyed by the
//!    photo's content and the settings). Nothing is decoded. The plan knows
//!    each variant's name (`anh.640.3f2a9c1b.jpg`, next to `anh.jpg`: a hash
//!    of the photo and the settings), width and height.
//! 2. **produce** (`kheo build` and `serve`, never `kheo check`): the photos
//!    whose variants are not all in the cache are decoded once, turned
//!    upright, resized to every missing width and encoded without their
//!    metadata, into the cache. It runs before the pages are rendered: which
//!    variants a page offers depends on their encoded weights (a narrow copy
//!    heavier than a wider one is dropped), and a photo that cannot be
//!    decoded must be reported at the page that shows it.
//! 3. **publish**, after the pages are rendered: the variants go to the
//!    output through the build's [`Sink`] (copied from the cache), with the
//!    pages, so a failed build publishes none of them.
//!
//! The render only reads the finished map (content-relative path ->
//! `Outcome`); it neither reads photos nor writes anything of them.
//!
//! `kheo serve` rebuilds the site on every edit: there an image whose file
//! has the same modification time and length as in the last rebuild, with
//! the same settings, is not read again: its last outcome is reused and its
//! variants are kept from the last output ([`Memory`]).

mod cache;
mod photos;
mod probe;
mod variants;

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use crate::config::ImageSettings;
use crate::diag::Diagnostic;

pub(crate) use cache::CACHE_DIR;
pub(crate) use photos::Photos;
pub(crate) use probe::photo_format;
use variants::plan;

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

/// What a build did with its images, for the timings and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Images pages use.
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

/// The images a render used, by content-relative path.
pub(crate) type Memory = HashMap<String, Remembered>;

/// A file's modification time and length, when it can be read.
fn stamp_of(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn cache_warning(e: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(CACHE_DIR, 1, 1, crate::msg!("image.cache-write", error = e))
        .with_code("cache")
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
