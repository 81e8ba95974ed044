//! How an image looks to pages: the URLs of its resized variants, the
//! `srcset` listing them, the plain `src` and its size — for the `<img>`
//! kheo writes itself (images in Markdown) and for templates (covers).

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::images::{Image, Outcome, Photos};
use crate::load::Body;
use crate::markdown::Picture;
use crate::model::{Cover, Page, Site};

/// One resized variant, as templates see it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct VariantValue {
    pub(crate) url: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// An image ready to be written into a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    /// The plain `src`: a variant about 1024 px wide, or the file as it is.
    pub(crate) src: String,
    /// The variants as a `srcset` (none with fewer than two variants).
    pub(crate) srcset: Option<String>,
    pub(crate) size: Option<(u32, u32)>,
    pub(crate) variants: Vec<VariantValue>,
}

/// How `image` is shown; `original` is the URL of the file as it is.
pub(crate) fn shown(site: &Site, image: &Image, original: &str) -> Shown {
    let variants: Vec<VariantValue> = image
        .variants
        .iter()
        .map(|v| VariantValue {
            url: site.href(&v.rel),
            width: v.width,
            height: v.height,
        })
        .collect();
    let src = image
        .fallback()
        .map_or_else(|| original.to_owned(), |v| site.href(&v.rel));
    let srcset = (variants.len() > 1).then(|| {
        variants
            .iter()
            .map(|v| format!("{} {}w", v.url, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    });
    Shown {
        src,
        srcset,
        size: image.size,
        variants,
    }
}

/// An image of an article's body, with the site's `sizes` for the article column.
pub(crate) fn body_picture(site: &Site, image: &Image, original: &str) -> Picture {
    let s = shown(site, image, original);
    Picture {
        sizes: s.srcset.as_ref().map(|_| site.config.images.sizes.clone()),
        src: s.src,
        srcset: s.srcset,
        size: s.size,
    }
}

/// The prepared image of a cover in `content/`, if it is one kheo prepares.
pub(crate) fn cover_outcome<'i>(images: &'i Photos, cover: &Cover) -> Option<&'i Outcome> {
    images.get(cover.file.as_deref()?)
}

/// A cover as pages show it: prepared when it is an image file of
/// `content/`, else the URL as written.
pub(crate) fn cover_shown(site: &Site, images: &Photos, cover: &Cover) -> Shown {
    cover_shown_as(site, cover, cover_outcome(images, cover))
}

/// A cover as pages show it, given how it was prepared (`None`: not an
/// image file kheo prepares).
pub(crate) fn cover_shown_as(site: &Site, cover: &Cover, outcome: Option<&Outcome>) -> Shown {
    match outcome {
        Some(Ok(image)) => shown(site, image, &cover.url),
        _ => Shown {
            src: cover.url.clone(),
            srcset: None,
            size: None,
            variants: Vec::new(),
        },
    }
}

/// The image files of `content/` pages use: covers, and what each
/// article's and document's body shows or links to (recorded when it was
/// loaded). The photo stage plans these, and only these.
pub(crate) fn used_files<'a>(
    site: &Site,
    bodies: impl Iterator<Item = (&'a Page, &'a Body)>,
) -> Vec<String> {
    let mut files: Vec<String> = site
        .pages
        .iter()
        .filter_map(|p| p.cover.as_ref()?.file.clone())
        .collect();
    for (page, body) in bodies {
        files.extend(super::links::files_asked(site, &page.dir, &body.refs));
    }
    let settings = crate::markdown::Settings {
        raw_html: site.config.markdown.raw_html,
        smart_punctuation: site.config.markdown.smart_punctuation,
    };
    for d in &site.documents.docs {
        for text in &d.texts {
            let dir = text
                .file
                .trim_start_matches("content/")
                .rsplit_once('/')
                .map_or("", |(dir, _)| dir);
            let refs = crate::markdown::local_refs(&text.body, settings);
            files.extend(super::links::files_asked(site, dir, &refs));
        }
    }
    files.sort_unstable();
    files.dedup();
    files
}

/// Reports every cover in `content/` that cannot be shown, at the `image:`
/// of each page using it.
pub(crate) fn report_broken_covers(site: &Site, images: &Photos, diags: &mut Diagnostics) {
    for p in &site.pages {
        let Some(cover) = &p.cover else {
            continue;
        };
        if let Some(Err(why)) = cover_outcome(images, cover) {
            let (line, column, text) = &cover.at;
            let mut d = bad_image(
                &p.file,
                *line,
                *column,
                &crate::msg!("cover.broken", why = why),
            );
            d.source_line = Some(text.clone());
            diags.push(d);
        }
    }
}

/// An image that exists but cannot be shown: an error at the page's reference to it.
pub(crate) fn bad_image(file: &str, line: usize, column: usize, message: &str) -> Diagnostic {
    Diagnostic::error(file, line, column, message)
        .with_code("bad-image")
        .with_hint(crate::msg!("image.broken.hint"))
}

/// An image as prepared, hashed: what pages showing it depend on.
pub(crate) fn outcome_print(outcome: &Outcome) -> u64 {
    super::memo::Fingerprint::new().add_hash(outcome).finish()
}
