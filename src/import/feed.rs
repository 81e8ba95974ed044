//! An RSS 2.0 or Atom feed saved as a file: each item an article, with its
//! full text when the feed carries it (`content:encoded`, Atom `content`),
//! else its description or summary — imported with a warning, since that is
//! only the start of the article.

use super::dates;
use super::entry::{Entry, Source};
use super::html_to_md::plain_text;
use super::urls::Url;
use super::xml::{ATOM, CONTENT, DC, Element, MEDIA, Node};

/// Summaries longer than this are cut at a word (feeds often put the whole
/// text, or its first screen, in the description).
const SUMMARY_CHARS: usize = 320;

pub(crate) fn read_rss(file: &str, root: &Element) -> Source {
    let mut source = Source {
        kind: crate::msg!("import.kind.rss"),
        ..Source::default()
    };
    let Some(channel) = root.child("", "channel") else {
        return source;
    };
    source.add_host(Url::absolute(&channel.child_text("", "link")).and_then(|u| u.host));
    for item in channel.all("", "item") {
        let mut e = Entry {
            file: file.to_owned(),
            line: item.line,
            column: item.column,
            title: plain_text(&item.child_text("", "title")),
            ..Entry::default()
        };
        let date = [item.child_text("", "pubDate"), item.child_text(DC, "date")]
            .into_iter()
            .find(|d| !d.is_empty())
            .unwrap_or_default();
        e.date = dates::read(&date);
        if e.date.is_none() {
            e.date_text = Some(date);
        }
        let author = [
            item.child_text(DC, "creator"),
            item.child_text("", "author"),
        ]
        .into_iter()
        .find(|a| !a.is_empty())
        .unwrap_or_default();
        e.author = Some(plain_text(&author)).filter(|a| !a.is_empty());
        let link = Url::absolute(&item.child_text("", "link"));
        let guid = Url::absolute(&item.child_text("", "guid"));
        e.keep_addresses(link, guid, &source.hosts);
        e.tags = item
            .all("", "category")
            .map(|c| plain_text(&c.text()))
            .filter(|t| !t.is_empty())
            .collect();
        let full = item.child_text(CONTENT, "encoded");
        let description = item.child_text("", "description");
        body(&mut e, full, description);
        e.cover = cover(item);
        source.entries.push(e);
    }
    source
}

pub(crate) fn read_atom(file: &str, root: &Element) -> Source {
    let mut source = Source {
        kind: crate::msg!("import.kind.atom"),
        ..Source::default()
    };
    source.add_host(alternate(root).and_then(|u| u.host));
    for entry in root.all(ATOM, "entry") {
        let mut e = Entry {
            file: file.to_owned(),
            line: entry.line,
            column: entry.column,
            title: entry
                .child(ATOM, "title")
                .map(atom_text)
                .map(|t| plain_text(&t))
                .unwrap_or_default(),
            ..Entry::default()
        };
        let date = [
            entry.child_text(ATOM, "published"),
            entry.child_text(ATOM, "updated"),
        ]
        .into_iter()
        .find(|d| !d.is_empty())
        .unwrap_or_default();
        e.date = dates::read(&date);
        if e.date.is_none() {
            e.date_text = Some(date);
        }
        e.author = entry
            .child(ATOM, "author")
            .map(|a| plain_text(&a.child_text(ATOM, "name")))
            .filter(|a| !a.is_empty());
        let link = alternate(entry);
        let id = Url::absolute(&entry.child_text(ATOM, "id"));
        e.keep_addresses(link, id, &source.hosts);
        e.tags = entry
            .all(ATOM, "category")
            .filter_map(|c| c.attr("label").or(c.attr("term")).map(plain_text))
            .filter(|t| !t.is_empty())
            .collect();
        let full = entry
            .child(ATOM, "content")
            .map(atom_text)
            .unwrap_or_default();
        let summary = entry
            .child(ATOM, "summary")
            .map(atom_text)
            .unwrap_or_default();
        body(&mut e, full, summary);
        e.cover = cover(entry);
        source.entries.push(e);
    }
    source
}

/// The page of a feed or entry: its `<link rel="alternate">` (or a link without `rel`).
fn alternate(element: &Element) -> Option<Url> {
    element
        .all(ATOM, "link")
        .find(|l| matches!(l.attr("rel"), None | Some("alternate")))
        .and_then(|l| l.attr("href"))
        .and_then(Url::absolute)
}

/// The full text when the feed has it; else the summary, with a warning.
fn body(e: &mut Entry, full: String, summary: String) {
    if full.trim().is_empty() {
        e.html = summary;
        e.warnings.push(crate::msg!("import.summary-only"));
        return;
    }
    let text = plain_text(&summary);
    let text = text
        .trim_end_matches("[…]")
        .trim_end_matches("[...]")
        .trim_end_matches("[&#8230;]")
        .trim_end()
        .to_owned();
    // A description that only repeats the start of the text adds nothing.
    if !text.is_empty() && !plain_text(&full).starts_with(text.trim_end_matches('…')) {
        e.summary = Some(cut(&text, SUMMARY_CHARS));
    }
    e.html = full;
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', ';', ':', '.']))
}

/// An Atom text construct as HTML: `type="html"` as it is, `xhtml` written
/// back from its elements, `text` escaped.
fn atom_text(element: &Element) -> String {
    match element.attr("type") {
        Some("html") => element.text(),
        Some("xhtml") => {
            let mut out = String::new();
            for n in &element.children {
                write_html(n, &mut out);
            }
            out
        }
        _ => {
            let t = element.text();
            if element.name == "title" {
                t
            } else {
                t.split("\n\n")
                    .map(|p| format!("<p>{}</p>", escape(p.trim())))
                    .collect()
            }
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_html(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(&escape(t)),
        Node::Element(e) => {
            out.push('<');
            out.push_str(&e.name);
            for (k, v) in &e.attrs {
                out.push_str(&format!(" {k}=\"{}\"", escape(v)));
            }
            out.push('>');
            for c in &e.children {
                write_html(c, out);
            }
            out.push_str(&format!("</{}>", e.name));
        }
    }
}

/// A picture attached to an item: an image `<enclosure>`, `<media:content>`
/// or `<media:thumbnail>`.
fn cover(item: &Element) -> Option<String> {
    let is_image = |e: &&Element| {
        e.attr("type").is_none_or(|t| t.starts_with("image/")) || e.attr("medium") == Some("image")
    };
    item.all("", "enclosure")
        .filter(|e| e.attr("type").is_some_and(|t| t.starts_with("image/")))
        .chain(item.all(MEDIA, "content").filter(is_image))
        .chain(item.all(MEDIA, "thumbnail"))
        .chain(item.all(ATOM, "link").filter(|l| {
            l.attr("rel") == Some("enclosure")
                && l.attr("type").is_some_and(|t| t.starts_with("image/"))
        }))
        .find_map(|e| e.attr("url").or(e.attr("href")).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::parse;

    #[test]
    fn rss_items_with_and_without_their_text() {
        let feed = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Ban Dân vận</title><link>https://danvan.example.vn/</link>
<item><title>Bài đủ</title><link>https://danvan.example.vn/tin-tuc/bai-du.html</link><pubDate>Fri, 16 Aug 2024 03:03:00 +0000</pubDate>
<dc:creator>Thu Hà</dc:creator><category>Dân vận khéo</category>
<description>Mở đầu bài viết khác hẳn nội dung.</description>
<content:encoded><![CDATA[<p>Toàn văn.</p>]]></content:encoded>
<enclosure url="https://danvan.example.vn/anh/a.jpg" type="image/jpeg" length="1"/></item>
<item><title>Bài tóm tắt</title><link>https://danvan.example.vn/tin-tuc/tom-tat.html</link><pubDate>hôm qua</pubDate>
<description>&lt;p&gt;Chỉ có tóm tắt.&lt;/p&gt;</description></item>
</channel></rss>"#;
        let s = read_rss("feed.xml", &parse(feed).unwrap());
        assert_eq!(s.hosts, ["danvan.example.vn"]);
        let full = &s.entries[0];
        assert_eq!(full.html, "<p>Toàn văn.</p>");
        assert_eq!(
            full.summary.as_deref(),
            Some("Mở đầu bài viết khác hẳn nội dung.")
        );
        assert!(full.warnings.is_empty());
        assert_eq!(full.author.as_deref(), Some("Thu Hà"));
        assert_eq!(full.tags, ["Dân vận khéo"]);
        assert_eq!(
            full.cover.as_deref(),
            Some("https://danvan.example.vn/anh/a.jpg")
        );
        assert_eq!(full.old_urls[0].alias(), "/tin-tuc/bai-du.html");
        assert!(full.date.is_some());
        let short = &s.entries[1];
        assert_eq!(short.html, "<p>Chỉ có tóm tắt.</p>");
        assert!(short.warnings[0].contains("only a summary"));
        assert_eq!(short.date, None);
        assert_eq!(short.date_text.as_deref(), Some("hôm qua"));
    }

    #[test]
    fn atom_entries_in_html_and_xhtml() {
        let feed = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title><link href="https://xa.example.vn/"/>
<entry><title type="html">A &amp;amp; B</title><link rel="alternate" href="https://xa.example.vn/a/"/><id>tag:xa,2024:1</id>
<published>2024-08-16T10:03:00+07:00</published><author><name>Lan</name></author><category term="tin" label="Tin tức"/>
<summary>Tóm tắt riêng.</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Đoạn <b>đậm</b> &amp; xong.</p></div></content></entry>
</feed>"#;
        let s = read_atom("atom.xml", &parse(feed).unwrap());
        assert_eq!(s.hosts, ["xa.example.vn"]);
        let e = &s.entries[0];
        assert_eq!(e.title, "A & B");
        assert_eq!(
            e.html,
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Đoạn <b>đậm</b> &amp; xong.</p></div>"
        );
        assert_eq!(e.summary.as_deref(), Some("Tóm tắt riêng."));
        assert_eq!(e.tags, ["Tin tức"]);
        assert_eq!(e.author.as_deref(), Some("Lan"));
        assert_eq!(e.old_urls.len(), 1);
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let long = "từ ".repeat(200);
        let c = cut(long.trim(), 20);
        assert_eq!(c, "từ từ từ từ từ từ từ…");
    }
}
