//! Article pages and standalone pages: the Markdown body rendered (from the
//! memo when nothing it depends on changed), then the page around it.

use std::sync::Arc;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::markdown::{self, Labels, ProblemKind};
use crate::model::{Page, PageKind, Site};
use crate::search;

use super::context::{self, Alternate};
use super::engine::Renderer;
use super::figure_values::{self, TeamCard};
use super::input::{Base, CardRef, Html, PageInput};
use super::links;
use super::memo::{AnchorRef, Fingerprint, PageRender};
use super::pictures::{bad_image, outcome_print};

/// An article (`article.html`) or a standalone page (`page.html`).
#[derive(Serialize, Hash)]
struct PageView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    #[serde(skip)]
    template: &'static str,
    page: CardRef<'a>,
    content: Html<'a>,
    toc: Vec<HeadingValue<'a>>,
    /// The page in the other languages it is written in.
    translations: Vec<Alternate<'a>>,
    newer: Vec<CardRef<'a>>,
    older: Vec<CardRef<'a>>,
    related: Vec<CardRef<'a>>,
    /// A stat card for each team the article links.
    teams: Vec<TeamCard>,
}

impl PageInput for PageView<'_> {
    fn template(&self) -> &'static str {
        self.template
    }
}

#[derive(Serialize, Hash)]
struct HeadingValue<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

/// Renders the page `page` from its Markdown `body`; returns the rendered
/// body (for the search index and the anchor check).
pub(crate) fn render(r: &Renderer, page: &Page, body: &str) -> Option<Arc<PageRender>> {
    if r.failed() {
        return None;
    }
    let site = r.site;
    let rendered = body_of(r, page, body);
    for d in &rendered.problems {
        r.push(d.clone());
    }
    let alternates = context::alternates(site, page.lang, &|l| {
        site.translation(page.group, l).map(|t| t.path.clone())
    });
    let translations = alternates
        .iter()
        .filter(|a| a.translated && !a.current)
        .cloned()
        .collect();
    let (kind, template, section) = match page.kind {
        PageKind::Article(sid) => (
            "article",
            "article.html",
            Some(site.sections[sid].folder.as_str()),
        ),
        PageKind::Standalone => ("page", "page.html", None),
    };
    let feed = match page.kind {
        PageKind::Article(sid) => {
            Some(site.href(&Site::feed_path(&site.sections[sid].langs[page.lang].path)))
        }
        PageKind::Standalone => None,
    };
    let cards = &r.cards;
    let view = PageView {
        base: Base::new(
            site,
            page.lang,
            kind,
            &page.path,
            &page.title,
            &page.summary,
            alternates,
        )
        .with_feed(feed)
        .in_section(section),
        template,
        page: cards.get(page.id),
        content: Html(&rendered.html),
        toc: rendered
            .headings
            .iter()
            .map(|h| HeadingValue {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect(),
        translations,
        newer: cards.list(page.newer.iter().copied()),
        older: cards.list(page.older.iter().copied()),
        related: cards.list(page.related.iter().copied()),
        teams: page
            .teams
            .iter()
            .map(|t| figure_values::team_card(site, *t, page.lang))
            .collect(),
    };
    r.emit(&format!("{}index.html", page.path), page.lang, &view);
    Some(rendered)
}

/// A page's body rendered, from the memo when neither the body nor what
/// its HTML and search entry depend on changed.
fn body_of(r: &Renderer, page: &Page, body: &str) -> Arc<PageRender> {
    let site = r.site;
    let key = r.remembering().then(|| {
        Fingerprint::new()
            .add_u64(r.epoch)
            .add_str(body)
            .add_hash(&(
                &page.title,
                &page.summary,
                &page.tags,
                page.body_line,
                page.id,
                // What its search entry shows besides the body.
                (&page.date, page.summary_written, page.kind, &page.path),
            ))
            .finish()
    });
    if let (Some(key), Some(previous)) = (key, &r.previous)
        && let Some((k, cached)) = previous.pages.get(&page.file)
        && *k == key
        // The body's photos are the same (this also keeps their variants).
        && cached
            .images
            .iter()
            .all(|(rel, print)| r.images.get(rel).map_or(0, outcome_print) == *print)
    {
        if let Ok(mut next) = r.next.lock() {
            next.pages.insert(page.file.clone(), (key, cached.clone()));
        }
        return cached.clone();
    }
    let locale = &site.theme.locales[page.lang];
    let labels = Labels {
        task_done: locale.string("task_done"),
        task_todo: locale.string("task_todo"),
        footnotes: locale.string("footnotes"),
        back_to_text: locale.string("back_to_text"),
        table: locale.string("table"),
    };
    let settings = markdown::Settings {
        raw_html: site.config.markdown.raw_html,
        smart_punctuation: site.config.markdown.smart_punctuation,
    };
    let resolver = links::PageLinks::new(site, page, r.images);
    let rendered = markdown::render(body, settings, &resolver, &labels);
    let problems = rendered
        .problems
        .iter()
        .map(|p| {
            let (line, column, text) = body_position(body, p.offset, page.body_line);
            let mut d = match p.kind {
                ProblemKind::Link => {
                    Diagnostic::warning(&page.file, line, column, &p.message).with_code("link")
                }
                ProblemKind::MissingImage => {
                    Diagnostic::warning(&page.file, line, column, &p.message).with_code("image")
                }
                ProblemKind::BrokenImage => bad_image(&page.file, line, column, &p.message),
                ProblemKind::Error(code) => {
                    Diagnostic::error(&page.file, line, column, &p.message).with_code(code)
                }
            };
            if p.hint.is_some() {
                d.hint.clone_from(&p.hint);
            }
            d.source_line = Some(text);
            d
        })
        .collect();
    let mut used = resolver.used.take();
    used.sort_unstable();
    used.dedup();
    let images = if r.remembering() {
        used.into_iter()
            .map(|rel| {
                let print = r.images.get(&rel).map_or(0, outcome_print);
                (rel, print)
            })
            .collect()
    } else {
        Vec::new()
    };
    let anchors = rendered
        .anchored_links
        .iter()
        .filter_map(|(offset, dest)| {
            let (target, fragment) = resolver.anchor_target(dest)?;
            let (line, column, text) = body_position(body, *offset, page.body_line);
            Some(AnchorRef {
                page: page.id,
                line,
                column,
                text,
                dest: dest.clone(),
                target,
                fragment,
            })
        })
        .collect();
    let search = crate::timings::SEARCH_PAGES
        .measure(|| search::analyze(&search::page_entry(site, page.id, &rendered.text)));
    let result = Arc::new(PageRender {
        html: rendered.html,
        headings: rendered.headings,
        ids: rendered.ids,
        search,
        problems,
        anchors,
        images,
    });
    if let (Some(key), Ok(mut next)) = (key, r.next.lock()) {
        next.pages.insert(page.file.clone(), (key, result.clone()));
        next.bodies_read += 1;
    }
    result
}

/// File line and column of a byte offset of a body that starts at `body_line`.
pub(crate) fn body_position(body: &str, offset: usize, body_line: usize) -> (usize, usize, String) {
    let offset = offset.min(body.len());
    let before = &body[..offset];
    let line = body_line + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = body[line_start..offset].chars().count() + 1;
    let text = body[line_start..].lines().next().unwrap_or("").to_owned();
    (line, column, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_the_body() {
        let body = "\nđầu\nxem [x](y.md) nhé\n";
        let offset = body.find('[').unwrap();
        assert_eq!(
            body_position(body, offset, 5),
            (7, 5, "xem [x](y.md) nhé".to_owned())
        );
    }
}
