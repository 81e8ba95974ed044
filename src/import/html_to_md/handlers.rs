//! The converter's handlers: what each HTML element becomes in Markdown
//! (links, figures, tables, embedded media, paragraphs, lists, headings).

use super::*;

pub(super) fn converter(state: &Shared) -> HtmlToMarkdown {
    let options = Options {
        br_style: BrStyle::Backslash,
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        ..Options::default()
    };
    let s = Arc::clone(state);
    let img = move |_: &dyn Handlers, el: Element| -> Option<HandlerResult> {
        image(&s, el.node, &image_title(el.node), None).map(Into::into)
    };
    let s = Arc::clone(state);
    let a = move |h: &dyn Handlers, el: Element| anchor(&s, h, &el);
    let s = Arc::clone(state);
    let figure_handler = move |h: &dyn Handlers, el: Element| figure(&s, h, &el);
    let s = Arc::clone(state);
    let div = move |h: &dyn Handlers, el: Element| {
        if has_class(el.node, "wp-caption") || has_class(el.node, "image-caption") {
            figure(&s, h, &el)
        } else {
            h.fallback(el)
        }
    };
    let s = Arc::clone(state);
    let table_handler = move |h: &dyn Handlers, el: Element| table(&s, h, &el);
    let s = Arc::clone(state);
    let frame = move |_: &dyn Handlers, el: Element| embedded(&s, &el);
    let s = Arc::clone(state);
    let list_handler = move |h: &dyn Handlers, el: Element| list(&s, h, el);
    let s = Arc::clone(state);
    let paragraph_handler = move |h: &dyn Handlers, el: Element| paragraph(&s, h, el);

    HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec![
            "script", "style", "noscript", "template", "form", "input", "button", "select",
            "textarea", "object", "embed", "applet", "canvas", "svg", "map", "area", "head",
            "title", "meta", "link", "nav", "aside",
        ])
        .add_handler(vec!["img"], img)
        .add_handler(vec!["a"], a)
        .add_handler(vec!["figure"], figure_handler)
        .add_handler(vec!["div"], div)
        .add_handler(vec!["table"], table_handler)
        .add_handler(vec!["iframe", "video", "audio"], frame)
        .add_handler(vec!["ol", "ul"], list_handler)
        .add_handler(vec!["p"], paragraph_handler)
        .add_handler(vec!["br"], |_: &dyn Handlers, _: Element| {
            Some(BR.to_string().into())
        })
        .add_handler(vec!["li"], list_item)
        .add_handler(vec!["h1", "h2", "h3", "h4", "h5", "h6"], heading)
        .add_handler(vec!["sup", "sub"], script_text)
        .add_handler(vec!["del", "s", "strike"], strikethrough)
        .build()
}

fn anchor(state: &Shared, h: &dyn Handlers, el: &Element) -> Option<HandlerResult> {
    let href = attr(el.node, "href").unwrap_or_default();
    let href = href.trim();
    if let Some(fragment) = href.strip_prefix('#') {
        if let Some(label) = note_back(fragment) {
            return Some(format!("{NOTE_START}{label}{NOTE_END}").into());
        }
        if let Some(label) = note_ref(fragment) {
            return Some(format!("[^{label}]").into());
        }
        // Gutenberg's notes: `<sup class="fn"><a href="#uuid">1</a></sup>`.
        let in_note = parent(el.node).is_some_and(|p| {
            tag(&p) == Some("sup") && (has_class(&p, "fn") || attr(&p, "data-fn").is_some())
        });
        let number = text_content(el.node).trim().to_owned();
        if in_note && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("[^{number}]").into());
        }
        if fragment.ends_with("-link") {
            return None;
        }
    }
    let content = h.walk_children(el.node).content;
    let lower = href.to_ascii_lowercase();
    if href.is_empty() || href == "#" || lower.starts_with("javascript:") {
        return Some(content.into());
    }
    // A picture that is the whole link: the picture, with the link kept beside it.
    let imgs = descendants(el.node, &["img"], &[]);
    if imgs.len() == 1 && collapse(&text_content(el.node)).is_empty() {
        return image(
            state,
            &imgs[0],
            &image_title(&imgs[0]),
            Some(href.to_owned()),
        )
        .map(Into::into);
    }
    let text = collapse(&content.replace(BR, " "));
    if text.is_empty() {
        return None;
    }
    let t = token(
        state,
        Reference::Link {
            href: href.to_owned(),
        },
    );
    Some(format!("[{text}]({t})").into())
}

/// A figure: its one picture with the caption (`<figcaption>`, WordPress's
/// `wp-caption-text`); a figure around something else (a table) keeps it,
/// with the caption as a paragraph.
fn figure(state: &Shared, h: &dyn Handlers, el: &Element) -> Option<HandlerResult> {
    let imgs = descendants(el.node, &["img"], &["figure", "table"]);
    let captions = descendants(el.node, &["figcaption", "p", "div", "span"], &["figure"]);
    let caption = captions
        .iter()
        .find(|c| {
            tag(c) == Some("figcaption")
                || has_class(c, "wp-caption-text")
                || has_class(c, "caption")
        })
        .map(|c| collapse(&text_content(c)))
        .unwrap_or_default();
    if imgs.len() == 1 {
        let img = &imgs[0];
        let t = image(state, img, &caption, link_around(img))?;
        return block(&t);
    }
    let body = h.walk_children(el.node).content;
    block(&body)
}

/// A table: a layout table is unwrapped, a photo with its caption becomes a
/// figure, and a table of data a GFM table (its first row the header).
fn table(state: &Shared, h: &dyn Handlers, el: &Element) -> Option<HandlerResult> {
    let rows = rows_of(el.node);
    let cells: Vec<Vec<Rc<Node>>> = rows
        .iter()
        .map(|r| {
            children(r)
                .into_iter()
                .filter(|c| matches!(tag(c), Some("td" | "th")))
                .collect()
        })
        .collect();
    let count: usize = cells.iter().map(Vec::len).sum();
    if count == 0 {
        return block(&h.walk_children(el.node).content);
    }
    if count == 1 {
        return block(&h.walk_children(&cells[0][0]).content);
    }
    let imgs: Vec<Rc<Node>> = descendants(el.node, &["img"], &[])
        .into_iter()
        .filter(|i| image_src(i).is_some_and(|s| !is_tracker(i, &s)))
        .collect();
    let nested = !descendants(el.node, &["table"], &[]).is_empty();
    if imgs.len() == 1 && !nested && rows.len() <= 4 {
        let texts: Vec<String> = cells
            .iter()
            .flatten()
            .filter(|c| descendants(c, &["img"], &[]).is_empty())
            .map(|c| collapse(&text_content(c)))
            .filter(|t| !t.is_empty())
            .collect();
        let length: usize = texts.iter().map(|t| t.chars().count()).sum();
        if texts.len() <= 2 && length <= 400 {
            let img = &imgs[0];
            let t = image(state, img, &texts.join(" "), link_around(img))?;
            return block(&t);
        }
    }
    let layout = nested
        || !imgs.is_empty()
        || cells.iter().flatten().any(|c| {
            !descendants(
                c,
                &["ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"],
                &[],
            )
            .is_empty()
                || descendants(c, &["p", "div"], &[]).len() > 1
        });
    if layout {
        let parts: Vec<String> = cells
            .iter()
            .flatten()
            .map(|c| h.walk_children(c).content.trim_matches('\n').to_owned())
            .filter(|c| !c.trim().is_empty())
            .collect();
        return block(&parts.join("\n\n"));
    }
    let mut grid: Vec<Vec<String>> = Vec::new();
    for row in &cells {
        let mut line = Vec::new();
        for c in row {
            let text = h.walk_children(c).content;
            let text = collapse(&text.replace([BR, '\n'], " "));
            line.push(escape_pipes(&text));
            let span = attr(c, "colspan")
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 20);
            line.extend(std::iter::repeat_n(String::new(), span - 1));
        }
        if line.iter().any(|c| !c.is_empty()) {
            grid.push(line);
        }
    }
    if grid.is_empty() {
        return None;
    }
    let columns = grid.iter().map(Vec::len).max().unwrap_or(1);
    let mut out = String::from("\n\n");
    if let Some(caption) = children(el.node)
        .into_iter()
        .find(|c| tag(c) == Some("caption"))
        .map(|c| collapse(&text_content(&c)))
        .filter(|c| !c.is_empty())
    {
        out.push_str(&format!("{}\n\n", escape_line_start(&caption)));
    }
    for (i, row) in grid.iter().enumerate() {
        out.push('|');
        for n in 0..columns {
            let cell = row.get(n).map_or("", String::as_str);
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(columns));
            out.push('\n');
        }
    }
    out.push('\n');
    Some(out.into())
}

/// The rows of a table, not those of tables inside it.
fn rows_of(table: &Node) -> Vec<Rc<Node>> {
    let mut rows = Vec::new();
    for c in children(table) {
        match tag(&c) {
            Some("tr") => rows.push(c),
            Some("thead" | "tbody" | "tfoot") => {
                rows.extend(children(&c).into_iter().filter(|r| tag(r) == Some("tr")));
            }
            _ => {}
        }
    }
    rows
}

fn escape_pipes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

fn escape_line_start(text: &str) -> String {
    match text.chars().next() {
        Some('#' | '>' | '-' | '+' | '*' | '=' | '|') => format!("\\{text}"),
        _ => text.to_owned(),
    }
}

/// A frame, a video or a sound: a link to it (nothing is loaded from other
/// hosts), or nothing for a tracker.
fn embedded(state: &Shared, el: &Element) -> Option<HandlerResult> {
    let src = attr(el.node, "src")
        .or_else(|| {
            descendants(el.node, &["source"], &[])
                .first()
                .and_then(|s| attr(s, "src"))
        })
        .filter(|s| !s.trim().is_empty())?;
    if is_tracker(el.node, &src) {
        return None;
    }
    let label = attr(el.node, "title")
        .map(|t| collapse(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| src.clone());
    note(
        state,
        crate::msg!("import.embedded", tag = el.tag, src = src),
    );
    let t = token(state, Reference::Link { href: src });
    block(&format!("[{}]({t})", bracket_text(&label)))
}

/// A paragraph: empty ones (`<p>&nbsp;</p>`) dropped, `<br>` runs made
/// paragraph breaks, a note's text made a footnote definition.
fn paragraph(state: &Shared, h: &dyn Handlers, el: Element) -> Option<HandlerResult> {
    let node: &Node = el.node;
    let id = std::ptr::from_ref(node) as usize;
    if state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .captions_used
        .contains(&id)
    {
        return None;
    }
    if let Some((img, caption_node)) = picture_then_caption(el.node) {
        let caption = collapse(&text_content(&caption_node));
        state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .captions_used
            .insert(std::ptr::from_ref::<Node>(&caption_node) as usize);
        let t = image(state, &img, &caption, link_around(&img))?;
        return block(&t);
    }
    let content = h.walk_children(el.node).content;
    if let Some(definition) = as_note_definition(&content) {
        return block(&definition);
    }
    block(&breaks(&content, true))
}

fn list_item(h: &dyn Handlers, el: Element) -> Option<HandlerResult> {
    let result = h.fallback(el)?;
    // htmd puts the item's marker first (`- `, or the number later for `<ol>`).
    let content = result.content;
    let indent = content
        .trim_start_matches('\n')
        .find(|c: char| c != '-' && c != ' ')
        .unwrap_or(0);
    Some(breaks_indented(&content, indent).into())
}

/// A list, or the list of notes at the end of an article (Gutenberg's
/// `wp-block-footnotes`, `<ol class="footnotes">`).
fn list(_state: &Shared, h: &dyn Handlers, el: Element) -> Option<HandlerResult> {
    let items: Vec<Rc<Node>> = children(el.node)
        .into_iter()
        .filter(|c| tag(c) == Some("li"))
        .collect();
    let notes = has_class(el.node, "wp-block-footnotes") || has_class(el.node, "footnotes");
    if !notes || items.is_empty() {
        return h.fallback(el);
    }
    let mut out = Vec::new();
    for (i, li) in items.iter().enumerate() {
        let content = h.walk_children(li).content;
        let text = collapse(&strip_notes(&content).replace(BR, " "));
        let text = text.trim_end_matches(['↩', '\u{fe0e}', ' ']).to_owned();
        out.push(format!("[^{}]: {text}", i + 1));
    }
    block(&out.join("\n"))
}

fn heading(h: &dyn Handlers, el: Element) -> Option<HandlerResult> {
    let level = el.tag[1..].parse::<usize>().unwrap_or(2);
    let content = h.walk_children(el.node).content;
    let mut text = collapse(&content.replace([BR, '\n'], " "));
    // Portals bolded their headings as well: `## **Kết quả**` says no more than `## Kết quả`.
    while text.len() > 4 && text.starts_with("**") && text.ends_with("**") {
        text = text[2..text.len() - 2].trim().to_owned();
    }
    if text.is_empty() {
        return None;
    }
    block(&format!("{} {text}", "#".repeat(level)))
}

/// `m<sup>2</sup>` -> `m²`, `CO<sub>2</sub>` -> `CO₂`; other text stays as it is.
fn script_text(h: &dyn Handlers, el: Element) -> Option<HandlerResult> {
    let content = h.walk_children(el.node).content;
    let trimmed = content.trim();
    if trimmed.starts_with("[^") {
        return Some(trimmed.to_owned().into());
    }
    let sup = el.tag == "sup";
    let map = |c: char| -> Option<char> {
        let (digits, plus, minus) = if sup {
            ("⁰¹²³⁴⁵⁶⁷⁸⁹", '⁺', '⁻')
        } else {
            ("₀₁₂₃₄₅₆₇₈₉", '₊', '₋')
        };
        match c {
            '0'..='9' => digits.chars().nth(c as usize - '0' as usize),
            '+' => Some(plus),
            '-' => Some(minus),
            _ => None,
        }
    };
    let converted: Option<String> = trimmed.chars().map(map).collect();
    match converted {
        Some(s) if !s.is_empty() => Some(s.into()),
        _ => Some(content.into()),
    }
}

fn strikethrough(h: &dyn Handlers, el: Element) -> Option<HandlerResult> {
    let content = h.walk_children(el.node).content;
    let text = content.trim();
    if text.is_empty() {
        return Some(content.into());
    }
    let lead = if content.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let tail = if content.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    Some(format!("{lead}~~{text}~~{tail}").into())
}
