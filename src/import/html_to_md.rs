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

mod handlers;
use handlers::converter;

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
            crate::slug::slugify(&crate::url::decode_percent(stem))
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
mod tests;
