//! A WordPress post's content as its export holds it, made into HTML: the
//! shortcodes (`[caption]` becomes a figure with its caption, `[gallery]` the
//! pictures it names, `[embed]`/`[video]`/`[audio]` a link; others are taken
//! out, the text between them kept) and the paragraphs WordPress adds only
//! when it shows a post (`wpautop`: a blank line is a new paragraph, a single
//! line end a line break).

use std::collections::{BTreeSet, HashMap};

/// A picture uploaded to WordPress (an `attachment` item of the export).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Attachment {
    pub(crate) url: String,
    /// Its caption (the attachment's excerpt).
    pub(crate) caption: String,
    pub(crate) alt: String,
}

/// The content of a post as HTML; `removed` collects the names of shortcodes
/// that were taken out.
pub(crate) fn content(
    raw: &str,
    attachments: &HashMap<String, Attachment>,
    removed: &mut BTreeSet<String>,
) -> String {
    let html = shortcodes(&raw.replace("\r\n", "\n"), attachments, removed);
    autop(&html)
}

/// A shortcode's opening tag: name, attributes, and whether it closed itself.
struct Open<'a> {
    name: &'a str,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    /// Bytes from `[` to `]` included.
    len: usize,
}

fn parse_open(text: &str) -> Option<Open<'_>> {
    let inner = text.strip_prefix('[')?;
    let name_len = inner
        .char_indices()
        .take_while(|(i, c)| {
            if *i == 0 {
                c.is_ascii_alphabetic() || *c == '_'
            } else {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-')
            }
        })
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &inner[..name_len];
    let mut rest = &inner[name_len..];
    if !(rest.starts_with(']') || rest.starts_with(' ') || rest.starts_with('/')) {
        return None;
    }
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/]") {
            let len = text.len() - after.len();
            return Some(Open {
                name,
                attrs,
                self_closing: true,
                len,
            });
        }
        if let Some(after) = rest.strip_prefix(']') {
            let len = text.len() - after.len();
            return Some(Open {
                name,
                attrs,
                self_closing: false,
                len,
            });
        }
        // key="value", key='value', key=value, or a bare value.
        let key_len = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == ']' || c == '/')
            .unwrap_or(rest.len());
        if key_len == 0 && !rest.starts_with(['"', '\'']) {
            return None;
        }
        let key = rest[..key_len].to_owned();
        rest = &rest[key_len..];
        if let Some(after) = rest.strip_prefix('=') {
            let (value, after) = match after.chars().next() {
                Some(q @ ('"' | '\'' | '\u{201c}' | '\u{201d}')) => {
                    let body = &after[q.len_utf8()..];
                    let end = body.find(|c| c == q || (q == '\u{201c}' && c == '\u{201d}'))?;
                    let close_len = body[end..].chars().next().map_or(1, char::len_utf8);
                    (body[..end].to_owned(), &body[end + close_len..])
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == ']')
                        .unwrap_or(after.len());
                    (after[..end].to_owned(), &after[end..])
                }
            };
            attrs.push((key.to_ascii_lowercase(), value));
            rest = after;
        } else if key.is_empty() {
            // A quoted bare value.
            let q = rest.chars().next()?;
            let body = &rest[1..];
            let end = body.find(q)?;
            attrs.push((String::new(), body[..end].to_owned()));
            rest = &body[end + 1..];
        } else {
            attrs.push((String::new(), key));
        }
        if rest.is_empty() || rest.contains('\n') && rest.find('\n') < rest.find(']') {
            return None;
        }
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

const MEDIA: [&str; 6] = ["embed", "video", "audio", "youtube", "playlist", "wpvideo"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Replaces the shortcodes of a text.
fn shortcodes(
    text: &str,
    attachments: &HashMap<String, Attachment>,
    removed: &mut BTreeSet<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let here = &rest[i..];
        // `[[gallery]]` is WordPress's way of writing a shortcode as text.
        if here.starts_with("[[")
            && let Some(open) = parse_open(&here[1..])
            && here[1 + open.len..].starts_with(']')
        {
            out.push_str(&here[1..=open.len]);
            rest = &here[open.len + 2..];
            continue;
        }
        let Some(open) = parse_open(here) else {
            out.push('[');
            rest = &here[1..];
            continue;
        };
        let closing = format!("[/{}]", open.name);
        let after_open = &here[open.len..];
        let enclosed = if open.self_closing {
            None
        } else {
            after_open.find(&closing).map(|j| &after_open[..j])
        };
        let name = open.name.to_ascii_lowercase();
        let known = matches!(name.as_str(), "caption" | "wp_caption" | "gallery")
            || MEDIA.contains(&name.as_str());
        // Square brackets around plain words (`[Ảnh minh họa]`, `[xem thêm]`) are text.
        if !known
            && enclosed.is_none()
            && !open.attrs.iter().any(|(k, _)| !k.is_empty())
            && !open.self_closing
        {
            out.push('[');
            rest = &here[1..];
            continue;
        }
        let consumed = open.len + enclosed.map_or(0, |e| e.len() + closing.len());
        let inner = enclosed.unwrap_or_default();
        match name.as_str() {
            "caption" | "wp_caption" => out.push_str(&caption(&open.attrs, inner)),
            "gallery" => out.push_str(&gallery(&open.attrs, attachments, removed)),
            m if MEDIA.contains(&m) => {
                let url = attr(&open.attrs, "src")
                    .or_else(|| attr(&open.attrs, "mp4"))
                    .or_else(|| attr(&open.attrs, "mp3"))
                    .or_else(|| attr(&open.attrs, "url"))
                    .or_else(|| attr(&open.attrs, ""))
                    .map(str::to_owned)
                    .unwrap_or_else(|| inner.trim().to_owned());
                if url.starts_with("http") || url.starts_with('/') {
                    out.push_str(&format!(
                        "\n\n<p><a href=\"{0}\">{0}</a></p>\n\n",
                        escape(&url)
                    ));
                } else {
                    removed.insert(name.clone());
                }
            }
            _ => {
                removed.insert(name.clone());
                out.push_str(&shortcodes(inner, attachments, removed));
            }
        }
        rest = &here[consumed..];
    }
    out.push_str(rest);
    out
}

/// `[caption id="attachment_12" align="aligncenter" width="300"]<img .../> Text[/caption]`.
fn caption(attrs: &[(String, String)], inner: &str) -> String {
    // The picture (maybe inside a link) comes first; the rest is the caption.
    let lower = inner.to_ascii_lowercase();
    let img_start = lower.find("<img");
    let picture_end = img_start.and_then(|s| {
        let img_end = lower[s..].find('>')? + s + 1;
        Some(match lower[img_end..].trim_start().strip_prefix("</a>") {
            Some(after) => lower.len() - after.len(),
            None => img_end,
        })
    });
    let (picture, text) = match (img_start, picture_end) {
        (Some(s), Some(e)) => {
            // An `<a>` just before the picture belongs to it.
            let start = lower[..s]
                .rfind("<a ")
                .filter(|a| lower[*a..s].contains('>'))
                .unwrap_or(s);
            (
                &inner[start..e],
                format!("{}{}", &inner[..start], &inner[e..]),
            )
        }
        _ => ("", inner.to_owned()),
    };
    let text = match attr(attrs, "caption") {
        Some(c) if text.trim().is_empty() => c.to_owned(),
        _ => text,
    };
    format!(
        "\n\n<figure>{picture}<figcaption>{}</figcaption></figure>\n\n",
        text.trim()
    )
}

/// `[gallery ids="12,13"]`: the pictures it names, each with its caption.
fn gallery(
    attrs: &[(String, String)],
    attachments: &HashMap<String, Attachment>,
    removed: &mut BTreeSet<String>,
) -> String {
    let ids: Vec<&str> = attr(attrs, "ids")
        .or_else(|| attr(attrs, "include"))
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = String::new();
    for id in ids {
        match attachments.get(id) {
            Some(a) => out.push_str(&format!(
                "\n\n<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n\n",
                escape(&a.url),
                escape(&a.alt),
                escape(&a.caption)
            )),
            None => {
                removed.insert("gallery".to_owned());
            }
        }
    }
    if out.is_empty() {
        removed.insert("gallery".to_owned());
    }
    out
}

/// Elements a paragraph cannot hold: text between them is not wrapped.
const BLOCKS: [&str; 38] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dd",
    "dt",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "form",
    "section",
    "article",
    "header",
    "footer",
    "address",
    "iframe",
    "script",
    "style",
    "center",
    "!--",
];

/// Elements whose content spans blank lines without being paragraphs.
const CONTAINERS: [&str; 10] = [
    "table",
    "ul",
    "ol",
    "dl",
    "pre",
    "blockquote",
    "div",
    "figure",
    "script",
    "style",
];

fn starts_with_block(chunk: &str) -> bool {
    let lower = chunk.trim_start().to_ascii_lowercase();
    let Some(tag) = lower.strip_prefix('<') else {
        return false;
    };
    let tag = tag.trim_start_matches('/');
    BLOCKS.iter().any(|b| {
        tag.starts_with(b)
            && tag[b.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// How many containers a chunk opens minus those it closes.
fn depth_change(chunk: &str) -> i64 {
    let lower = chunk.to_ascii_lowercase();
    let count = |pattern: &str| {
        lower
            .match_indices(pattern)
            .filter(|(i, _)| {
                lower[i + pattern.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphanumeric())
            })
            .count() as i64
    };
    CONTAINERS
        .iter()
        .map(|t| count(&format!("<{t}")) - count(&format!("</{t}")))
        .sum()
}

/// Puts a blank line before every block element's start tag and after its
/// end tag, as WordPress does, so text next to a list or a table is a
/// paragraph of its own.
fn separate_blocks(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut last = 0;
    let mut i = 0;
    while let Some(j) = lower[i..].find('<') {
        let at = i + j;
        let rest = &lower[at + 1..];
        let closing = rest.starts_with('/');
        let name_start = if closing { &rest[1..] } else { rest };
        let name_len = name_start
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name_start.len());
        let name = &name_start[..name_len];
        let is_block = !name.is_empty() && BLOCKS.contains(&name);
        if is_block && !closing {
            out.push_str(&html[last..at]);
            out.push_str("\n\n");
            last = at;
        } else if is_block && let Some(end) = lower[at..].find('>') {
            let end = at + end + 1;
            out.push_str(&html[last..end]);
            out.push_str("\n\n");
            last = end;
            i = end;
            continue;
        }
        i = at + 1;
    }
    out.push_str(&html[last..]);
    out
}

/// WordPress's paragraphs: text between blank lines becomes `<p>`, a single
/// line end `<br>`; blocks written as HTML (and what is inside them) are left.
pub(crate) fn autop(html: &str) -> String {
    if !html.contains('\n') && starts_with_block(html) {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut depth: i64 = 0;
    let normalized = separate_blocks(&html.replace("\r\n", "\n"));
    let mut chunks: Vec<&str> = Vec::new();
    let mut start = 0;
    let bytes = normalized.as_bytes();
    let mut i = 0;
    // Split on lines that are blank (spaces allowed).
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                chunks.push(&normalized[start..i]);
                while j < bytes.len() && matches!(bytes[j], b'\n' | b' ' | b'\t') {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    chunks.push(&normalized[start..]);
    for chunk in chunks {
        let trimmed = chunk.trim();
        if trimmed.is_empty() {
            continue;
        }
        if depth > 0 || starts_with_block(trimmed) {
            out.push_str(trimmed);
        } else {
            out.push_str("<p>");
            out.push_str(&trimmed.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push('\n');
        depth = (depth + depth_change(trimmed)).max(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(raw: &str) -> (String, BTreeSet<String>) {
        let mut attachments = HashMap::new();
        attachments.insert(
            "12".to_owned(),
            Attachment {
                url: "http://xa.vn/wp-content/uploads/2017/07/a.jpg".into(),
                caption: "Ảnh A".into(),
                alt: "A".into(),
            },
        );
        let mut removed = BTreeSet::new();
        (content(raw, &attachments, &mut removed), removed)
    }

    #[test]
    fn paragraphs_as_wordpress_shows_them() {
        let (h, _) = html(
            "Đoạn một\ndòng hai\n\nĐoạn <b>ba</b>\n\n<h2>Tiêu đề</h2>\n<table>\n<tr><td>1</td></tr>\n\n<tr><td>2</td></tr>\n</table>\n\nCuối",
        );
        assert_eq!(
            h,
            "<p>Đoạn một<br>\ndòng hai</p>\n<p>Đoạn <b>ba</b></p>\n<h2>Tiêu đề</h2>\n<table>\n<tr>\n<td>1</td>\n</tr>\n<tr>\n<td>2</td>\n</tr>\n</table>\n<p>Cuối</p>\n"
        );
        // Text beside a list is a paragraph; the list's lines are not line breaks.
        let (h, _) =
            html("<span>Mở đầu:</span>\n<ul>\n <li>một</li>\n <li>hai</li>\n</ul>\nSau danh sách");
        assert_eq!(
            h,
            "<p><span>Mở đầu:</span></p>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>\n<p>Sau danh sách</p>\n"
        );
        // Content already in paragraphs (the block editor) is left alone.
        let (h, _) = html("<!-- wp:paragraph -->\n<p>Một</p>\n<!-- /wp:paragraph -->");
        assert_eq!(
            h,
            "<!-- wp:paragraph -->\n<p>Một</p>\n<!-- /wp:paragraph -->\n"
        );
    }

    #[test]
    fn captions_become_figures() {
        let (h, _) = html(
            "[caption id=\"attachment_12\" align=\"aligncenter\" width=\"300\"]<a href=\"http://xa.vn/a.jpg\"><img class=\"size-medium wp-image-12\" src=\"http://xa.vn/a-300x200.jpg\" alt=\"\" width=\"300\" /></a> Quang cảnh hội nghị[/caption]\nSau đó",
        );
        assert_eq!(
            h.replace('\n', ""),
            "<figure><a href=\"http://xa.vn/a.jpg\"><img class=\"size-medium wp-image-12\" src=\"http://xa.vn/a-300x200.jpg\" alt=\"\" width=\"300\" /></a><figcaption>Quang cảnh hội nghị</figcaption></figure><p>Sau đó</p>"
        );
        let (h, _) = html("[caption caption=\"Chú thích cũ\"]<img src=\"b.jpg\" />[/caption]");
        assert!(h.contains("<figcaption>Chú thích cũ</figcaption>"), "{h}");
    }

    #[test]
    fn galleries_media_and_other_shortcodes() {
        let (h, removed) = html(
            "[gallery ids=\"12, 99\" columns=\"3\"]\n\n[embed]https://www.youtube.com/watch?v=abc[/embed]\n\n[vc_row][vc_column_text]Nội dung giữ lại[/vc_column_text][/vc_row]\n\n[contact-form-7 id=\"5\" title=\"Liên hệ\"]\n\n[Ảnh minh họa] [xem thêm] [1] [[gallery]]",
        );
        assert!(h.replace('\n', "").contains("<figure><img src=\"http://xa.vn/wp-content/uploads/2017/07/a.jpg\" alt=\"A\"><figcaption>Ảnh A</figcaption></figure>"), "{h}");
        assert!(h.contains("<p><a href=\"https://www.youtube.com/watch?v=abc\">https://www.youtube.com/watch?v=abc</a></p>"), "{h}");
        assert!(h.contains("<p>Nội dung giữ lại</p>"), "{h}");
        assert!(!h.contains("contact-form"), "{h}");
        assert!(
            h.contains("<p>[Ảnh minh họa] [xem thêm] [1] [gallery]</p>"),
            "{h}"
        );
        assert_eq!(
            removed.into_iter().collect::<Vec<_>>(),
            ["contact-form-7", "gallery", "vc_column_text", "vc_row"]
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\\[\\]a-z =\"/<>\n]{0,60}") {
            let _ = html(&s);
        }
    }
}
