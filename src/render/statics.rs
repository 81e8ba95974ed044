//! Files copied rather than rendered: the theme's own files (the
//! stylesheet, scripts, the syntax colours) and every asset of `content/`.
//! Theme files get a content hash in the URLs that load them, so browsers
//! fetch them again exactly when they change.

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::model::Site;

use super::engine::Renderer;

/// 64-bit FNV-1a: a stable content hash for cache-busting file names.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// 8 hex digits: enough to tell versions of a file apart.
    pub(crate) fn hex(&self) -> String {
        format!("{:08x}", self.0 >> 32)
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

/// A file's version in URLs (`kheo.css?v=1a2b3c4d`).
pub(crate) fn short_hash(bytes: &[u8]) -> String {
    let mut h = Fnv::new();
    h.write(bytes);
    h.hex()
}

/// The theme's files the output gets (with the syntax stylesheet when a
/// page has code), as (output path, bytes).
pub(crate) fn theme_files(site: &Site, syntax_css: Option<String>) -> Vec<(String, Vec<u8>)> {
    let mut statics: Vec<(String, Vec<u8>)> = site
        .theme
        .static_files
        .iter()
        .map(|f| (f.rel.clone(), f.bytes.to_vec()))
        .collect();
    if let Some(css) = syntax_css {
        statics.push((crate::theme::SYNTAX_CSS_FILE.to_owned(), css.into_bytes()));
    }
    statics
}

/// Writes the theme's files and copies the assets of `content/` (those
/// unchanged since the last render of `kheo serve` are kept).
pub(crate) fn write(r: &Renderer, statics: &[(String, Vec<u8>)]) {
    let site = r.site;
    // A content/ file named like a theme file is an error (Site::check_collisions);
    // should one get here, it still wins.
    let asset_names: std::collections::HashSet<&str> =
        site.assets.iter().map(|a| a.rel.as_str()).collect();
    statics
        .par_iter()
        .filter(|(rel, _)| !asset_names.contains(rel.as_str()))
        .for_each(|(rel, bytes)| r.write(rel, bytes, false));
    site.assets
        .par_iter()
        .filter(|a| site.config.images.originals || !is_photo(&a.rel))
        .for_each(|a| copy(r, a));
}

/// Whether kheo resizes the file (JPEG, PNG, WebP).
fn is_photo(rel: &str) -> bool {
    crate::images::kind_of(rel) == Some(crate::images::Kind::Photo)
}

/// Without `images.originals`, after every page is rendered: the photos as
/// uploaded stay unpublished (camera metadata, GPS included) when pages show
/// their resized copies; those kheo did not resize (animated, or that could
/// not be read, which their pages report) are copied as they are. A photo no
/// page shows or links is not published.
pub(crate) fn write_unresized_photos(r: &Renderer) {
    let site = r.site;
    if site.config.images.originals {
        return;
    }
    site.assets
        .par_iter()
        .filter(|a| is_photo(&a.rel))
        .filter(|a| match r.images.get(&a.rel) {
            Some(Ok(image)) => image.variants.is_empty(),
            Some(Err(_)) => true,
            None => false,
        })
        .for_each(|a| copy(r, a));
}

/// Copies one asset of `content/` (or keeps it, unchanged since the last render).
fn copy(r: &Renderer, a: &crate::load::Asset) {
    if r.failed() {
        return;
    }
    if asset_unchanged(r, a) {
        r.kept(&a.rel);
        return;
    }
    match r.sink.copy(&a.rel, &a.path) {
        Ok(()) => r.copied(),
        Err(e) => r.fail(
            Diagnostic::error(
                format!("content/{}", a.rel),
                1,
                1,
                crate::msg!("render.copy", error = e),
            )
            .with_code("theme"),
        ),
    }
}

/// Whether an asset's file has the modification time and length it had in
/// the last render (`kheo serve`); remembers them for the next.
fn asset_unchanged(r: &Renderer, a: &crate::load::Asset) -> bool {
    let Some(previous) = &r.previous else {
        return false;
    };
    let Ok(meta) = std::fs::metadata(&a.path) else {
        return false;
    };
    let stamp = (meta.modified().unwrap_or(std::time::UNIX_EPOCH), meta.len());
    if let Ok(mut next) = r.next.lock() {
        next.assets.insert(a.rel.clone(), stamp);
    }
    previous.assets.get(&a.rel) == Some(&stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_pinned() {
        // Versioned URLs of every published site depend on these digits:
        // changing the hash makes every reader download the theme again.
        assert_eq!(short_hash(b"kheo"), "e7c976d7");
        assert_eq!(short_hash(b""), "cbf29ce4");
        assert_ne!(short_hash(b"a"), short_hash(b"b"));
    }
}
