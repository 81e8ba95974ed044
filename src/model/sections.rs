//! Sections: a folder of `content/` with its URL segment and title in each
//! language, and its lists of articles in the order it asks for.

use crate::config::{Config, SEGMENT_NAMES};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{SectionSource, SortOrder};
use crate::slug::slugify;

use super::related::newest_first;
use super::{Page, PageId, Section, SectionLang};

/// Sections with their URL segment and title in each language.
pub(super) fn build_sections(
    sources: &[SectionSource],
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    let default_lang = config.default_lang();
    let sections: Vec<Section> = sources
        .iter()
        .map(|s| {
            let origin = s
                .meta_file
                .clone()
                .unwrap_or_else(|| format!("content/{}/", s.folder));
            let langs = config
                .languages
                .iter()
                .map(|l| {
                    let slug = s
                        .meta
                        .slug
                        .as_ref()
                        .and_then(|v| v.get(&l.code, default_lang))
                        .map(str::to_owned)
                        .unwrap_or_else(|| slugify(&s.folder));
                    let title = s
                        .meta
                        .title
                        .as_ref()
                        .and_then(|t| t.get(&l.code, default_lang))
                        .map(str::to_owned)
                        .unwrap_or_else(|| title_from_folder(&s.folder));
                    SectionLang {
                        path: format!("{}{slug}/", l.prefix),
                        slug,
                        title,
                        pages: Vec::new(),
                        by_date: Vec::new(),
                    }
                })
                .collect();
            Section {
                folder: s.folder.clone(),
                origin,
                sort: s.meta.sort,
                page_size: s.meta.page_size.unwrap_or(config.page_size),
                langs,
            }
        })
        .collect();
    for s in &sections {
        if s.langs.iter().any(|l| l.slug.is_empty()) {
            diags.push(
                Diagnostic::error(
                    &s.origin,
                    1,
                    1,
                    crate::msg!("section.no-slug", folder = s.folder),
                )
                .with_code("section")
                .with_hint(crate::msg!("section.no-slug.hint")),
            );
        }
        if let Some(why) = s
            .langs
            .iter()
            .find_map(|l| crate::limits::long_segment(&l.slug))
        {
            diags.push(
                Diagnostic::error(&s.origin, 1, 1, crate::msg!("section.too-long", why = why))
                    .with_code("limit")
                    .with_hint(crate::msg!("section.too-long.hint")),
            );
        }
    }
    sections
}

/// A generated URL segment the site did not set itself gives way to a
/// section folder of the same name (the bench corpus has a `to-dan-van/`
/// section, the teams' default address): the generated pages move to
/// `tat-ca-<segment>` (Vietnamese) or `all-<segment>`, with a warning.
pub(super) fn yield_segments(config: &mut Config, sections: &[Section], diags: &mut Diagnostics) {
    for (lang, l) in config.languages.iter_mut().enumerate() {
        for name in SEGMENT_NAMES.into_iter().filter(|n| *n != "page") {
            if l.explicit.contains(&name) {
                continue;
            }
            let Some(current) = l.segments.get(name).map(str::to_owned) else {
                continue;
            };
            let Some(section) = sections.iter().find(|s| s.langs[lang].slug == current) else {
                continue;
            };
            let prefix = if l.code == "vi" { "tat-ca" } else { "all" };
            let moved = format!("{prefix}-{current}");
            diags.push(
                Diagnostic::warning(
                    &section.origin,
                    1,
                    1,
                    crate::msg!(
                        "section.takes-segment",
                        prefix = l.prefix,
                        current = current,
                        name = name,
                        moved = moved
                    ),
                )
                .with_code("url-segment")
                .with_hint(crate::msg!(
                    "section.takes-segment.hint",
                    lang = l.code,
                    name = name
                )),
            );
            if let Some(slot) = l.segments.get_mut(name) {
                *slot = moved;
            }
        }
    }
}

/// Gives each section its lists (`by_date` holds each section's articles per
/// language, newest first) in the section's own order, and warns about a
/// section with nothing to build.
pub(super) fn fill_sections(
    sections: &mut [Section],
    mut by_date: Vec<Vec<Vec<PageId>>>,
    pages: &[Page],
    diags: &mut Diagnostics,
) {
    for (sid, s) in sections.iter_mut().enumerate() {
        for (lang, l) in s.langs.iter_mut().enumerate() {
            l.by_date = std::mem::take(&mut by_date[sid][lang]);
            l.pages = l.by_date.clone();
        }
        sort_section(s, pages);
        if s.langs.iter().all(|l| l.pages.is_empty()) {
            diags.push(
                Diagnostic::warning(
                    &s.origin,
                    1,
                    1,
                    crate::msg!("section.empty", section = s.folder),
                )
                .with_code("empty-section"),
            );
        }
    }
}

/// A section's lists in its own order (they arrive newest first).
fn sort_section(s: &mut Section, pages: &[Page]) {
    for l in &mut s.langs {
        match s.sort {
            SortOrder::Date => {}
            SortOrder::Title => {
                // Newest first among equal titles: the list arrives in that order
                // and the sort is stable.
                l.pages
                    .sort_by_cached_key(|id| crate::collate::key(&pages[*id].title));
            }
            SortOrder::Weight => l.pages.sort_by(|a, b| {
                pages[*a]
                    .weight
                    .cmp(&pages[*b].weight)
                    .then_with(|| newest_first(&pages[*a], &pages[*b]))
            }),
        }
    }
}

/// "tin-tuc" -> "Tin tuc": the title of a section without `_section.yaml`.
fn title_from_folder(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
