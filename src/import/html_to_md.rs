//! HTML to Markdown for imported articles: CommonMark with GFM tables and
//! footnotes, written by htmd (html5ever underneath) with kheo's own handlers
//! for what old portals hold — images with captions (`<figure>`, WordPress
//! `wp-caption`, the one-image tables portals used for a photo and its
//! caption), tables with or without `<th>` (layout tables unwrapped), Word
//! footnotes, `<br>` runs, empty `<p>&nbsp;</p>`, scripts, trackers and
//! embedded frames — and a clean-up pass (non-breaking spaces, blank lines,
//! NFC).
//!
//! Images and links are not resolved here: each becomes a token standing for
//! a [`Reference`], which the importer resolves (copying files, rewriting links
//! to other imported articles) and [`finish`] puts back.

use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, Options};
use htmd::{Element, HtmlToMarkdown};
use markup5ever_rcdom::{Node, NodeData};

/// An image or link of the article, found where its token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reference {
    /// `![alt](src "caption")`, inside a link to `link` when it had one.
    Image {
        src: String,
        alt: String,
        caption: String,
        link: Option<String>,
    },
    /// The destination of `[text](href)`.
    Link { href: String },
}

/// The Markdown of an article, with tokens for its references.
#[derive(Debug, Clone, Default)]
pub(crate) struct Converted {
    pub(crate) markdown: String,
    pub(crate) refs: Vec<Reference>,
    /// Embedded content that could not be kept as it was (frames, videos).
    pub(crate) notes: Vec<String>,
}

const TOKEN_START: char = '\u{E000}';
const TOKEN_END: char = '\u{E001}';
/// A `<br>`: runs of them become paragraph breaks, a single one a hard break.
const BR: char = '\u{E002}';
/// The back link of a footnote's text: `\u{E003}label\u{E004}`.
const NOTE_START: char = '\u{E003}';
const NOTE_END: char = '\u{E004}';

#[derive(Default)]
struct State {
    refs: Vec<Reference>,
    notes: Vec<String>,
    /// Paragraphs already written as the caption of the picture before them
    /// (by address: the tree lives while the article is converted).
    captions_used: std::collections::HashSet<usize>,
}

type Shared = Arc<Mutex<State>>;

fn token(state: &Shared, r: Reference) -> String {
    let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
    s.refs.push(r);
    format!("{TOKEN_START}{}{TOKEN_END}", s.refs.len() - 1)
}

fn note(state: &Shared, text: String) {
    state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .notes
        .push(text);
}

/// How deep elements may nest in an article's HTML. Pages from Word nest
/// spans a few dozen deep; a body nested thousands deep is built to break
/// readers (the HTML parser slows down with the square of the depth, and the
/// converter walks the tree recursively).
pub(crate) const MAX_NESTING: usize = 1000;

/// Stack for one conversion: enough for [`MAX_NESTING`] levels with room
/// to spare (reserved, not used, by the threads that convert).
const STACK: usize = 256 * 1024 * 1024;

/// Why some HTML is refused before it is parsed, if it is.
pub(crate) fn refused(html: &str) -> Option<String> {
    let depth = nesting(html);
    (depth > MAX_NESTING)
        .then(|| crate::msg!("import.too-nested", depth = depth, max = MAX_NESTING))
}

/// Runs `f` for HTML nested `depth` deep: on this thread when shallow (any
/// thread's stack holds that), else on a thread with a stack for deep documents.
fn with_stack<T: Send>(depth: usize, f: impl FnOnce() -> T + Send) -> Option<T> {
    if depth <= 64 {
        return Some(f());
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, f)
            .ok()?
            .join()
            .ok()
    })
}

/// Converts an article's HTML body (empty when [`refused`]).
pub(crate) fn convert(html: &str) -> Converted {
    let depth = nesting(html);
    if depth > MAX_NESTING {
        return Converted::default();
    }
    with_stack(depth, || {
        let state: Shared = Arc::default();
        let converter = converter(&state);
        let markdown = converter.convert(html).unwrap_or_default();
        let s = std::mem::take(&mut *state.lock().unwrap_or_else(PoisonError::into_inner));
        Converted {
            markdown,
            refs: s.refs,
            notes: s.notes,
        }
    })
    .unwrap_or_default()
}

/// Elements that never hold others, or whose end tag a browser supplies when
/// the next one starts: they do not deepen the tree.
const FLAT: [&str; 27] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
    "thead", "tfoot", "rt",
];

/// An upper estimate of how deep the elements of some HTML nest, read in one
/// pass without building the tree: start tags deepen, end tags come back up.
pub(crate) fn nesting(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut i, mut depth, mut max) = (0, 0usize, 0usize);
    let find = |from: usize, what: &[u8]| -> usize {
        b[from.min(b.len())..]
            .windows(what.len())
            .position(|w| w.eq_ignore_ascii_case(what))
            .map_or(b.len(), |p| from + p + what.len())
    };
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if b[i + 1..].starts_with(b"!--") {
            i = find(i + 4, b"-->");
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let name_end = name_start
            + b[name_start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
                .count();
        if name_end == name_start || !b[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name = html[name_start..name_end].to_ascii_lowercase();
        // The end of the tag, skipping quoted attribute values.
        let mut j = name_end;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let self_closing = j > 0 && b.get(j - 1) == Some(&b'/');
        i = j + 1;
        if closing {
            if !FLAT.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
        } else if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp" | "plaintext"
        ) {
            i = find(i, format!("</{name}").as_bytes());
        } else if !self_closing && !FLAT.contains(&name.as_str()) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Puts the resolved references back (`resolve` gets each token's index) and
/// cleans the text up.
pub(crate) fn finish(markdown: &str, mut resolve: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(i) = rest.find(TOKEN_START) {
        out.push_str(&rest[..i]);
        let after = &rest[i + TOKEN_START.len_utf8()..];
        match after.find(TOKEN_END) {
            Some(j) => {
                if let Ok(n) = after[..j].parse::<usize>() {
                    out.push_str(&resolve(n));
                }
                rest = &after[j + TOKEN_END.len_utf8()..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    clean(&out)
}

/// Text as Markdown shows it literally inside `[...]` (an image's alt text).
pub(crate) fn bracket_text(text: &str) -> String {
    let mut out = String::new();
    for c in collapse(text).chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inside a link title `"..."` (an image's caption).
pub(crate) fn title_text(text: &str) -> String {
    collapse(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// A link destination: `<...>` around one with spaces or parentheses.
pub(crate) fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_owned()
    }
}

/// Whitespace runs (non-breaking spaces included) as one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of some HTML: tags dropped, entities decoded, blocks and line
/// breaks as spaces, whitespace collapsed (titles, captions, summaries).
/// Empty when the HTML is [`refused`].
pub(crate) fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return collapse(html);
    }
    let depth = nesting(html);
    if depth > MAX_NESTING {
        return String::new();
    }
    with_stack(depth, || match HtmlToMarkdown::new().html_to_tree(html) {
        Ok(tree) => {
            let mut out = String::new();
            spaced_text(&tree, &mut out);
            collapse(&out)
        }
        Err(_) => collapse(html),
    })
    .unwrap_or_default()
}

fn spaced_text(node: &Node, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => out.push_str(&contents.borrow()),
        NodeData::Element { name, .. }
            if matches!(&*name.local, "script" | "style" | "noscript" | "template") => {}
        _ => {
            for c in node.children.borrow().iter() {
                spaced_text(c, out);
            }
            if tag(node).is_some_and(|t| {
                !matches!(
                    t,
                    "a" | "b"
                        | "strong"
                        | "i"
                        | "em"
                        | "span"
                        | "font"
                        | "u"
                        | "sup"
                        | "sub"
                        | "small"
                        | "abbr"
                        | "code"
                )
            }) {
                out.push(' ');
            }
        }
    }
}

// ---------------------------------------------------------------- the DOM

fn tag(node: &Node) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

fn attr(node: &Node, name: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

fn has_class(node: &Node, class: &str) -> bool {
    attr(node, "class").is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

fn children(node: &Node) -> Vec<Rc<Node>> {
    node.children.borrow().clone()
}

fn parent(node: &Node) -> Option<Rc<Node>> {
    let weak = node.parent.take();
    let p = weak.as_ref().and_then(std::rc::Weak::upgrade);
    node.parent.set(weak);
    p
}

fn text_content(node: &Node) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out
}

fn collect_text(node: &Node, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => out.push_str(&contents.borrow()),
        NodeData::Element { name, .. }
            if matches!(&*name.local, "script" | "style" | "noscript" | "template") => {}
        _ => {
            for c in node.children.borrow().iter() {
                collect_text(c, out);
            }
        }
    }
}

/// Descendants with one of `tags`, in document order, not looking inside `stop_at`.
fn descendants(node: &Node, tags: &[&str], stop_at: &[&str]) -> Vec<Rc<Node>> {
    let mut out = Vec::new();
    for c in node.children.borrow().iter() {
        if let Some(t) = tag(c) {
            if tags.contains(&t) {
                out.push(Rc::clone(c));
            }
            if stop_at.contains(&t) {
                continue;
            }
        }
        out.extend(descendants(c, tags, stop_at));
    }
    out
}

/// The source of an image, lazy-loading attributes included.
fn image_src(img: &Node) -> Option<String> {
    let src = attr(img, "src").filter(|s| !s.trim().is_empty());
    let lazy = [
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-orig-file",
    ]
    .iter()
    .find_map(|a| attr(img, a).filter(|s| !s.trim().is_empty()));
    match (src, lazy) {
        (Some(s), Some(l))
            if s.starts_with("data:") || s.contains("placeholder") || s.contains("blank.gif") =>
        {
            Some(l)
        }
        (Some(s), _) => Some(s),
        (None, l) => l,
    }
}

const TRACKERS: [&str; 10] = [
    "google-analytics.com",
    "googletagmanager.com",
    "doubleclick.net",
    "facebook.com/tr",
    "statcounter.com",
    "histats.com",
    "hit.gemius",
    "counter.yadro",
    "quantserve.com",
    "scorecardresearch.com",
];

/// A counter pixel or a hidden frame: nothing a reader sees.
fn is_tracker(node: &Node, src: &str) -> bool {
    let tiny = |a: &str| {
        attr(node, a).is_some_and(|v| {
            let v = v.trim().trim_end_matches("px");
            v == "0" || v == "1"
        })
    };
    let hidden = attr(node, "style").is_some_and(|s| {
        let s = s.replace(' ', "").to_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    });
    let lower = src.to_lowercase();
    hidden || (tiny("width") && tiny("height")) || TRACKERS.iter().any(|t| lower.contains(t))
}

/// An image of the text: its reference, or its alt text for an emoji or smiley.
fn image(state: &Shared, img: &Node, caption: &str, link: Option<String>) -> Option<String> {
    let src = image_src(img)?;
    if is_tracker(img, &src) {
        return None;
    }
    let alt = attr(img, "alt").unwrap_or_default();
    if has_class(img, "wp-smiley") || has_class(img, "emoji") {
        return Some(alt);
    }
    Some(token(
        state,
        Reference::Image {
            src,
            alt: collapse(&alt),
            caption: collapse(caption),
            link,
        },
    ))
}

/// An image's `title`, unless it only repeats the file's name (WordPress
/// fills it in from the name: `Hoi nghi` for `Hoi-nghi-DV-300x225.jpg`).
fn image_title(img: &Node) -> String {
    let title = collapse(&attr(img, "title").unwrap_or_default());
    let name = image_src(img)
        .map(|s| {
            let file = s.rsplit('/').next().unwrap_or_default().to_owned();
            let stem = file.rsplit_once('.').map_or(file.as_str(), |(st, _)| st);
            crate::slug::slugify(&crate::model::url::decode_percent(stem))
        })
        .unwrap_or_default();
    let t = crate::slug::slugify(&title);
    if t.is_empty() || (!name.is_empty() && name.starts_with(&t)) {
        String::new()
    } else {
        title
    }
}

/// The portals' way of captioning a photo: a paragraph holding only the
/// picture (perhaps in a link), then a short paragraph all in italics.
/// Returns the picture and the caption's paragraph.
fn picture_then_caption(p: &Node) -> Option<(Rc<Node>, Rc<Node>)> {
    let imgs = descendants(p, &["img"], &[]);
    if imgs.len() != 1 || !collapse(&text_content(p)).is_empty() {
        return None;
    }
    let img = Rc::clone(&imgs[0]);
    let src = image_src(&img)?;
    if is_tracker(&img, &src) || has_class(&img, "wp-smiley") || has_class(&img, "emoji") {
        return None;
    }
    let parent = parent(p)?;
    let siblings = children(&parent);
    let at = siblings.iter().position(|c| std::ptr::eq(&**c, p))?;
    let next = siblings[at + 1..].iter().find(|c| match &c.data {
        NodeData::Text { contents } => !collapse(&contents.borrow()).is_empty(),
        NodeData::Comment { .. } => false,
        _ => true,
    })?;
    if tag(next) != Some("p") {
        return None;
    }
    let text = collapse(&text_content(next));
    if text.is_empty() || text.chars().count() > 300 || !descendants(next, &["img"], &[]).is_empty()
    {
        return None;
    }
    let italic: String = descendants(next, &["em", "i"], &["em", "i"])
        .iter()
        .map(|n| text_content(n))
        .collect::<Vec<_>>()
        .join(" ");
    (collapse(&italic) == text).then(|| (img, Rc::clone(next)))
}

/// The link around an image, when its parent is one.
fn link_around(img: &Node) -> Option<String> {
    let p = parent(img)?;
    (tag(&p) == Some("a"))
        .then(|| attr(&p, "href"))
        .flatten()
        .filter(|h| !h.trim().is_empty() && !h.trim().starts_with('#'))
}

fn block(content: &str) -> Option<HandlerResult> {
    let content = content.trim_matches('\n');
    if content.trim().is_empty() {
        return None;
    }
    Some(format!("\n\n{content}\n\n").into())
}

// -------------------------------------------------------------- footnotes

/// `#_ftn1` -> `1`, `#_edn2` -> `e2`, `#fn3`, `#footnote-4`: a note's reference.
fn note_ref(fragment: &str) -> Option<String> {
    numbered(fragment, &["_ftn", "fn", "footnote", "note", "cite_note"])
        .or_else(|| numbered(fragment, &["_edn"]).map(|n| format!("e{n}")))
}

/// `#_ftnref1`, `#fnref1`, `#_ednref2`: the link from a note back to its reference.
fn note_back(fragment: &str) -> Option<String> {
    numbered(
        fragment,
        &[
            "_ftnref",
            "fnref",
            "footnote-ref",
            "footnoteref",
            "cite_ref",
            "ref",
        ],
    )
    .or_else(|| numbered(fragment, &["_ednref"]).map(|n| format!("e{n}")))
}

fn numbered(fragment: &str, prefixes: &[&str]) -> Option<String> {
    let f = fragment.to_ascii_lowercase();
    prefixes.iter().find_map(|p| {
        let rest = f.strip_prefix(p)?.trim_start_matches(['-', '_', ':']);
        (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
            .then(|| rest.trim_start_matches('0').to_owned())
            .filter(|n| !n.is_empty())
    })
}

/// Turns a paragraph holding a note's back link into the note: `[^1]: text`.
fn as_note_definition(content: &str) -> Option<String> {
    let start = content.find(NOTE_START)?;
    let end = content[start..].find(NOTE_END)? + start;
    let label = content[start + NOTE_START.len_utf8()..end].to_owned();
    let text = format!(
        "{}{}",
        &content[..start],
        &content[end + NOTE_END.len_utf8()..]
    );
    let text = strip_notes(&text);
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == BR);
    // Word writes `[1] Text`: the number is the back link's own text, already dropped.
    Some(format!("[^{label}]: {}", text.replace(BR, " ")))
}

fn strip_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(NOTE_START) {
        out.push_str(&rest[..i]);
        match rest[i..].find(NOTE_END) {
            Some(j) => rest = &rest[i + j + NOTE_END.len_utf8()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------- handlers

fn converter(state: &Shared) -> HtmlToMarkdown {
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

// ---------------------------------------------------------------- clean-up

/// `<br>` markers in a block: a run of two or more is a paragraph break, one
/// is a hard line break, and those at the start or end are dropped.
fn breaks(content: &str, paragraphs: bool) -> String {
    let text = content.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == BR);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != BR {
            out.push(c);
            continue;
        }
        let mut count = 1;
        while let Some(&n) = chars.peek() {
            if n == BR {
                count += 1;
            } else if !(n.is_whitespace() || n == '\u{a0}') {
                break;
            }
            chars.next();
        }
        while out.ends_with([' ', '\u{a0}']) {
            out.pop();
        }
        out.push_str(if count > 1 && paragraphs {
            "\n\n"
        } else {
            "\\\n"
        });
    }
    out
}

/// [`breaks`] inside a list item, whose next lines are indented under it.
fn breaks_indented(content: &str, indent: usize) -> String {
    if !content.contains(BR) {
        return content.to_owned();
    }
    let lead = &content[..content.len() - content.trim_start_matches('\n').len()];
    let tail = &content[content.trim_end_matches('\n').len()..];
    let body = breaks(content, false);
    let pad = " ".repeat(indent);
    format!(
        "{lead}{}{tail}",
        body.replace("\\\n", &format!("\\\n{pad}"))
    )
}

/// The last pass: markers left outside blocks, non-breaking and zero-width
/// spaces, spaces at line ends and in runs, blank lines, NFC.
fn clean(markdown: &str) -> String {
    let text = breaks(&strip_notes(markdown), true);
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut blank = 0;
    for line in text.lines() {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if in_code || fence {
            if fence {
                in_code = !in_code;
            }
            out.push_str(line);
            out.push('\n');
            blank = 0;
            continue;
        }
        let line: String = line
            .chars()
            .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}'))
            .map(|c| if c == '\u{a0}' { ' ' } else { c })
            .collect();
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() {
            blank += 1;
            if blank == 1 && !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        blank = 0;
        out.push_str(&line[..indent]);
        let mut last_space = false;
        for c in body.chars() {
            if c == ' ' {
                if !last_space {
                    out.push(c);
                }
                last_space = true;
            } else {
                out.push(c);
                last_space = false;
            }
        }
        out.push('\n');
    }
    let trimmed = out.trim_end();
    crate::text::nfc(format!("{trimmed}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts, with each reference written back as htmd would.
    fn md(html: &str) -> String {
        let c = convert(html);
        finish(&c.markdown, |i| match &c.refs[i] {
            Reference::Image {
                src,
                alt,
                caption,
                link,
            } => {
                let img = if caption.is_empty() {
                    format!("![{}]({})", bracket_text(alt), destination(src))
                } else {
                    format!(
                        "![{}]({} \"{}\")",
                        bracket_text(alt),
                        destination(src),
                        title_text(caption)
                    )
                };
                match link {
                    Some(l) => format!("[{img}]({l})"),
                    None => img,
                }
            }
            Reference::Link { href } => destination(href),
        })
    }

    #[test]
    fn portal_markup_becomes_plain_markdown() {
        let html = r#"<p align="justify"><span style="font-family:Arial"><span style="font-size:13px"><b> Hội nghị </b>đã diễn ra&nbsp;tại&nbsp;&nbsp;xã.</span></span></p>
<p>&nbsp;</p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p><font face="Times" color="red">Chữ <i>nghiêng</i> và <strong>đậm</strong></font></p>"#;
        assert_eq!(
            md(html),
            "**Hội nghị** đã diễn ra tại xã.\n\nChữ *nghiêng* và **đậm**\n"
        );
    }

    /// The way most portals caption a photo: a centred paragraph with the
    /// picture, then one in italics. A title that only repeats the file's
    /// name is no caption.
    #[test]
    fn a_picture_then_an_italic_paragraph_is_a_captioned_picture() {
        assert_eq!(
            md(
                r#"<p>Mở đầu.</p><p style="text-align: center;" align="center"><a href="/up/Hoi-nghi-DV.jpg"><img title="Hoi nghi" src="/up/Hoi-nghi-DV-300x225.jpg" alt="" /></a></p>
<!-- ảnh --> <p align="center"><em><span style="font-size: 10pt;">Đồng chí Bí thư <b>phát biểu</b></span></em></p><p>Tiếp.</p>"#
            ),
            "Mở đầu.\n\n[![](/up/Hoi-nghi-DV-300x225.jpg \"Đồng chí Bí thư phát biểu\")](/up/Hoi-nghi-DV.jpg)\n\nTiếp.\n"
        );
        // Not a caption: a long italic paragraph, one only partly italic, or none.
        let long = "Chữ nghiêng rất dài. ".repeat(20);
        assert_eq!(
            md(&format!(
                r#"<p><img src="/a.jpg" alt="A"></p><p><em>{long}</em></p>"#
            )),
            format!("![A](/a.jpg)\n\n*{}*\n", long.trim())
        );
        assert_eq!(
            md(r#"<p><img src="/a.jpg" alt="A"></p><p><i>Ảnh:</i> Minh Châu</p>"#),
            "![A](/a.jpg)\n\n*Ảnh:* Minh Châu\n"
        );
        assert_eq!(
            md(r#"<p><img src="/a.jpg" title="Lễ ra mắt tổ"></p><p>Chữ thường.</p>"#),
            "![](/a.jpg \"Lễ ra mắt tổ\")\n\nChữ thường.\n"
        );
    }

    #[test]
    fn br_runs_are_paragraphs_and_one_br_a_line_break() {
        assert_eq!(
            md("<p>Dòng một<br><br><br>Dòng hai<br>Dòng ba<br></p>"),
            "Dòng một\n\nDòng hai\\\nDòng ba\n"
        );
        assert_eq!(md("<div>Một<br/>\n<br/>Hai</div>"), "Một\n\nHai\n");
        assert_eq!(md("<ul><li>Hai<br>tiếp</li></ul>"), "- Hai\\\n  tiếp\n");
    }

    #[test]
    fn lists_headings_quotes_and_strikethrough() {
        let out = md(
            "<h2><b>Kết quả</b></h2><ul><li>Một<ul><li>con</li></ul></li><li>Hai</li></ul><ol><li>Đầu</li><li>Sau</li></ol><blockquote><p>Trích</p></blockquote><p>Giá <del>cũ</del> mới</p>",
        );
        assert_eq!(
            out,
            "## Kết quả\n\n- Một\n  - con\n- Hai\n\n1. Đầu\n2. Sau\n\n> Trích\n\nGiá ~~cũ~~ mới\n"
        );
    }

    #[test]
    fn tables_with_and_without_th() {
        let with_th = md(
            "<table><tr><th>Năm</th><th>Số km</th></tr><tr><td>2016</td><td>2,8 | 3</td></tr></table>",
        );
        assert_eq!(
            with_th,
            "| Năm | Số km |\n| --- | --- |\n| 2016 | 2,8 \\| 3 |\n"
        );
        let bold_first_row = md(
            "<table border=1><tbody><tr><td><b>Năm</b></td><td><p><b>Số vụ</b></p></td></tr><tr><td>2016</td><td colspan=2>6</td></tr></tbody></table>",
        );
        assert_eq!(
            bold_first_row,
            "| **Năm** | **Số vụ** | |\n| --- | --- | --- |\n| 2016 | 6 | |\n"
        );
        // A table that only lays the page out is unwrapped.
        assert_eq!(
            md("<table><tr><td><p>Đoạn một.</p><p>Đoạn hai.</p></td></tr></table>"),
            "Đoạn một.\n\nĐoạn hai.\n"
        );
    }

    #[test]
    fn images_with_their_captions() {
        // figure, WordPress's rendered caption, the portals' one-image table.
        assert_eq!(
            md(
                r#"<figure class="wp-block-image"><img src="/a.jpg" alt="Hội nghị"><figcaption>Quang cảnh <em>hội nghị</em></figcaption></figure>"#
            ),
            "![Hội nghị](/a.jpg \"Quang cảnh hội nghị\")\n"
        );
        assert_eq!(
            md(
                r#"<div class="wp-caption aligncenter"><a href="/a.jpg"><img src="/a-300x200.jpg" alt=""></a><p class="wp-caption-text">Đại biểu "dự" họp</p></div>"#
            ),
            "[![](/a-300x200.jpg \"Đại biểu \\\"dự\\\" họp\")](/a.jpg)\n"
        );
        assert_eq!(
            md(
                r#"<table align="center"><tbody><tr><td><img src="anh/b.jpg" width="400"></td></tr><tr><td><em>Lãnh đạo tỉnh trao giấy khen</em></td></tr></tbody></table>"#
            ),
            "![](anh/b.jpg \"Lãnh đạo tỉnh trao giấy khen\")\n"
        );
        // Images inside links, lazy images, smileys, counters.
        assert_eq!(
            md(
                r#"<p><a href="/bai.html"><img data-src="/c.jpg" src="data:image/gif;base64,R0l" alt="C"></a></p>"#
            ),
            "[![C](/c.jpg)](/bai.html)\n"
        );
        assert_eq!(
            md(r#"<p>Vui <img class="wp-smiley" src="/s.png" alt="🙂"></p>"#),
            "Vui 🙂\n"
        );
        assert_eq!(
            md(r#"<p>Chữ<img src="http://c.statcounter.com/1/0/x/0/" width=1 height=1></p>"#),
            "Chữ\n"
        );
    }

    #[test]
    fn scripts_frames_and_chrome_are_dropped() {
        let c = convert(
            r#"<p>Đầu</p><script>var a = 1;</script><style>p{}</style><noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-1" height="0" width="0" style="display:none"></iframe></noscript><iframe src="https://www.googletagmanager.com/x" width=0 height=0></iframe><form><input name=q><button>Tìm</button></form><nav><a href="/">Trang chủ</a></nav><p>Cuối</p>"#,
        );
        assert_eq!(finish(&c.markdown, |_| String::new()), "Đầu\n\nCuối\n");
        assert!(c.refs.is_empty());
        let video = md(
            r#"<iframe src="https://www.youtube.com/embed/abc" title="Phóng sự" width="560" height="315"></iframe>"#,
        );
        assert_eq!(video, "[Phóng sự](https://www.youtube.com/embed/abc)\n");
    }

    #[test]
    fn word_and_wordpress_footnotes() {
        let word = md(
            r##"<p>Theo báo cáo<a href="#_ftn1" name="_ftnref1"><span class="MsoFootnoteReference">[1]</span></a>.</p><div id="ftn1"><p class="MsoFootnoteText"><a href="#_ftnref1" name="_ftn1">[1]</a> Báo cáo số 12-BC/BDV.</p></div>"##,
        );
        assert_eq!(word, "Theo báo cáo[^1].\n\n[^1]: Báo cáo số 12-BC/BDV.\n");
        let gutenberg = md(
            r##"<p>Câu<sup data-fn="a1" class="fn"><a href="#a1" id="a1-link">1</a></sup> hết.</p><ol class="wp-block-footnotes"><li id="a1">Ghi chú. <a href="#a1-link" aria-label="Quay lại">↩︎</a></li></ol>"##,
        );
        assert_eq!(gutenberg, "Câu[^1] hết.\n\n[^1]: Ghi chú.\n");
        assert_eq!(
            md("<p>Diện tích 200 m<sup>2</sup>, khí CO<sub>2</sub>, ngày 1<sup>st</sup></p>"),
            "Diện tích 200 m², khí CO₂, ngày 1st\n"
        );
    }

    #[test]
    fn links_text_and_markdown_characters() {
        assert_eq!(
            md(
                r##"<p>Xem <a href="/Default.aspx?tabid=85&amp;ID=12">bài <b>trước</b></a> và <a href="#">đây</a>, <a href="javascript:void(0)">in</a>.</p><p>1. Không phải danh sách; a_b *c*</p>"##
            ),
            "Xem [bài **trước**](/Default.aspx?tabid=85&ID=12) và đây, in.\n\n1\\. Không phải danh sách; a\\_b \\*c\\*\n"
        );
    }

    #[test]
    fn nesting_is_estimated_without_parsing() {
        assert_eq!(nesting("<p>Một<p>Hai <b>ba</b><br><img src=x></p>"), 1);
        assert_eq!(nesting("<div><div><span>x</span></div></div>"), 3);
        assert_eq!(nesting("<ul><li>a<ul><li>b</ul></ul>"), 2);
        assert_eq!(nesting("<table><tr><td>1<td>2<tr><td>3</table>"), 1);
        assert_eq!(
            nesting(
                "<!-- <div><div> --><script>if (a<b) { x = '<div>'; }</script><div title=\"a>b\"/>"
            ),
            0
        );
        assert_eq!(nesting("a < b, <3, <<>>, </>"), 0);
        let deep = "<span>".repeat(5000);
        assert_eq!(nesting(&deep), 5000);
    }

    /// A body nested as deep as may be read converts; deeper is refused at
    /// once, before the parser (which slows down with the square of the
    /// depth) and the converter (recursive) see it.
    #[test]
    fn deeply_nested_bodies() {
        for tag in ["span", "div", "b", "blockquote"] {
            let html = format!(
                "{}chữ{}",
                format!("<{tag}>").repeat(MAX_NESTING),
                format!("</{tag}>").repeat(MAX_NESTING)
            );
            assert!(refused(&html).is_none(), "{tag}");
            assert!(convert(&html).markdown.contains("chữ"), "{tag}");
            assert!(plain_text(&html).contains("chữ"), "{tag}");
        }
        for tag in ["span", "div", "font"] {
            let html = format!("<p>{}chữ", format!("<{tag}>").repeat(200_000));
            let why = refused(&html).unwrap();
            assert!(why.contains("about 200000 deep"), "{why}");
            assert_eq!(convert(&html).markdown, "");
            assert_eq!(plain_text(&html), "");
        }
    }

    /// Script in an article's text never becomes script in its Markdown:
    /// elements are dropped, and text that looks like HTML stays text.
    #[test]
    fn script_in_content_stays_out() {
        let out = md(
            r#"<p>A<script>alert(1)</script>B</p><p>&lt;script&gt;alert(2)&lt;/script&gt;</p><p onclick="alert(3)">C <a href="JaVaScRiPt:alert(4)">bấm</a> <a href=" javascript:alert(5)">hai</a></p><svg><script>alert(6)</script></svg><iframe srcdoc="<script>alert(7)</script>"></iframe><p>&lt;img src=x onerror=alert(8)&gt;</p>"#,
        );
        for bad in [
            "javascript:",
            "JaVaScRiPt",
            "onclick",
            "alert(1)",
            "alert(3)",
            "alert(6)",
            "alert(7)",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        // Every `<` left is escaped: Markdown shows it as the character.
        assert!(
            out.match_indices('<')
                .all(|(i, _)| out[..i].ends_with('\\')),
            "{out}"
        );
        assert!(out.contains("\\<script>alert(2)\\</script>"), "{out}");
        assert!(out.contains("AB"), "{out}");
        assert!(out.contains("bấm"), "{out}");
    }

    #[test]
    fn decomposed_vietnamese_comes_out_precomposed() {
        let nfd = "<p>Da\u{302}n va\u{323}\u{302}n</p>";
        assert_eq!(md(nfd), "Dân vận\n");
    }

    #[test]
    fn plain_text_of_titles_and_summaries() {
        assert_eq!(
            plain_text("Hội nghị &#8220;Dân vận khéo&#8221; &amp; tổng kết"),
            "Hội nghị “Dân vận khéo” & tổng kết"
        );
        assert_eq!(
            plain_text("<p>Một</p><p>Hai<br>ba <b>bốn</b></p>"),
            "Một Hai ba bốn"
        );
        assert_eq!(
            plain_text("  nhiều   khoảng\n trắng "),
            "nhiều khoảng trắng"
        );
    }

    #[test]
    fn tokens_for_every_image_and_link_in_order() {
        let c = convert(r#"<p><a href="a.html">A</a> <img src="b.jpg" alt="B"></p>"#);
        assert_eq!(
            c.refs,
            vec![
                Reference::Link {
                    href: "a.html".into()
                },
                Reference::Image {
                    src: "b.jpg".into(),
                    alt: "B".into(),
                    caption: String::new(),
                    link: None
                }
            ]
        );
        assert_eq!(finish(&c.markdown, |i| format!("<{i}>")), "[A](<0>) <1>\n");
    }
}
