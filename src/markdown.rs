//! Markdown to HTML: pulldown-cmark's CommonMark with tables, footnotes,
//! strikethrough, task lists and heading attributes, and an event rewrite that
//! gives every heading a unique id, turns image paragraphs into `<figure>`,
//! resolves links to source files, highlights code into classes, applies the
//! raw-HTML policy, and writes footnotes and task lists accessibly.
//!
//! Whatever the raw-HTML policy, nothing written in Markdown syntax can run
//! script or load from another host: `javascript:`/`vbscript:`/`data:` links,
//! pictures on other hosts, heading attributes other than an id and classes
//! (unless raw HTML is allowed), ids that are not plain tokens or that the
//! theme already uses, and control characters written as entities are errors
//! at their place (see `safety`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::safety;
use crate::slug::slugify;

mod citations;
mod events;
mod html;
mod refs;
mod rewrite;
mod summary;

use citations::CiteScope;
pub(crate) use citations::citations;
use events::{event_texts, html_char_refs, is_note_id, matching_end, plain_text, shown_url};
use html::{code_block, img_tag};
pub(crate) use html::{escape_attr, escape_text};
pub(crate) use refs::{Refs, local_refs};
pub use rewrite::render;
pub(crate) use summary::summary;

/// The Markdown settings of a site (`markdown:` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub(crate) raw_html: bool,
    pub(crate) smart_punctuation: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            raw_html: true,
            smart_punctuation: false,
        }
    }
}

fn parser_options(settings: Settings) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if settings.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Where a link or image written in an article really points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Write this URL instead.
    Url(String),
    /// An image with what its `<img>` needs besides `src` (resized
    /// variants, size).
    Picture(Picture),
    /// Leave the destination as written (external links, `#anchors`).
    Unchanged,
    /// Leave it, and warn with this message.
    Missing(String),
    /// An image that exists but cannot be shown (a corrupt photo): an error.
    Broken(String),
}

/// The attributes of an `<img>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picture {
    pub(crate) src: String,
    /// `url 320w, url 640w, ...` when the image has resized variants.
    pub(crate) srcset: Option<String>,
    /// The `sizes` attribute that goes with `srcset`.
    pub(crate) sizes: Option<String>,
    /// Width and height, so the page keeps the image's place before it loads.
    pub(crate) size: Option<(u32, u32)>,
}

/// The site's answer to "where does this link go?", so this module needs no
/// knowledge of pages and URLs.
pub trait Resolver {
    fn link(&self, dest: &str) -> Resolution;
    fn image(&self, src: &str) -> Resolution;
    /// Whether the page around the body already uses this id (the theme's
    /// `id="main"`), so the body must not.
    fn reserved_id(&self, _id: &str) -> bool {
        false
    }
    /// The URL of the document with this number key
    /// ([`crate::doc_numbers::number_key`]), when the site has it:
    /// citations of it in the text become links.
    fn citation(&self, _key: &str) -> Option<String> {
        None
    }
}

/// UI words the generated markup needs, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    pub task_done: &'a str,
    pub task_todo: &'a str,
    pub footnotes: &'a str,
    pub back_to_text: &'a str,
    /// Names the scrollable box around a table (numbered when a page has several).
    pub table: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// Something wrong in the body, at a byte offset of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) kind: ProblemKind,
    pub(crate) hint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// A link that leads nowhere (a warning).
    Link,
    /// An image that does not exist (a warning).
    MissingImage,
    /// An image that cannot be shown (an error).
    BrokenImage,
    /// Markup that may not be published (an error), with its diagnostic code:
    /// `unsafe-url`, `remote-image`, `heading-attribute`, `id`, `control-char`.
    Error(&'static str),
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub(crate) html: String,
    /// The words of the body, for the search index.
    pub(crate) text: String,
    pub(crate) headings: Vec<Heading>,
    pub(crate) problems: Vec<Problem>,
    /// Every `id` the body defines (headings, footnotes), for anchor checks.
    pub(crate) ids: Vec<String>,
    /// Links with a `#fragment` to a page of the site, as written, with their offset.
    pub(crate) anchored_links: Vec<(usize, String)>,
}

#[cfg(test)]
mod tests;
