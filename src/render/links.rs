//! Where links and images written in an article go: `../mo-hinh/x.md` to
//! that article's URL in the page's language (else the default language's),
//! `anh.jpg` to the copied file (a photo to its resized variants),
//! `/so-lieu/` under the `base_url` path.

use std::cell::RefCell;

use crate::images::Photos;
use crate::markdown::{Refs, Resolution, Resolver};
use crate::model::{LangId, Page, PageId, Site, encode_path};
use crate::url::{Local, resolve_local, split_suffix};

use super::pictures;

pub(crate) struct PageLinks<'a> {
    pub(crate) site: &'a Site,
    /// Content-relative folder of the source (links are relative to it).
    dir: &'a str,
    lang: LangId,
    /// The page, when the body is an article's (`#x` links are to it).
    id: Option<PageId>,
    pub(crate) images: &'a Photos,
    /// The image files of `content/` the body shows, in order (for `kheo
    /// serve`, which must know what a remembered body depends on).
    pub(crate) used: RefCell<Vec<String>>,
}

impl<'a> PageLinks<'a> {
    pub(crate) fn new(site: &'a Site, page: &'a Page, images: &'a Photos) -> PageLinks<'a> {
        PageLinks {
            site,
            dir: &page.dir,
            lang: page.lang,
            id: Some(page.id),
            images,
            used: RefCell::new(Vec::new()),
        }
    }

    /// The links of a document's body (in folder `dir`, shown in `lang`).
    pub(crate) fn for_document(
        site: &'a Site,
        dir: &'a str,
        lang: LangId,
        images: &'a Photos,
    ) -> PageLinks<'a> {
        PageLinks {
            site,
            dir,
            lang,
            id: None,
            images,
            used: RefCell::new(Vec::new()),
        }
    }
}

/// The files of `content/` that a body in folder `dir` with `refs` asks the
/// photo stage for when it renders: what its pictures show (as
/// [`PageLinks::image`] resolves them) and, unless the originals are
/// published, what its links lead to (as [`PageLinks::link`] does).
pub(crate) fn files_asked(site: &Site, dir: &str, refs: &Refs) -> Vec<String> {
    let mut out = Vec::new();
    for src in &refs.pictures {
        let (path, _) = split_suffix(src);
        match resolve_local(dir, path) {
            Local::SiteAbsolute(rel) | Local::Relative(rel) if site.has_asset(&rel) => {
                out.push(rel);
            }
            _ => {}
        }
    }
    if site.config.images.originals {
        return out;
    }
    for dest in &refs.links {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
            continue;
        }
        let (path, _) = split_suffix(dest);
        if let Local::Relative(rel) = resolve_local(dir, path)
            && !rel.ends_with(".md")
        {
            out.push(rel);
        }
    }
    out
}

impl PageLinks<'_> {
    fn site_absolute(&self, path: &str, suffix: &str) -> Resolution {
        let base = &self.site.config.base.path;
        let full = format!("/{path}");
        if base != "/" && full.starts_with(base.as_str()) {
            return Resolution::Unchanged;
        }
        Resolution::Url(format!("{base}{path}{suffix}"))
    }

    fn asset(&self, rel: &str, suffix: &str) -> Option<Resolution> {
        // A link to a photo leads to its widest resized copy unless the
        // originals are published.
        // The photo stage planned every image file a body links to (`files_asked`).
        debug_assert!(
            self.site.config.images.originals
                || self.images.get(rel).is_some()
                || !self.site.has_asset(rel)
                || crate::images::kind_of(rel).is_none()
        );
        if !self.site.config.images.originals
            && let Some(Ok(image)) = self.images.get(rel)
            && let Some(widest) = image.variants.last()
        {
            return Some(Resolution::Url(format!(
                "{}{suffix}",
                self.site.href(&widest.rel)
            )));
        }
        self.site.has_asset(rel).then(|| {
            Resolution::Url(format!(
                "{}{}{suffix}",
                self.site.config.base.path,
                encode_path(rel)
            ))
        })
    }
}

impl PageLinks<'_> {
    /// The page and fragment a link with `#fragment` points to, when it is a
    /// page of the site (`#x` alone is this page).
    pub(crate) fn anchor_target(&self, dest: &str) -> Option<(crate::model::PageId, String)> {
        let (path, rest) = split_suffix(dest);
        let fragment = rest.split_once('#')?.1.to_owned();
        if path.is_empty() {
            return self.id.map(|id| (id, fragment));
        }
        match resolve_local(self.dir, path) {
            Local::Relative(rel) if rel.ends_with(".md") => {
                let site = self.site;
                let group = site.group_of_source(&rel)?;
                let target = site
                    .translation(group, self.lang)
                    .or_else(|| site.translation(group, 0))?;
                Some((target.id, fragment))
            }
            _ => None,
        }
    }
}

impl Resolver for PageLinks<'_> {
    fn link(&self, dest: &str) -> Resolution {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
            return Resolution::Unchanged;
        }
        let (path, suffix) = split_suffix(dest);
        match resolve_local(self.dir, path) {
            Local::External => Resolution::Unchanged,
            Local::SiteAbsolute(p) => self.site_absolute(&p, suffix),
            Local::Outside => Resolution::Missing(crate::msg!("link.outside", dest = dest)),
            Local::Relative(rel) if rel.ends_with(".md") => {
                let site = self.site;
                match site.group_of_source(&rel) {
                    Some(group) => {
                        let target = site
                            .translation(group, self.lang)
                            .or_else(|| site.translation(group, 0))
                            .or_else(|| site.groups[group].first().map(|id| &site.pages[*id]));
                        match target {
                            Some(t) => Resolution::Url(format!("{}{suffix}", site.href(&t.path))),
                            None => Resolution::Missing(crate::msg!("link.no-page", dest = dest)),
                        }
                    }
                    None if site.documents.by_file.contains_key(&rel) => {
                        let doc = site.documents.by_file[&rel];
                        Resolution::Url(format!(
                            "{}{suffix}",
                            site.href(&site.document_path(doc, self.lang))
                        ))
                    }
                    // A file that failed to load has its own error; do not add a second one.
                    None if site.failed_to_load(&rel) => Resolution::Unchanged,
                    None => {
                        Resolution::Missing(crate::msg!("link.no-article", dest = dest, rel = rel))
                    }
                }
            }
            Local::Relative(rel) => {
                if let Some(r) = self.asset(&rel, suffix) {
                    return r;
                }
                let folder = rel.trim_end_matches('/');
                if let Some(sid) = self.site.section_by_folder(folder) {
                    let path = &self.site.sections[sid].langs[self.lang].path;
                    return Resolution::Url(format!("{}{suffix}", self.site.href(path)));
                }
                Resolution::Missing(crate::msg!("link.nowhere", dest = dest, rel = rel))
            }
        }
    }

    fn reserved_id(&self, id: &str) -> bool {
        self.site.theme.reserves_id(id)
    }

    fn citation(&self, key: &str) -> Option<String> {
        let doc = self.site.documents.by_key(key)?;
        Some(self.site.href(&self.site.document_path(doc, self.lang)))
    }

    fn image(&self, src: &str) -> Resolution {
        let (path, suffix) = split_suffix(src);
        let rel = match resolve_local(self.dir, path) {
            Local::External => return Resolution::Unchanged,
            Local::SiteAbsolute(p) if self.site.has_asset(&p) => p,
            Local::SiteAbsolute(p) => return self.site_absolute(&p, suffix),
            Local::Outside => {
                return Resolution::Missing(crate::msg!("image.outside", src = src));
            }
            Local::Relative(rel) if self.site.has_asset(&rel) => rel,
            Local::Relative(rel) => {
                return Resolution::Missing(crate::msg!("image.missing", src = src, rel = rel));
            }
        };
        let original = format!(
            "{}{}{suffix}",
            self.site.config.base.path,
            encode_path(&rel)
        );
        let outcome = self.images.get(&rel);
        // The photo stage planned every image file a body shows (`files_asked`).
        debug_assert!(outcome.is_some() || crate::images::kind_of(&rel).is_none());
        if outcome.is_some() {
            self.used.borrow_mut().push(rel.clone());
        }
        match outcome {
            None => Resolution::Url(original),
            Some(Ok(image)) => {
                Resolution::Picture(pictures::body_picture(self.site, image, &original))
            }
            Some(Err(why)) => Resolution::Broken(crate::msg!("image.broken", src = src, why = why)),
        }
    }
}
