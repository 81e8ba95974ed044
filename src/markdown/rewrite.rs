//! The event rewrite: one pass over pulldown-cmark's events that gives
//! headings their ids, turns image paragraphs into figures, resolves links,
//! highlights code, applies the raw-HTML policy and writes footnotes, task
//! lists and citations.

use super::*;

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

pub(super) struct Rewriter<'r, 'e> {
    pub(super) settings: Settings,
    pub(super) resolver: &'r dyn Resolver,
    pub(super) labels: &'r Labels<'r>,
    pub(super) out: Vec<Event<'e>>,
    /// Footnote definitions, captured out of the flow and written at the end.
    pub(super) notes: Vec<(CowStr<'e>, Vec<Event<'e>>)>,
    pub(super) in_note: Option<(CowStr<'e>, Vec<Event<'e>>)>,
    pub(super) note_numbers: HashMap<CowStr<'e>, usize>,
    pub(super) note_refs_seen: HashMap<usize, usize>,
    pub(super) used_ids: HashSet<String>,
    pub(super) heading: Option<(usize, String)>,
    pub(super) headings: Vec<Heading>,
    pub(super) text: String,
    pub(super) problems: Vec<Problem>,
    pub(super) anchored_links: Vec<(usize, String)>,
    /// Tables in the page, and how many have been opened so far.
    pub(super) tables: (usize, usize),
    /// Ids written as `{#id}` so far (a second one is an error).
    pub(super) written_ids: HashSet<String>,
    /// Whether text may hold a character reference to check.
    pub(super) check_refs: bool,
    pub(super) cite: CiteScope,
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
            cite: CiteScope::default(),
        }
    }

    pub(super) fn emit(&mut self, e: Event<'e>) {
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
                crate::msg!("markdown.control-char", char = crate::text::describe(c)),
                Some(crate::msg!("markdown.control-char.hint")),
            );
        }
    }

    /// A link's destination, or an empty one (and an error) when it could run script.
    fn safe_link(&mut self, dest: &CowStr<'e>, offset: usize) -> Option<CowStr<'e>> {
        let why = safety::script_url(dest, false)?;
        self.error(
            offset,
            "unsafe-url",
            crate::msg!("markdown.unsafe-link", url = shown_url(dest), why = why),
            Some(crate::msg!("markdown.unsafe-link.hint")),
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
                    crate::msg!("markdown.id-token", id = given),
                    crate::msg!("markdown.id-token.hint", id = slugify(given)),
                ))
            } else if self.resolver.reserved_id(given) {
                Some((
                    crate::msg!("markdown.id-reserved", id = given),
                    crate::msg!("markdown.id-reserved.hint", id = given),
                ))
            } else if is_note_id(given) {
                Some((
                    crate::msg!("markdown.id-note", id = given),
                    crate::msg!("markdown.id-note.hint", id = given),
                ))
            } else if !self.written_ids.insert(given.to_string()) {
                Some((
                    crate::msg!("markdown.id-twice", id = given),
                    crate::msg!("markdown.id-twice.hint"),
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
                    crate::msg!("markdown.class-token", class = class),
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
                    crate::msg!("markdown.attribute-raw", name = name),
                    Some(crate::msg!("markdown.attribute-raw.hint")),
                );
            } else if !safety::is_attribute_name(name) {
                self.error(
                    offset,
                    "heading-attribute",
                    crate::msg!("markdown.attribute-name", name = name),
                    Some(crate::msg!("markdown.attribute-name.hint")),
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
            // Code blocks and pictures are consumed whole below (their text
            // is never linked), so only links open and close the scope here.
            if matches!(
                event,
                Event::Start(Tag::Link { .. })
                    | Event::End(TagEnd::Link)
                    | Event::Html(_)
                    | Event::InlineHtml(_)
            ) {
                self.cite.step(event, self.settings.raw_html);
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
                    if matches!(event, Event::Text(_)) && self.cite.open() {
                        self.cite_links(t);
                    } else {
                        self.emit(event.clone());
                    }
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
                crate::msg!("markdown.unsafe-picture", src = shown_url(src), why = why),
                Some(crate::msg!("markdown.unsafe-picture.hint")),
            );
            return Picture::default();
        }
        if safety::is_remote(src) {
            self.error(
                offset,
                "remote-image",
                crate::msg!("markdown.remote-picture", src = shown_url(src)),
                Some(crate::msg!("markdown.remote-picture.hint")),
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
