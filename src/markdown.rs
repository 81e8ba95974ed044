//! Markdown to HTML: pulldown-cmark's CommonMark with tables, footnotes,
//! strikethrough, task lists and heading attributes, and an event rewrite that
//! gives every heading a unique id, turns image paragraphs into `<figure>`,
//! resolves links to source files, highlights code into classes, applies the
//! raw-HTML policy, and writes footnotes and task lists accessibly.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::highlight;
use crate::slug::slugify;

/// The Markdown settings of a site (`markdown:` in site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub raw_html: bool,
    pub smart_punctuation: bool,
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
    pub src: String,
    /// `url 320w, url 640w, ...` when the image has resized variants.
    pub srcset: Option<String>,
    /// The `sizes` attribute that goes with `srcset`.
    pub sizes: Option<String>,
    /// Width and height, so the page keeps the image's place before it loads.
    pub size: Option<(u32, u32)>,
}

/// The site's answer to "where does this link go?", so this module needs no
/// knowledge of pages and URLs.
pub trait Resolver {
    fn link(&self, dest: &str) -> Resolution;
    fn image(&self, src: &str) -> Resolution;
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
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link or image that did not resolve, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A link that leads nowhere (a warning).
    Link,
    /// An image that does not exist (a warning).
    MissingImage,
    /// An image that cannot be shown (an error).
    BrokenImage,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The words of the body, for the search index.
    pub text: String,
    pub headings: Vec<Heading>,
    pub problems: Vec<Problem>,
    /// Every `id` the body defines (headings, footnotes), for anchor checks.
    pub ids: Vec<String>,
    /// Links with a `#fragment` to a page of the site, as written, with their offset.
    pub anchored_links: Vec<(usize, String)>,
}

/// Renders an article body.
pub fn render(
    body: &str,
    settings: Settings,
    resolver: &dyn Resolver,
    labels: &Labels,
) -> Rendered {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, parser_options(settings))
        .into_offset_iter()
        .collect();
    let mut r = Rewriter::new(settings, resolver, labels, &events);
    r.run(&events);
    r.finish()
}

struct Rewriter<'r, 'e> {
    settings: Settings,
    resolver: &'r dyn Resolver,
    labels: &'r Labels<'r>,
    out: Vec<Event<'e>>,
    /// Footnote definitions, captured out of the flow and written at the end.
    notes: Vec<(CowStr<'e>, Vec<Event<'e>>)>,
    in_note: Option<(CowStr<'e>, Vec<Event<'e>>)>,
    note_numbers: HashMap<CowStr<'e>, usize>,
    note_refs_seen: HashMap<usize, usize>,
    used_ids: HashSet<String>,
    heading: Option<(usize, String)>,
    headings: Vec<Heading>,
    text: String,
    problems: Vec<Problem>,
    anchored_links: Vec<(usize, String)>,
    /// Tables in the page, and how many have been opened so far.
    tables: (usize, usize),
}

impl<'r, 'e> Rewriter<'r, 'e> {
    fn new(
        settings: Settings,
        resolver: &'r dyn Resolver,
        labels: &'r Labels<'r>,
        events: &[(Event<'e>, Range<usize>)],
    ) -> Self {
        // Number footnotes in order of first reference, then unreferenced ones.
        let mut note_numbers: HashMap<CowStr<'e>, usize> = HashMap::new();
        let mut used_ids = HashSet::new();
        let number = |name: &CowStr<'e>, numbers: &mut HashMap<CowStr<'e>, usize>| {
            let next = numbers.len() + 1;
            numbers.entry(name.clone()).or_insert(next);
        };
        for (e, _) in events {
            if let Event::FootnoteReference(name) = e {
                number(name, &mut note_numbers);
            }
        }
        for (e, _) in events {
            match e {
                Event::Start(Tag::FootnoteDefinition(name)) => number(name, &mut note_numbers),
                Event::Start(Tag::Heading { id: Some(id), .. }) => {
                    used_ids.insert(id.to_string());
                }
                _ => {}
            }
        }
        let table_count = events
            .iter()
            .filter(|(e, _)| matches!(e, Event::Start(Tag::Table(_))))
            .count();
        for n in note_numbers.values() {
            used_ids.insert(format!("fn-{n}"));
            used_ids.insert(format!("fnref-{n}"));
        }
        Rewriter {
            settings,
            resolver,
            labels,
            out: Vec::with_capacity(events.len()),
            notes: Vec::new(),
            in_note: None,
            note_numbers,
            note_refs_seen: HashMap::new(),
            used_ids,
            heading: None,
            headings: Vec::new(),
            text: String::new(),
            problems: Vec::new(),
            anchored_links: Vec::new(),
            tables: (table_count, 0),
        }
    }

    fn emit(&mut self, e: Event<'e>) {
        match &mut self.in_note {
            Some((_, buf)) => buf.push(e),
            None => self.out.push(e),
        }
    }

    fn run(&mut self, events: &[(Event<'e>, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::Paragraph) => {
                    if let Some(end) = self.lone_image(events, i) {
                        self.figure(&events[i + 1..end], range.start);
                        i = end + 1;
                        continue;
                    }
                    self.emit(event.clone());
                }
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let end = matching_end(events, i);
                    let alt = plain_text(&events[i + 1..end]);
                    let picture = self.resolve_image(dest_url, range.start);
                    let html = img_tag(&picture, &alt, title);
                    self.emit(Event::InlineHtml(html.into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    if dest_url.contains('#')
                        && !dest_url.contains("://")
                        && !dest_url.starts_with("mailto:")
                    {
                        self.anchored_links
                            .push((range.start, dest_url.to_string()));
                    }
                    let dest = match self.resolver.link(dest_url) {
                        Resolution::Url(u) => CowStr::from(u),
                        Resolution::Picture(p) => CowStr::from(p.src),
                        Resolution::Unchanged => dest_url.clone(),
                        Resolution::Missing(message) | Resolution::Broken(message) => {
                            self.problems.push(Problem {
                                offset: range.start,
                                message,
                                kind: ProblemKind::Link,
                            });
                            dest_url.clone()
                        }
                    };
                    self.emit(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest,
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = matching_end(events, i);
                    let code: String = events[i + 1..end]
                        .iter()
                        .filter_map(|(e, _)| match e {
                            Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split([' ', ',', '{']).next().unwrap_or("").to_owned()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    self.text.push_str(&code);
                    self.text.push(' ');
                    self.emit(Event::Html(code_block(&code, &lang).into()));
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    self.heading = Some((self.current_len(), String::new()));
                    self.emit(Event::Start(Tag::Heading {
                        level: *level,
                        id: id.clone(),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    self.end_heading(*level as u8);
                    self.emit(event.clone());
                    self.text.push(' ');
                }
                Event::Start(Tag::Table(_)) => {
                    // A box that scrolls sideways must be reachable by keyboard
                    // (tabindex) and named for screen readers (WCAG 2.1.1, 4.1.2).
                    self.tables.1 += 1;
                    let name = if self.tables.0 > 1 {
                        format!("{} {}", self.labels.table, self.tables.1)
                    } else {
                        self.labels.table.to_owned()
                    };
                    self.emit(Event::Html(
                        format!(
                            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                            escape_attr(&name)
                        )
                        .into(),
                    ));
                    self.emit(event.clone());
                }
                Event::End(TagEnd::Table) => {
                    self.emit(event.clone());
                    self.emit(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    self.in_note = Some((name.clone(), Vec::new()));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some(note) = self.in_note.take() {
                        self.notes.push(note);
                    }
                }
                Event::FootnoteReference(name) => {
                    let n = self.note_numbers.get(name).copied().unwrap_or(0);
                    let seen = self.note_refs_seen.entry(n).or_insert(0);
                    *seen += 1;
                    let id = if *seen == 1 {
                        format!("fnref-{n}")
                    } else {
                        format!("fnref-{n}-{seen}")
                    };
                    let html = format!(
                        "<sup class=\"footnote-ref\" id=\"{id}\"><a href=\"#fn-{n}\">{n}</a></sup>"
                    );
                    self.emit(Event::InlineHtml(html.into()));
                }
                Event::TaskListMarker(done) => {
                    let (checked, label) = if *done {
                        (" checked", self.labels.task_done)
                    } else {
                        ("", self.labels.task_todo)
                    };
                    let html = format!(
                        "<input type=\"checkbox\" disabled{checked} aria-label=\"{}\"> ",
                        escape_attr(label)
                    );
                    self.emit(Event::InlineHtml(html.into()));
                }
                Event::Html(html) | Event::InlineHtml(html) if !self.settings.raw_html => {
                    self.emit(Event::Text(html.clone()));
                }
                Event::Text(t) | Event::Code(t) => {
                    self.text.push_str(t);
                    if let Some((_, h)) = &mut self.heading {
                        h.push_str(t);
                    }
                    self.emit(event.clone());
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.text.push(' ');
                    self.emit(event.clone());
                }
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
                ) => {
                    self.text.push(' ');
                    self.emit(event.clone());
                }
                _ => self.emit(event.clone()),
            }
            i += 1;
        }
    }

    fn current_len(&self) -> usize {
        match &self.in_note {
            Some((_, buf)) => buf.len(),
            None => self.out.len(),
        }
    }

    /// Gives the heading just closed an id: the written `{#id}`, else a unique slug of its text.
    fn end_heading(&mut self, level: u8) {
        let Some((start, text)) = self.heading.take() else {
            return;
        };
        let target = match &mut self.in_note {
            Some((_, buf)) => buf,
            None => &mut self.out,
        };
        let Some(Event::Start(Tag::Heading { id, .. })) = target.get_mut(start) else {
            return;
        };
        let final_id = match id {
            Some(given) => given.to_string(),
            None => {
                let base = slugify(&text);
                let base = if base.is_empty() {
                    "muc".to_owned()
                } else {
                    base
                };
                let mut candidate = base.clone();
                let mut n = 1;
                while self.used_ids.contains(&candidate) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                self.used_ids.insert(candidate.clone());
                *id = Some(candidate.clone().into());
                candidate
            }
        };
        self.headings.push(Heading {
            level,
            id: final_id,
            text: text.trim().to_owned(),
        });
    }

    /// If the paragraph at `start` holds one image and nothing else, the index of its end.
    fn lone_image(&self, events: &[(Event<'e>, Range<usize>)], start: usize) -> Option<usize> {
        let mut i = start + 1;
        let blank = |e: &Event| {
            matches!(e, Event::SoftBreak) || matches!(e, Event::Text(t) if t.trim().is_empty())
        };
        while events.get(i).is_some_and(|(e, _)| blank(e)) {
            i += 1;
        }
        if !matches!(events.get(i), Some((Event::Start(Tag::Image { .. }), _))) {
            return None;
        }
        let mut j = matching_end(events, i) + 1;
        while events.get(j).is_some_and(|(e, _)| blank(e)) {
            j += 1;
        }
        matches!(events.get(j), Some((Event::End(TagEnd::Paragraph), _))).then_some(j)
    }

    fn figure(&mut self, inner: &[(Event<'e>, Range<usize>)], offset: usize) {
        let Some(pos) = inner
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })))
        else {
            return;
        };
        let (
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            _,
        ) = &inner[pos]
        else {
            return;
        };
        let end = matching_end(inner, pos);
        let alt = plain_text(&inner[pos + 1..end]);
        let picture = self.resolve_image(dest_url, offset);
        let mut html = format!("<figure class=\"figure\">{}", img_tag(&picture, &alt, ""));
        if !title.is_empty() {
            html.push_str(&format!("<figcaption>{}</figcaption>", escape_text(title)));
        }
        html.push_str("</figure>\n");
        self.emit(Event::Html(html.into()));
    }

    fn resolve_image(&mut self, src: &str, offset: usize) -> Picture {
        let as_written = || Picture {
            src: src.to_owned(),
            ..Picture::default()
        };
        match self.resolver.image(src) {
            Resolution::Url(u) => Picture {
                src: u,
                ..Picture::default()
            },
            Resolution::Picture(p) => p,
            Resolution::Unchanged => as_written(),
            Resolution::Missing(message) => {
                self.problems.push(Problem {
                    offset,
                    message,
                    kind: ProblemKind::MissingImage,
                });
                as_written()
            }
            Resolution::Broken(message) => {
                self.problems.push(Problem {
                    offset,
                    message,
                    kind: ProblemKind::BrokenImage,
                });
                as_written()
            }
        }
    }

    fn finish(mut self) -> Rendered {
        if let Some(note) = self.in_note.take() {
            self.notes.push(note);
        }
        if !self.notes.is_empty() {
            let mut notes = std::mem::take(&mut self.notes);
            notes.sort_by_key(|(name, _)| {
                self.note_numbers.get(name).copied().unwrap_or(usize::MAX)
            });
            self.out.push(Event::Html(
                format!(
                    "<section class=\"footnotes\" aria-label=\"{}\">\n<ol>\n",
                    escape_attr(self.labels.footnotes)
                )
                .into(),
            ));
            for (name, mut body) in notes {
                let n = self.note_numbers.get(&name).copied().unwrap_or(0);
                self.out
                    .push(Event::Html(format!("<li id=\"fn-{n}\">").into()));
                let back = if self.note_refs_seen.contains_key(&n) {
                    format!(
                        " <a href=\"#fnref-{n}\" class=\"footnote-back\" aria-label=\"{}\">↩\u{fe0e}</a>",
                        escape_attr(self.labels.back_to_text)
                    )
                } else {
                    String::new()
                };
                // The back link goes inside the note's last paragraph when it ends with one.
                let closing =
                    matches!(body.last(), Some(Event::End(TagEnd::Paragraph))).then(|| body.pop());
                self.out.append(&mut body);
                self.out.push(Event::InlineHtml(back.into()));
                if let Some(Some(end)) = closing {
                    self.out.push(end);
                }
                self.out.push(Event::Html("</li>\n".into()));
            }
            self.out.push(Event::Html("</ol>\n</section>\n".into()));
        }
        let mut html = String::with_capacity(self.out.len() * 16);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut ids: Vec<String> = self.used_ids.into_iter().collect();
        ids.sort();
        Rendered {
            html,
            text,
            headings: self.headings,
            problems: self.problems,
            ids,
            anchored_links: self.anchored_links,
        }
    }
}

/// Index of the `End` that closes the `Start` at `start`.
fn matching_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// An image in the body: lazy (it is below the article's header), with its
/// variants and size when it has them.
fn img_tag(picture: &Picture, alt: &str, title: &str) -> String {
    let mut html = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape_attr(&picture.src),
        escape_attr(alt)
    );
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    if let (Some(srcset), Some(sizes)) = (&picture.srcset, &picture.sizes) {
        html.push_str(&format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_attr(srcset),
            escape_attr(sizes)
        ));
    }
    if let Some((w, h)) = picture.size {
        html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

fn code_block(code: &str, lang: &str) -> String {
    let safe_lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect();
    let body = if safe_lang.is_empty() {
        None
    } else {
        highlight::highlight(code, &safe_lang)
    };
    let (pre_class, class, body) = match body {
        Some(h) => (
            highlight::BLOCK_CLASS,
            format!(" class=\"language-{safe_lang}\""),
            h,
        ),
        None if !safe_lang.is_empty() => (
            "",
            format!(" class=\"language-{safe_lang}\""),
            escape_text(code),
        ),
        None => ("", String::new(), escape_text(code)),
    };
    let pre_class = if pre_class.is_empty() {
        "code".to_owned()
    } else {
        format!("code {pre_class}")
    };
    format!("<pre class=\"{pre_class}\"><code{class}>{body}</code></pre>\n")
}

pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// The first top-level paragraph of a body as plain text, cut at `max_chars`
/// on a word boundary: the default summary of an article.
pub fn summary(body: &str, settings: Settings, max_chars: usize) -> String {
    let mut depth = 0usize;
    let mut in_para = false;
    let mut in_image = 0usize;
    let mut text = String::new();
    for e in Parser::new_ext(body, parser_options(settings)) {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => in_para = true,
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                in_para = false;
                if !text.trim().is_empty() {
                    break;
                }
                text.clear();
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript,
            ) => {}
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_para && depth == 0 && in_image == 0 => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak if in_para && depth == 0 => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_words(&text, max_chars)
}

/// Cuts text to at most `max_chars` characters at a word boundary, adding `…`.
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site;
    impl Resolver for Site {
        fn link(&self, dest: &str) -> Resolution {
            match dest {
                "../mo-hinh/lai-xa.md" => Resolution::Url("/mo-hinh/lai-xa/".into()),
                "../mo-hinh/lai-xa.md#ket-qua" => {
                    Resolution::Url("/mo-hinh/lai-xa/#ket-qua".into())
                }
                d if d.ends_with(".md") => Resolution::Missing(format!("no article at `{d}`")),
                _ => Resolution::Unchanged,
            }
        }
        fn image(&self, src: &str) -> Resolution {
            match src {
                "missing.png" => Resolution::Missing("no file".into()),
                "hong.jpg" => Resolution::Broken("not a valid JPEG".into()),
                "anh.jpg" => Resolution::Picture(Picture {
                    src: "/tin-tuc/anh.1024.ab.jpg".into(),
                    srcset: Some(
                        "/tin-tuc/anh.320.ab.jpg 320w, /tin-tuc/anh.1024.ab.jpg 1024w".into(),
                    ),
                    sizes: Some("100vw".into()),
                    size: Some((1024, 768)),
                }),
                _ => Resolution::Url(format!("/tin-tuc/{src}")),
            }
        }
    }

    const LABELS: Labels = Labels {
        task_done: "đã xong",
        task_todo: "chưa xong",
        footnotes: "Chú thích",
        back_to_text: "Trở lại bài",
        table: "Bảng số liệu",
    };

    fn html(md: &str) -> String {
        render(md, Settings::default(), &Site, &LABELS).html
    }

    #[test]
    fn headings_get_unique_ids_and_explicit_ids_win() {
        let r = render(
            "## Kết quả\n\n## Kết quả\n\n### Bài học {#bai-hoc-rieng}\n",
            Settings::default(),
            &Site,
            &LABELS,
        );
        assert!(
            r.html.contains("<h2 id=\"ket-qua\">Kết quả</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"ket-qua-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"bai-hoc-rieng\">"), "{}", r.html);
        assert_eq!(r.headings.len(), 3);
        assert_eq!(r.headings[0].text, "Kết quả");
    }

    #[test]
    fn lone_image_becomes_a_figure_with_caption() {
        let h = html("![Đường bê tông](duong.svg \"Đường nội đồng ở Lại Xá\")\n");
        assert!(
            h.contains(
                "<figure class=\"figure\"><img src=\"/tin-tuc/duong.svg\" alt=\"Đường bê tông\""
            ),
            "{h}"
        );
        assert!(
            h.contains("<figcaption>Đường nội đồng ở Lại Xá</figcaption></figure>"),
            "{h}"
        );
        assert!(
            !h.contains("<p>"),
            "a figure must not sit inside a paragraph: {h}"
        );
    }

    #[test]
    fn photos_get_their_variants_size_and_lazy_loading() {
        let h = html("![Hội nghị](anh.jpg \"Quang cảnh\")\n");
        assert_eq!(
            h,
            "<figure class=\"figure\"><img src=\"/tin-tuc/anh.1024.ab.jpg\" alt=\"Hội nghị\" srcset=\"/tin-tuc/anh.320.ab.jpg 320w, /tin-tuc/anh.1024.ab.jpg 1024w\" sizes=\"100vw\" width=\"1024\" height=\"768\" loading=\"lazy\" decoding=\"async\"><figcaption>Quang cảnh</figcaption></figure>\n"
        );
    }

    #[test]
    fn missing_and_broken_images_are_told_apart() {
        let r = render(
            "![a](missing.png)\n\nXem ![b](hong.jpg).\n",
            Settings::default(),
            &Site,
            &LABELS,
        );
        let kinds: Vec<ProblemKind> = r.problems.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [ProblemKind::MissingImage, ProblemKind::BrokenImage]);
        assert_eq!(r.problems[1].offset, 23, "at the reference");
        assert!(
            r.html.contains("<img src=\"hong.jpg\" alt=\"b\" loading"),
            "{}",
            r.html
        );
    }

    #[test]
    fn inline_image_stays_inline() {
        let h = html("Xem ![icon](i.png) ở đây\n");
        assert!(h.starts_with("<p>Xem <img src=\"/tin-tuc/i.png\""), "{h}");
        assert!(!h.contains("<figure"));
    }

    #[test]
    fn links_to_sources_resolve_and_missing_ones_are_reported() {
        let r = render(
            "Xem [Lại Xá](../mo-hinh/lai-xa.md) và [kết quả](../mo-hinh/lai-xa.md#ket-qua), [cũ](../x.md), [web](https://example.vn/).\n",
            Settings::default(),
            &Site,
            &LABELS,
        );
        assert!(r.html.contains("href=\"/mo-hinh/lai-xa/\""));
        assert!(r.html.contains("href=\"/mo-hinh/lai-xa/#ket-qua\""));
        assert!(r.html.contains("href=\"https://example.vn/\""));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].message, "no article at `../x.md`");
    }

    #[test]
    fn raw_html_passes_or_is_escaped() {
        let md = "<div class=\"x\">a</div>\n\nText <b>bold</b>\n";
        assert!(html(md).contains("<b>bold</b>"));
        let strict = Settings {
            raw_html: false,
            ..Settings::default()
        };
        let h = render(md, strict, &Site, &LABELS).html;
        assert!(h.contains("&lt;b&gt;bold&lt;/b&gt;"), "{h}");
        assert!(!h.contains("<div class"), "{h}");
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let h = html("```yaml\nroads_km: 2.8\n```\n");
        assert!(
            h.starts_with("<pre class=\"code hl-code\"><code class=\"language-yaml\">"),
            "{h}"
        );
        assert!(h.contains("hl-"), "{h}");
        assert!(!h.contains("style="));
        let plain = html("```\n<b>x</b>\n```\n");
        assert!(plain.contains("&lt;b&gt;x&lt;/b&gt;"), "{plain}");
        assert!(plain.starts_with("<pre class=\"code\">"), "{plain}");
    }

    #[test]
    fn several_tables_get_numbered_names() {
        let h = html("| a | b |\n|---|---|\n| 1 | 2 |\n\ntext\n\n| c |\n|---|\n| 3 |\n");
        assert!(h.contains("aria-label=\"Bảng số liệu 1\""), "{h}");
        assert!(h.contains("aria-label=\"Bảng số liệu 2\""), "{h}");
    }

    #[test]
    fn tables_strikethrough_and_tasks() {
        let h =
            html("| Năm | km |\n|---|--:|\n| 2016 | 2,8 |\n\n~~cũ~~\n\n- [x] xong\n- [ ] chưa\n");
        assert!(
            h.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Bảng số liệu\"><table>"),
            "{h}"
        );
        assert!(h.contains("<del>cũ</del>"));
        assert!(
            h.contains("<input type=\"checkbox\" disabled checked aria-label=\"đã xong\">"),
            "{h}"
        );
        assert!(h.contains("aria-label=\"chưa xong\""));
    }

    #[test]
    fn footnotes_are_numbered_linked_and_collected() {
        let h = html(
            "Theo hướng dẫn[^hd] và thông báo[^tb].\n\n[^tb]: Thông báo 1581-TB/TU.\n[^hd]: Hướng dẫn 80-HD/BDVTW.\n\n## Sau\n",
        );
        assert!(
            h.contains("<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"),
            "{h}"
        );
        let notes = h.find("<section class=\"footnotes\"").unwrap();
        assert!(
            h.find("<h2 id=\"sau\">").unwrap() < notes,
            "notes come last: {h}"
        );
        let first = h.find("<li id=\"fn-1\">").unwrap();
        let second = h.find("<li id=\"fn-2\">").unwrap();
        assert!(first < second);
        assert!(h[first..second].contains("80-HD/BDVTW"), "{h}");
        assert!(
            h.contains("<a href=\"#fnref-1\" class=\"footnote-back\""),
            "{h}"
        );
    }

    #[test]
    fn plain_text_for_search() {
        let r = render(
            "# Tiêu đề\n\nĐoạn *một*.\n\n- mục\n",
            Settings::default(),
            &Site,
            &LABELS,
        );
        assert_eq!(r.text, "Tiêu đề Đoạn một. mục");
    }

    #[test]
    fn summary_is_the_first_real_paragraph() {
        let md = "![ảnh](a.png)\n\n## Đề mục\n\n> trích\n\nĐoạn **đầu** tiên\nvới [liên kết](x).\n\nĐoạn hai.\n";
        assert_eq!(
            summary(md, Settings::default(), 300),
            "Đoạn đầu tiên với liên kết."
        );
        assert_eq!(summary("", Settings::default(), 300), "");
    }

    proptest::proptest! {
        /// The event rewrite (figures, footnotes, headings, tables) never panics
        /// and always closes the footnotes it opens.
        #[test]
        fn rendering_never_panics(md in "([\\[\\]()!#*_`~>|\\-:^{}\n a-z0-9]|\\[\\^[a-z]\\]|\\[\\^a\\]: |!\\[a\\]\\(b\\.png \"c\"\\)|```yaml\n|- \\[x\\] ){0,60}") {
            let r = render(&md, Settings::default(), &Site, &LABELS);
            proptest::prop_assert_eq!(r.html.matches("<section class=\"footnotes\"").count(), r.html.matches("</ol>\n</section>").count());
            let _ = summary(&md, Settings::default(), 50);
        }
    }

    #[test]
    fn truncation_on_word_boundary() {
        assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
        assert_eq!(truncate_words("ngắn", 9), "ngắn");
    }
}
