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

use crate::highlight;
use crate::safety;
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
    /// Whether the page around the body already uses this id (the theme's
    /// `id="main"`), so the body must not.
    fn reserved_id(&self, _id: &str) -> bool {
        false
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
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Something wrong in the body, at a byte offset of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub kind: ProblemKind,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
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
    // Control characters in the file itself were refused when it was read;
    // only character references (`&#1;`) can still write one.
    r.check_refs = body.contains("&#");
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
    /// Ids written as `{#id}` so far (a second one is an error).
    written_ids: HashSet<String>,
    /// Whether text may hold a character reference to check.
    check_refs: bool,
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
            written_ids: HashSet::new(),
            check_refs: false,
        }
    }

    fn emit(&mut self, e: Event<'e>) {
        match &mut self.in_note {
            Some((_, buf)) => buf.push(e),
            None => self.out.push(e),
        }
    }

    fn error(&mut self, offset: usize, code: &'static str, message: String, hint: Option<String>) {
        self.problems.push(Problem {
            offset,
            message,
            kind: ProblemKind::Error(code),
            hint,
        });
    }

    /// Reports a control character that a character reference in this
    /// event's text wrote (`&#1;`), which no page or feed may hold.
    fn check_chars(&mut self, event: &Event, offset: usize) {
        let found = event_texts(event)
            .into_iter()
            .find_map(|t| t.chars().find(|c| crate::text::is_forbidden(*c)))
            .or_else(|| match event {
                Event::Html(h) | Event::InlineHtml(h) if self.settings.raw_html => {
                    html_char_refs(h).find(|c| crate::text::is_forbidden(*c))
                }
                _ => None,
            });
        if let Some(c) = found {
            self.error(
                offset,
                "control-char",
                format!(
                    "a character reference here writes the invisible control character {}, which no page or feed may contain",
                    crate::text::describe(c)
                ),
                Some("delete the `&#...;` reference".to_owned()),
            );
        }
    }

    /// A link's destination, or an empty one (and an error) when it could run script.
    fn safe_link(&mut self, dest: &CowStr<'e>, offset: usize) -> Option<CowStr<'e>> {
        let why = safety::script_url(dest, false)?;
        self.error(
            offset,
            "unsafe-url",
            format!("the link to `{}` cannot be published: {why}", shown_url(dest)),
            Some("link to a page (https://...), a file of the site or an e-mail address (mailto:...)".to_owned()),
        );
        Some(CowStr::Borrowed(""))
    }

    /// Checks a heading's `{#id .class key=value}` block, keeping only what may
    /// be published: a plain-token id the page does not already use, plain-token
    /// classes, and other attributes only where raw HTML is allowed.
    #[allow(clippy::type_complexity)]
    fn heading_attributes(
        &mut self,
        id: &Option<CowStr<'e>>,
        classes: &[CowStr<'e>],
        attrs: &[(CowStr<'e>, Option<CowStr<'e>>)],
        offset: usize,
    ) -> (
        Option<CowStr<'e>>,
        Vec<CowStr<'e>>,
        Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
    ) {
        let id = id.as_ref().and_then(|given| {
            let problem = if !safety::is_token(given) {
                Some((
                    format!("the heading id `{given}` may hold only ASCII letters, digits, `-` and `_`"),
                    format!("write `{{#{}}}`", slugify(given)),
                ))
            } else if self.resolver.reserved_id(given) {
                Some((
                    format!("the id `{given}` is already used by the page around the article (the theme's own `id=\"{given}\"`)"),
                    format!("choose another id, such as `{{#muc-{given}}}`; links to `#{given}` then need the new name"),
                ))
            } else if is_note_id(given) {
                Some((
                    format!("the id `{given}` is the kind kheo gives footnotes (fn-1, fnref-1)"),
                    format!("choose another id, such as `{{#muc-{given}}}`"),
                ))
            } else if !self.written_ids.insert(given.to_string()) {
                Some((
                    format!("another heading of this article already has the id `{given}`"),
                    "give each heading its own id".to_owned(),
                ))
            } else {
                None
            };
            match problem {
                Some((message, hint)) => {
                    self.error(offset, "id", message, Some(hint));
                    None
                }
                None => Some(given.clone()),
            }
        });
        let mut kept_classes = Vec::new();
        for class in classes {
            if safety::is_token(class) {
                kept_classes.push(class.clone());
            } else {
                self.error(
                    offset,
                    "heading-attribute",
                    format!("the class `{class}` may hold only ASCII letters, digits, `-` and `_`"),
                    None,
                );
            }
        }
        let mut kept_attrs = Vec::new();
        for (name, value) in attrs {
            if !self.settings.raw_html {
                self.error(
                    offset,
                    "heading-attribute",
                    format!("`{name}=` cannot be published: with `markdown: {{raw_html: false}}` a heading takes only an id and classes (`{{#id .class}}`)"),
                    Some("remove it; attributes such as `onclick=` could run a script".to_owned()),
                );
            } else if !safety::is_attribute_name(name) {
                self.error(
                    offset,
                    "heading-attribute",
                    format!("`{name}` is not an attribute name"),
                    Some(
                        "an attribute name is ASCII letters, digits and `-`, such as `data-muc`"
                            .to_owned(),
                    ),
                );
            } else {
                kept_attrs.push((name.clone(), value.clone()));
            }
        }
        (id, kept_classes, kept_attrs)
    }

    fn run(&mut self, events: &[(Event<'e>, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            if self.check_refs {
                self.check_chars(event, range.start);
            }
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
                    if let Some(empty) = self.safe_link(dest_url, range.start) {
                        self.emit(Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: empty,
                            title: title.clone(),
                            id: id.clone(),
                        }));
                        i += 1;
                        continue;
                    }
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
                                hint: None,
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
                    let (id, classes, attrs) =
                        self.heading_attributes(id, classes, attrs, range.start);
                    self.emit(Event::Start(Tag::Heading {
                        level: *level,
                        id,
                        classes,
                        attrs,
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
                } else if is_note_id(&base) {
                    // "Fn 1" must not take a footnote's id, nor its `-1` variants.
                    format!("muc-{base}")
                } else {
                    base
                };
                let mut candidate = base.clone();
                let mut n = 1;
                // Ids the theme uses (`main`, `top`) are taken too: "Main" gets `main-1`.
                while self.used_ids.contains(&candidate) || self.resolver.reserved_id(&candidate) {
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
        if let Some(why) = safety::script_url(src, true) {
            self.error(
                offset,
                "unsafe-url",
                format!("the picture `{}` cannot be published: {why}", shown_url(src)),
                Some("put the picture (PNG, JPEG, WebP) in content/ next to the article and write its file name".to_owned()),
            );
            return Picture::default();
        }
        if safety::is_remote(src) {
            self.error(
                offset,
                "remote-image",
                format!("the picture `{}` is on another host: pages load nothing from other hosts", shown_url(src)),
                Some("download it into content/ next to the article and write its file name: ![...](anh.jpg); a link to another host is fine: [xem ảnh](https://...)".to_owned()),
            );
            return Picture::default();
        }
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
                    hint: None,
                });
                as_written()
            }
            Resolution::Broken(message) => {
                self.problems.push(Problem {
                    offset,
                    message,
                    kind: ProblemKind::BrokenImage,
                    hint: None,
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

/// Whether an id has the shape of the ones footnotes get (`fn-2`, `fnref-2-3`).
fn is_note_id(id: &str) -> bool {
    id.strip_prefix("fnref-")
        .or_else(|| id.strip_prefix("fn-"))
        .is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        })
}

/// A URL as a message shows it: at most 80 characters, control characters visible.
fn shown_url(url: &str) -> String {
    let mut shown: String = url
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if url.chars().count() > 80 {
        shown.push('…');
    }
    shown
}

/// The texts of an event that reach the page as characters.
fn event_texts<'a>(event: &'a Event) -> Vec<&'a str> {
    match event {
        Event::Text(t) | Event::Code(t) => vec![t],
        Event::Start(Tag::Link {
            dest_url, title, ..
        })
        | Event::Start(Tag::Image {
            dest_url, title, ..
        }) => vec![dest_url, title],
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => vec![info],
        Event::Start(Tag::Heading { attrs, .. }) => {
            attrs.iter().filter_map(|(_, v)| v.as_deref()).collect()
        }
        _ => Vec::new(),
    }
}

/// The characters numeric references in raw HTML stand for (`&#1;`, `&#x7F;`).
fn html_char_refs(html: &str) -> impl Iterator<Item = char> + '_ {
    html.match_indices("&#").filter_map(move |(i, _)| {
        let rest = &html[i + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        u32::from_str_radix(&digits[..end], radix)
            .ok()
            .and_then(char::from_u32)
    })
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
                // Like the site's resolver: a URL with a scheme stays as written.
                s if s.contains(':') => Resolution::Unchanged,
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

    const STRICT: Settings = Settings {
        raw_html: false,
        smart_punctuation: false,
    };

    fn errors(r: &Rendered) -> Vec<&'static str> {
        r.problems
            .iter()
            .filter_map(|p| match p.kind {
                ProblemKind::Error(code) => Some(code),
                _ => None,
            })
            .collect()
    }

    /// A site whose theme uses the ids `main` and `top`.
    struct Themed;
    impl Resolver for Themed {
        fn link(&self, dest: &str) -> Resolution {
            Site.link(dest)
        }
        fn image(&self, src: &str) -> Resolution {
            Site.image(src)
        }
        fn reserved_id(&self, id: &str) -> bool {
            matches!(id, "main" | "top")
        }
    }

    #[test]
    fn links_that_run_script_are_errors_however_written() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;avascript&#x3A;alert(1))",
            "[x](java&#9;script:alert(1))",
            "[x](java&#10;script:alert(1))",
            "[x]( javascript:alert(1) \"t\")",
            "[x](&#1;javascript:alert(1))",
            "<javascript:alert(1)>",
            "<JAVASCRIPT:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "[r]\n\n[r]: <vbscript:msgbox(1)>",
            "[x](vbscript:msgbox)",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](data:image/png;base64,iVBOR)",
            "Xem[^1].\n\n[^1]: [y](javascript:alert(1))",
            "| a |\n|---|\n| [x](javascript:alert(1)) |",
            "## [x](javascript:alert(1))",
        ] {
            for settings in [STRICT, Settings::default()] {
                let r = render(md, settings, &Site, &LABELS);
                assert!(errors(&r).contains(&"unsafe-url"), "{md}: {:?}", r.problems);
                // The address is gone; its text may stay, as text.
                let lower = r.html.to_ascii_lowercase();
                assert!(lower.contains("href=\"\""), "{md}: {}", r.html);
                for bad in [
                    "=\"javascript",
                    "=\"java",
                    "=\"vbscript",
                    "=\"data:",
                    "=\"%01",
                ] {
                    assert!(!lower.contains(bad), "{md}: {}", r.html);
                }
            }
        }
        let ok = render(
            "[a](https://x.vn/) [b](mailto:a@b.vn) [c](tel:+84) [d](#ket-qua) [e](../mo-hinh/lai-xa.md) <https://x.vn>",
            STRICT,
            &Site,
            &LABELS,
        );
        assert!(errors(&ok).is_empty(), "{:?}", ok.problems);
    }

    #[test]
    fn pictures_must_be_local_and_harmless() {
        for (md, code) in [
            ("![a](javascript:alert(1))", "unsafe-url"),
            ("![a](data:image/svg+xml;base64,PHN2Zz4=)", "unsafe-url"),
            ("![a](data:text/html,x)", "unsafe-url"),
            ("![a](https://other.host/x.jpg)", "remote-image"),
            (
                "![a](http://other.host/x.jpg \"Chú thích\")",
                "remote-image",
            ),
            ("Xem ![a](//other.host/x.jpg) nhé", "remote-image"),
            (r"![a](\\\\other.host\x.jpg)", "remote-image"),
            ("![a][r]\n\n[r]: https://other.host/x.jpg", "remote-image"),
        ] {
            for settings in [STRICT, Settings::default()] {
                let r = render(md, settings, &Site, &LABELS);
                assert_eq!(errors(&r), [code], "{md}");
                assert!(
                    !r.html.contains("other.host")
                        && !r.html.contains("script")
                        && !r.html.contains("data:"),
                    "{md}: {}",
                    r.html
                );
            }
        }
        let r = render(
            "![a](data:image/png;base64,iVBORw0KGgo=) ![b](anh.jpg) [ảnh gốc](https://other.host/x.jpg)",
            STRICT,
            &Site,
            &LABELS,
        );
        assert!(errors(&r).is_empty(), "{:?}", r.problems);
        assert!(
            r.html
                .contains("src=\"data:image/png;base64,iVBORw0KGgo=\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn heading_attributes_are_an_id_and_classes() {
        let md = "## Kết quả {#ket-qua .noi-bat onclick=alert(1) style=color:red}\n";
        let r = render(md, STRICT, &Site, &LABELS);
        assert_eq!(errors(&r), ["heading-attribute", "heading-attribute"]);
        assert_eq!(
            r.html,
            "<h2 id=\"ket-qua\" class=\"noi-bat\">Kết quả</h2>\n"
        );
        // Where raw HTML is allowed, other attributes pass, if they are attributes.
        let r = render(
            "## A {data-muc=1}\n\n## B {a\"b=1}\n",
            Settings::default(),
            &Site,
            &LABELS,
        );
        assert_eq!(errors(&r), ["heading-attribute"]);
        assert!(
            r.html.contains("<h2 id=\"a\" data-muc=\"1\">"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("a&quot;b"), "{}", r.html);
        for bad in ["{#a\"b}", "{#kết-quả}", "{.x\"y}", "{.a&b}"] {
            let r = render(
                &format!("## T {bad}\n"),
                Settings::default(),
                &Site,
                &LABELS,
            );
            assert_eq!(errors(&r).len(), 1, "{bad}: {:?}", r.problems);
            assert!(
                !r.html.contains("&quot;") && !r.html.contains("&lt;") && !r.html.contains("&gt;"),
                "{bad}: {}",
                r.html
            );
            assert!(r.html.starts_with("<h2 id=\"t\""), "{bad}: {}", r.html);
        }
    }

    #[test]
    fn ids_never_collide_with_the_theme_or_each_other() {
        let r = render(
            "## Main\n\n## Top\n\n## X {#main}\n\n## Y {#y}\n\n## Z {#y}\n\n## W {#fn-1}\n\n## Fn 1\n\nA[^a].\n\n[^a]: N.\n",
            Settings::default(),
            &Themed,
            &LABELS,
        );
        assert_eq!(errors(&r), ["id", "id", "id"], "{:?}", r.problems);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main-1", "top-1", "x", "y", "z", "w", "muc-fn-1"]);
        assert!(
            r.problems[0].message.contains("`main`"),
            "{}",
            r.problems[0].message
        );
        assert!(r.problems[1].message.contains("already has the id `y`"));
        assert!(r.problems[2].message.contains("footnotes"));
        // Every id appears once in the page.
        let mut seen = HashSet::new();
        for part in r.html.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap();
            assert!(seen.insert(id.to_owned()), "{id} twice: {}", r.html);
        }
    }

    #[test]
    fn character_references_cannot_write_control_characters() {
        for md in [
            "Tiêu &#1; đề",
            "a &#x7F; b",
            "a &#128; b",
            "`&#0;` is code, but &#11; is not",
            "[x](y.md \"&#27;\")",
            "```&#2;\nx\n```",
            "a &#xFFFE; b",
        ] {
            let r = render(md, STRICT, &Site, &LABELS);
            assert!(
                errors(&r).contains(&"control-char"),
                "{md}: {:?} {:?}",
                r.problems,
                r.html
            );
        }
        // In inline HTML the reference is text, read by Markdown either way.
        assert_eq!(
            errors(&render("a <b>&#2;</b>", STRICT, &Site, &LABELS)),
            ["control-char"]
        );
        let raw = render("<div>&#2;</div>\n", Settings::default(), &Site, &LABELS);
        assert_eq!(errors(&raw), ["control-char"]);
        // An escaped HTML block shows the reference as text, which is harmless.
        assert!(errors(&render("<div>&#2;</div>\n", STRICT, &Site, &LABELS)).is_empty());
        let fine = render("&#233; &#x1EA1; &amp; &#9; &#10;", STRICT, &Site, &LABELS);
        assert!(errors(&fine).is_empty(), "{:?}", fine.problems);
    }

    #[test]
    fn truncation_on_word_boundary() {
        assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
        assert_eq!(truncate_words("ngắn", 9), "ngắn");
    }
}
