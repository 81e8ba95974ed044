//! A small XML tree for the export files `kheo import` reads (WordPress WXR,
//! RSS, Atom): elements with their namespace, attributes, text and the line
//! and column they start at, so a problem can point into the file. A file
//! that is not well-formed — an export cut off half-way — is an error at the
//! place the reader stopped.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// Namespaces an export uses, by URI.
pub(crate) const WP_PREFIX: &str = "http://wordpress.org/export/";
pub(crate) const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
pub(crate) const DC: &str = "http://purl.org/dc/elements/1.1/";
pub(crate) const ATOM: &str = "http://www.w3.org/2005/Atom";
pub(crate) const MEDIA: &str = "http://search.yahoo.com/mrss/";

/// An element.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    /// The namespace URI (empty when none).
    pub(crate) ns: String,
    /// The local name: `item`, `post_date`.
    pub(crate) name: String,
    /// Attributes by local name, in the order written.
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
    /// 1-based line and column of its `<`.
    pub(crate) line: usize,
    pub(crate) column: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

/// Why a file is not well-formed XML, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl Element {
    /// Whether its namespace is `ns`, or a WordPress export namespace when
    /// `ns` is [`WP_PREFIX`] (`.../export/1.1/`, `.../export/1.2/`).
    pub(crate) fn is(&self, ns: &str, name: &str) -> bool {
        self.name == name
            && (self.ns == ns
                || (ns == WP_PREFIX
                    && self.ns.starts_with(WP_PREFIX)
                    && !self.ns.contains("/excerpt")))
    }

    /// The child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child called `name` in namespace `ns`.
    pub(crate) fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// Every child called `name` in namespace `ns`.
    pub(crate) fn all<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.is(ns, name))
    }

    /// The text of a child, trimmed (empty when there is none).
    pub(crate) fn child_text(&self, ns: &str, name: &str) -> String {
        self.child(ns, name)
            .map(|e| e.text().trim().to_owned())
            .unwrap_or_default()
    }

    /// All text inside, CDATA included.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut at = offset;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Line and column of offsets met in increasing order, each found by
/// reading on from the previous one: an export of 10,000 articles holds
/// hundreds of thousands of elements, and counting lines from the start of
/// the file for each would take as long as the square of its size.
struct Positions<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        Positions {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    fn at(&mut self, offset: u64) -> (usize, usize) {
        let mut to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        if to < self.offset {
            return position(self.text, to);
        }
        for c in self.text[self.offset..to].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = to;
        (self.line, self.column)
    }
}

/// How deep elements may nest (an export needs about five levels).
pub(crate) const MAX_DEPTH: usize = 256;

/// Parses a whole document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut positions = Positions::new(text);
    let error_at = |offset: u64, message: String| {
        let (line, column) = position(text, usize::try_from(offset).unwrap_or(usize::MAX));
        XmlError {
            line,
            column,
            message,
        }
    };
    // Open elements; the bottom one collects the root.
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let start = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (namespace(&ns), event),
            Err(e) => {
                return Err(error_at(
                    reader.error_position(),
                    crate::msg!("xml.not-well-formed", error = e),
                ));
            }
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let (line, column) = positions.at(start);
                let mut element = Element {
                    ns,
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    line,
                    column,
                    ..Element::default()
                };
                for a in e.attributes() {
                    let a = a.map_err(|err| {
                        error_at(start, crate::msg!("xml.attributes", error = err))
                    })?;
                    let value = a.unescape_value().map_err(|err| {
                        error_at(start, crate::msg!("xml.attribute-value", error = err))
                    })?;
                    element.attrs.push((
                        String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                        value.into_owned(),
                    ));
                }
                // An empty element is complete at once; a start tag waits for its end.
                if empty {
                    attach(&mut stack, Node::Element(element));
                } else if stack.len() > MAX_DEPTH {
                    // No export nests this deep; a file that does is built
                    // to exhaust the reader (the tree is walked recursively).
                    return Err(error_at(
                        start,
                        crate::msg!("xml.too-deep", max = MAX_DEPTH),
                    ));
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                // check_end_names guarantees it matches the open element.
                if stack.len() > 1
                    && let Some(done) = stack.pop()
                {
                    attach(&mut stack, Node::Element(done));
                }
            }
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|err| error_at(start, crate::msg!("xml.text", error = err)))?;
                attach(&mut stack, Node::Text(s.into_owned()));
            }
            Event::CData(c) => {
                let s = String::from_utf8_lossy(&c.into_inner()).replace("\r\n", "\n");
                attach(&mut stack, Node::Text(s));
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    match name.as_str() {
                        "amp" => Some("&".to_owned()),
                        "lt" => Some("<".to_owned()),
                        "gt" => Some(">".to_owned()),
                        "quot" => Some("\"".to_owned()),
                        "apos" => Some("'".to_owned()),
                        // HTML entities are common in hand-made feeds: keep them for the HTML parser.
                        _ => Some(format!("&{name};")),
                    }
                };
                match resolved {
                    Some(s) => attach(&mut stack, Node::Text(s)),
                    None => {
                        return Err(error_at(start, crate::msg!("xml.bad-reference")));
                    }
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() > 1 {
        let open = stack
            .last()
            .map(|e| (e.name.clone(), e.line))
            .unwrap_or_default();
        return Err(error_at(
            text.len() as u64,
            crate::msg!("xml.cut-off", element = open.0, line = open.1),
        ));
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| error_at(0, crate::msg!("xml.no-element")))
}

fn attach(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        // Adjacent text pieces (split at entity references) become one.
        if let (Node::Text(t), Some(Node::Text(prev))) = (&node, parent.children.last_mut()) {
            prev.push_str(t);
            return;
        }
        parent.children.push(node);
    }
}

fn namespace(ns: &ResolveResult) -> String {
    match ns {
        ResolveResult::Bound(n) => String::from_utf8_lossy(n.as_ref()).into_owned(),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_text_and_positions() {
        let doc = "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n  <item a=\"1 &amp; 2\">\n    <wp:post_id>12</wp:post_id>\n    <content:encoded><![CDATA[<p>Xin chào</p>]]></content:encoded>\n    <title>A &amp; B &#7843; &nbsp;</title><empty/>\n  </item>\n</channel></rss>";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "rss");
        let item = root
            .child("", "channel")
            .unwrap()
            .child("", "item")
            .unwrap();
        assert_eq!((item.line, item.column), (4, 3));
        assert_eq!(item.attr("a"), Some("1 & 2"));
        assert_eq!(item.child_text(WP_PREFIX, "post_id"), "12");
        assert_eq!(item.child_text(CONTENT, "encoded"), "<p>Xin chào</p>");
        assert_eq!(item.child_text("", "title"), "A & B ả &nbsp;");
        assert!(
            item.child("", "empty")
                .is_some_and(|e| e.children.is_empty())
        );
        assert!(item.child("", "post_id").is_none());
    }

    #[test]
    fn a_file_cut_off_half_way_is_an_error_at_its_end() {
        let doc = "<rss>\n<channel>\n<item><title>A</title></item>\n<item><title>B</ti";
        let e = parse(doc).unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        let doc = "<rss>\n<channel>\n<item><title>A</title></item>\n";
        let e = parse(doc).unwrap_err();
        assert_eq!((e.line, e.column), (4, 1));
        assert!(
            e.message.contains("`<channel>` (opened on line 2)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn mismatched_tags_are_an_error_where_they_are() {
        let e = parse("<rss>\n  <channel>\n  </item>\n</rss>").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(parse("").is_err());
        assert!(parse("just text").is_err());
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\nđường x", 3 + "đường".len()), (2, 6));
        let text = "ab\nđường x\n\n  y";
        let mut p = Positions::new(text);
        for offset in [0, 2, 3, 3 + "đường".len(), text.len() - 1, text.len()] {
            assert_eq!(p.at(offset as u64), position(text, offset), "{offset}");
        }
        // Backwards (an error before the last element) still answers right.
        assert_eq!(p.at(1), (1, 2));
    }

    /// Entities declared in a DOCTYPE are never expanded: the "billion
    /// laughs" file stays as small as it was written.
    #[test]
    fn declared_entities_are_not_expanded() {
        let mut doc =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY l0 \"ha\">\n");
        for i in 1..10 {
            let p = i - 1;
            doc.push_str(&format!(
                "<!ENTITY l{i} \"&l{p};&l{p};&l{p};&l{p};&l{p};&l{p};&l{p};&l{p};&l{p};&l{p};\">\n"
            ));
        }
        doc.push_str("<!ENTITY ext SYSTEM \"file:///nowhere/kheo-test\">\n]>\n<rss><channel><title>&l9;&ext;</title></channel></rss>");
        let root = parse(&doc).unwrap();
        let title = root.child("", "channel").unwrap().child_text("", "title");
        assert_eq!(title, "&l9;&ext;");
    }

    #[test]
    fn elements_nested_without_end_are_refused() {
        let deep = format!("<rss>{}</rss>", "<a>".repeat(100_000));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested more than 256 deep"), "{e:?}");
        assert_eq!((e.line, e.column), (1, 6 + 3 * (MAX_DEPTH - 1)));
        let fine = format!("<rss>{}{}</rss>", "<a>".repeat(200), "</a>".repeat(200));
        assert!(parse(&fine).is_ok());
    }

    /// Large exports are read in time proportional to their size.
    #[test]
    fn a_large_export_is_read_in_linear_time() {
        let item = "<item>\n  <title>Bài</title>\n  <link>http://x.vn/?p=1</link>\n  <content:encoded><![CDATA[<p>Nội dung</p>]]></content:encoded>\n</item>\n";
        let doc = format!(
            "<rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\n{}</channel></rss>",
            item.repeat(40_000)
        );
        let started = std::time::Instant::now();
        let root = parse(&doc).unwrap();
        let items: Vec<&Element> = root.child("", "channel").unwrap().all("", "item").collect();
        assert_eq!(items.len(), 40_000);
        assert_eq!(items[39_999].line, 2 + 5 * 39_999);
        // Quadratic line counting took minutes here; linear takes about a second.
        assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    }
}
