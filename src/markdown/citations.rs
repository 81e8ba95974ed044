//! Citations of documents in article text (`Hướng dẫn số 80-HD/BDVTW`):
//! found where they may become links — not in code, links or pictures — and
//! written as links to the document's page.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::rewrite::Rewriter;
use super::{Settings, escape_attr, parser_options};

/// Where text may hold a citation that becomes a link: not in code, not in
/// a link (Markdown or raw HTML `<a>`), not in a picture's text.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct CiteScope {
    links: usize,
    html_links: usize,
    images: usize,
    code: usize,
}

impl CiteScope {
    pub(super) fn step(&mut self, event: &Event, raw_html: bool) {
        match event {
            Event::Start(Tag::Link { .. }) => self.links += 1,
            Event::End(TagEnd::Link) => self.links = self.links.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => self.images += 1,
            Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) if raw_html => {
                let lower = h.to_ascii_lowercase();
                let opens = lower.matches("<a ").count() + lower.matches("<a>").count();
                let closes = lower.matches("</a").count();
                self.html_links = (self.html_links + opens).saturating_sub(closes);
            }
            _ => {}
        }
    }

    pub(super) fn open(&self) -> bool {
        self.links == 0 && self.html_links == 0 && self.images == 0 && self.code == 0
    }
}

/// The byte offset in `body` of a byte of a text event's text (exact when
/// the source spells the text as it is, else the event's start).
fn offset_in_source(body: &str, range: &Range<usize>, text: &str, at: usize) -> usize {
    if body.get(range.clone()) == Some(text) {
        range.start + at
    } else {
        range.start
    }
}

/// Every document number cited in a body's text (not in code, links or
/// pictures), with its byte offset in the body.
pub(crate) fn citations(body: &str, settings: Settings) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    if crate::doc_numbers::citations(body).is_empty() {
        return found;
    }
    let mut scope = CiteScope::default();
    for (event, range) in Parser::new_ext(body, parser_options(settings)).into_offset_iter() {
        scope.step(&event, settings.raw_html);
        if let Event::Text(t) = &event
            && scope.open()
        {
            for c in crate::doc_numbers::citations(t) {
                found.push((offset_in_source(body, &range, t, c.number_start), c.key));
            }
        }
    }
    found
}

impl<'e> Rewriter<'_, 'e> {
    /// Emits a text, its citations of documents the site has made links.
    pub(super) fn cite_links(&mut self, t: &CowStr<'e>) {
        let found = crate::doc_numbers::citations(t);
        let mut last = 0;
        for c in found {
            let Some(url) = self.resolver.citation(&c.key) else {
                continue;
            };
            if c.start > last {
                self.emit(Event::Text(t[last..c.start].to_owned().into()));
            }
            self.emit(Event::InlineHtml(
                format!("<a href=\"{}\" class=\"citation\">", escape_attr(&url)).into(),
            ));
            self.emit(Event::Text(t[c.start..c.end].to_owned().into()));
            self.emit(Event::InlineHtml("</a>".into()));
            last = c.end;
        }
        if last == 0 {
            self.emit(Event::Text(t.clone()));
        } else if last < t.len() {
            self.emit(Event::Text(t[last..].to_owned().into()));
        }
    }
}
