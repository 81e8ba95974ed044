//! `images:`: how photos are resized for pages.

use serde::Deserialize;

use super::Checker;
use crate::limits;
use crate::yaml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImages {
    #[serde(default, deserialize_with = "crate::yaml::spanned_whole_list_opt")]
    widths: Option<Spanned<Vec<Spanned<i64>>>>,
    #[serde(default, deserialize_with = "crate::yaml::spanned_whole_opt")]
    quality: Option<Spanned<i64>>,
    #[serde(default)]
    sizes: Option<Spanned<String>>,
    #[serde(default)]
    originals: Option<bool>,
}

/// How photos are resized (`images:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageSettings {
    /// Widths of the resized variants, in pixels, ascending.
    pub(crate) widths: Vec<u32>,
    /// JPEG quality, 1–100.
    pub(crate) quality: u8,
    /// The `sizes` attribute of images in article bodies: how wide the
    /// built-in theme's article column is at each screen width.
    pub(crate) sizes: String,
    /// Whether the photos as uploaded are published too. They are not by
    /// default: they carry the camera's metadata (GPS included), and the
    /// widest resized copy is what links to the photo lead to.
    pub(crate) originals: bool,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![320, 640, 1024, 1600],
            quality: 80,
            sizes: DEFAULT_IMAGE_SIZES.to_owned(),
            originals: false,
        }
    }
}

/// The article column of the built-in theme: the full width of a phone less
/// its margins, 41.5rem from 64rem up (see `kheo.css`).
pub(crate) const DEFAULT_IMAGE_SIZES: &str =
    "(min-width: 64rem) 41.5rem, (min-width: 48rem) calc(100vw - 7.5rem), calc(100vw - 2rem)";

/// The settings written, the defaults for the rest (and for wrong values).
pub(super) fn images(raw: Option<RawImages>, chk: &mut Checker) -> ImageSettings {
    let mut images = ImageSettings::default();
    let Some(img) = raw else {
        return images;
    };
    if let Some(widths) = img.widths {
        // Each photo is resized once per width (see limits.rs).
        if let Some(extra) = widths.value.get(limits::MAX_IMAGE_WIDTHS) {
            let d = limits::too_many(
                &chk.src,
                &crate::msg!("limits.what-image-widths"),
                widths.value.len(),
                limits::MAX_IMAGE_WIDTHS,
                extra,
            );
            chk.diags.push(d);
        }
        let mut ok = Vec::new();
        for w in &widths.value {
            if (16..=8000).contains(&w.value) {
                ok.push(w.value as u32);
            } else {
                chk.error(w, crate::msg!("config.image-width"));
            }
        }
        if widths.value.is_empty() {
            chk.error(&widths, crate::msg!("config.widths-empty"));
        }
        ok.sort_unstable();
        ok.dedup();
        if !ok.is_empty() {
            images.widths = ok;
        }
    }
    if let Some(q) = img.quality {
        if (1..=100).contains(&q.value) {
            images.quality = q.value as u8;
        } else {
            chk.error(&q, crate::msg!("config.quality"));
        }
    }
    images.originals = img.originals.unwrap_or(false);
    if let Some(sizes) = img.sizes {
        let text = sizes.value.trim();
        if text.is_empty() || text.contains(['"', '<', '>']) {
            chk.error(&sizes, crate::msg!("config.sizes"));
        } else {
            images.sizes = text.to_owned();
        }
    }
    images
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MINIMAL, errors, ok};
    use super::*;

    #[test]
    fn image_settings_are_checked_where_they_are_written() {
        let c = ok(MINIMAL);
        assert_eq!(c.images, ImageSettings::default());
        let c = ok(&format!(
            "{MINIMAL}images:\n  widths: [800, 400, 400]\n  quality: 70\n  sizes: 50vw\n"
        ));
        assert_eq!(c.images.widths, [400, 800], "sorted, without repeats");
        assert_eq!(c.images.quality, 70);
        assert_eq!(c.images.sizes, "50vw");
        assert!(
            !c.images.originals,
            "originals are not published by default"
        );
        assert!(
            ok(&format!("{MINIMAL}images: {{originals: true}}\n"))
                .images
                .originals
        );
        let e = errors(&format!(
            "{MINIMAL}images:\n  widths: [320, 9000, 8]\n  quality: 0\n"
        ));
        let at: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(5, 17), (5, 23), (6, 12)], "{e:#?}");
        let e = errors(&format!("{MINIMAL}images:\n  widths: []\n"));
        assert!(e[0].message.contains("`widths` is empty"), "{e:#?}");
        let e = errors(&format!("{MINIMAL}images:\n  qualty: 70\n"));
        assert_eq!((e[0].line, e[0].column), (5, 3));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `quality`?"));
        let e = errors(&format!("{MINIMAL}images:\n  widths: [small]\n"));
        assert_eq!(e[0].line, 5, "{e:#?}");
        let e = errors(&format!("{MINIMAL}images:\n  sizes: \"<b>\"\n"));
        assert!(e[0].message.contains("`sizes`"), "{e:#?}");
    }
}
